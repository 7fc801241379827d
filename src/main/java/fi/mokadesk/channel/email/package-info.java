/**
 * The email channel: mail read from an IMAP mailbox (UID bookkeeping, full MIME, safe HTML, attachments,
 * threading, auto-reply and bounce marks) and replies sent over SMTP with idempotent Message-IDs.
 */
package fi.mokadesk.channel.email;
