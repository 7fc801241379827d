package fi.mokadesk.channel.email;

import fi.mokadesk.channel.OutboundAddresses;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Properties;
import javax.net.ssl.SSLException;
import org.springframework.stereotype.Component;

/**
 * Connections to a channel's IMAP and SMTP servers, with timeouts, and the reasons a connection failed in
 * words an admin understands (Finnish / English), e.g. "IMAP-kirjautuminen epäonnistui: väärä salasana".
 * Servers on private addresses are refused unless {@code MOKADESK_ALLOW_PRIVATE_URLS} allows them.
 */
@Component
class MailServers {

    static final int CONNECT_TIMEOUT_MS = 10_000;
    static final int READ_TIMEOUT_MS = 60_000;

    private final OutboundAddresses addresses;

    MailServers(OutboundAddresses addresses) {
        this.addresses = addresses;
    }

    /** A connected IMAP store; the caller closes it. */
    Store imap(EmailSettings s) throws MessagingException, UnknownHostException {
        return imap(s, READ_TIMEOUT_MS);
    }

    /**
     * A connected IMAP store whose reads wait up to {@code readTimeoutMs}: an IDLE connection is silent
     * until the server has news, so it needs longer than a command does.
     */
    Store imap(EmailSettings s, int readTimeoutMs) throws MessagingException, UnknownHostException {
        addresses.resolve(s.imapHost());
        Properties p = new Properties();
        String protocol = s.imapSecurity().equals("ssl") ? "imaps" : "imap";
        p.setProperty("mail." + protocol + ".connectiontimeout", Integer.toString(CONNECT_TIMEOUT_MS));
        p.setProperty("mail." + protocol + ".timeout", Integer.toString(readTimeoutMs));
        p.setProperty("mail." + protocol + ".writetimeout", Integer.toString(READ_TIMEOUT_MS));
        // Whole mails are fetched in big pieces: far fewer round trips than the default 16 kB.
        p.setProperty("mail." + protocol + ".fetchsize", Integer.toString(1024 * 1024));
        if (s.imapSecurity().equals("ssl")) p.setProperty("mail.imaps.ssl.checkserveridentity", "true");
        if (s.imapSecurity().equals("starttls")) {
            p.setProperty("mail.imap.starttls.enable", "true");
            p.setProperty("mail.imap.starttls.required", "true");
            p.setProperty("mail.imap.ssl.checkserveridentity", "true");
        }
        Store store = Session.getInstance(p).getStore(protocol);
        store.connect(s.imapHost(), s.imapPort(), s.username(), s.password());
        return store;
    }

    /** A session and a connected SMTP transport; the caller closes it. */
    Transport smtp(Session session, EmailSettings s) throws MessagingException, UnknownHostException {
        addresses.resolve(s.smtpHost());
        Transport transport = session.getTransport(s.smtpSecurity().equals("ssl") ? "smtps" : "smtp");
        if (s.smtpUsername() != null && s.smtpPassword() != null) {
            transport.connect(s.smtpHost(), s.smtpPort(), s.smtpUsername(), s.smtpPassword());
        } else {
            transport.connect(s.smtpHost(), s.smtpPort(), null, null);
        }
        return transport;
    }

    Session smtpSession(EmailSettings s) {
        Properties p = new Properties();
        String protocol = s.smtpSecurity().equals("ssl") ? "smtps" : "smtp";
        p.setProperty("mail." + protocol + ".connectiontimeout", Integer.toString(CONNECT_TIMEOUT_MS));
        p.setProperty("mail." + protocol + ".timeout", Integer.toString(READ_TIMEOUT_MS));
        p.setProperty("mail." + protocol + ".writetimeout", Integer.toString(READ_TIMEOUT_MS));
        p.setProperty(
                "mail." + protocol + ".auth", Boolean.toString(s.smtpUsername() != null && s.smtpPassword() != null));
        p.setProperty("mail." + protocol + ".from", s.fromAddress() == null ? "" : s.fromAddress());
        if (s.smtpSecurity().equals("ssl")) p.setProperty("mail.smtps.ssl.checkserveridentity", "true");
        if (s.smtpSecurity().equals("starttls")) {
            p.setProperty("mail.smtp.starttls.enable", "true");
            p.setProperty("mail.smtp.starttls.required", "true");
            p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        }
        return Session.getInstance(p);
    }

    /** Why connecting to {@code server} ("IMAP" or "SMTP") failed, in Finnish and English. */
    static String explain(String server, String host, int port, Exception e) {
        Throwable cause = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException
                    || t instanceof ConnectException
                    || t instanceof SocketTimeoutException
                    || t instanceof SSLException) {
                cause = t;
                break;
            }
        }
        if (e instanceof AuthenticationFailedException) {
            return server + "-kirjautuminen epäonnistui: väärä salasana tai käyttäjätunnus / " + server
                    + " sign-in failed: wrong password or user name";
        }
        if (e instanceof FolderNotFoundException) {
            return "IMAP-kansiota ei löydy postilaatikosta / The IMAP folder does not exist in the mailbox: "
                    + e.getMessage();
        }
        if (cause instanceof OutboundAddresses.Refused refused) {
            return server + "-palvelimen osoite ei ole sallittu / The " + server + " server's address is not allowed: "
                    + refused.getMessage();
        }
        if (cause instanceof UnknownHostException) {
            return server + "-palvelinta " + host + " ei löydy / " + server + " server " + host + " not found";
        }
        if (cause instanceof ConnectException) {
            return server + "-palvelin " + host + ":" + port + " ei vastaa / " + server + " server " + host + ":" + port
                    + " does not answer";
        }
        if (cause instanceof SocketTimeoutException) {
            return server + "-palvelin " + host + ":" + port + " ei vastannut ajoissa / " + server + " server " + host
                    + ":" + port + " timed out";
        }
        if (cause instanceof SSLException) {
            return "Salattu yhteys " + server + "-palvelimeen epäonnistui: tarkista portti ja suojaus / The secure "
                    + "connection to the " + server + " server failed: check the port and security setting";
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.length() > 300) message = message.substring(0, 300) + "…";
        return server + "-yhteys epäonnistui / " + server + " connection failed: " + message;
    }
}
