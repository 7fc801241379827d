package fi.mokadesk.workspace;

import fi.mokadesk.database.OwnerDataSource;
import fi.mokadesk.database.Tenant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/**
 * {@code java -jar mokadesk.jar reset-password --email x}: the way back in when the only admin lost their
 * password. Starts the database only (no web server, no jobs), gives the account a one-time password,
 * prints it once and exits; the person must choose a new password at their next sign-in. Run it while the
 * desk is stopped when the database is embedded (the data directory is locked by a running desk).
 */
public final class ResetPasswordCommand {

    private static final Logger log = LoggerFactory.getLogger(ResetPasswordCommand.class);

    private ResetPasswordCommand() {}

    /** Only the database module and migrations: enough to reach the accounts as their owner. */
    @Configuration(proxyBeanMethods = false)
    @ComponentScan(basePackageClasses = Tenant.class)
    @ImportAutoConfiguration(FlywayAutoConfiguration.class)
    static class DatabaseOnly {}

    public static int run(String[] args) {
        String email = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--email") && i + 1 < args.length) email = args[++i];
            else if (args[i].startsWith("--email=")) email = args[i].substring("--email=".length());
        }
        if (email == null || email.isBlank()) {
            System.err.println("usage: java -jar mokadesk.jar reset-password --email <email of the account>");
            return 2;
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(DatabaseOnly.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .run()) {
            String password = reset(JdbcClient.create(context.getBean(OwnerDataSource.class)), email);
            if (password == null) {
                System.err.println("No account has the email " + LoginThrottle.escape(email) + ".");
                return 1;
            }
            System.out.printf(
                    "%nOne-time password for %s: %s%n(works for one sign-in; a new password must be chosen then)%n%n",
                    LoginThrottle.escape(email), password);
            return 0;
        }
    }

    /** Sets a one-time password as the database owner; null when no account has that email. */
    static String reset(JdbcClient owner, String email) {
        String password = Workspaces.generatePassword();
        String hash = PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(password);
        int changed = owner.sql("""
                        update app_user set password_hash = ?, password_one_time = true, password_change_required = true
                         where email = email_key(?)
                        """).params(hash, email).update();
        if (changed == 0) return null;
        // A forgotten password usually ends in a locked account; the new one must work right away.
        owner.sql("delete from sign_in_failure where scope = 'account' and key = email_key(?)")
                .param(email)
                .update();
        log.warn("Password of {} reset from the command line (one-time password issued)", LoginThrottle.escape(email));
        return password;
    }
}
