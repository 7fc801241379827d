package fi.mokadesk;

import java.util.Set;

/**
 * What the arguments of {@code java -jar mokadesk.jar} ask for: start the desk, run one command, or show
 * the usage. Anything not understood shows the usage rather than starting a desk (which would create a
 * data directory and an admin wherever it was typed).
 */
final class CommandLine {

    static final Set<String> COMMANDS =
            Set.of("backup", "restore", "reset-password", "classify", "storms", "match", "coach", "train-analysis");

    /** Spring Boot's own switches that take no value. */
    private static final Set<String> BOOT_SWITCHES = Set.of("--debug", "--trace");

    static final String USAGE = """
            Mokadesk: customer-care and reputation-crisis desk.

            usage: java -jar mokadesk.jar [--property=value ...]   start the desk (web UI and API)
                   java -jar mokadesk.jar COMMAND [options]        run one command and exit
                   java -jar mokadesk.jar --help                   this text

            commands (none starts the web server):
              backup --out FILE.zip              back up the embedded database (the desk may run meanwhile)
              restore --from FILE.zip            restore a backup into an empty data directory
              reset-password --email EMAIL       a one-time password for a person who lost theirs (stop the desk
                                                 first when its database is embedded)
              classify --input IN.jsonl --output OUT.jsonl
                                                 language, sentiment, abuse and category of messages
              storms --input SERIES.csv --output ALARMS.csv
                                                 storm alarms on a count series (--plot OUT.png: as a picture)
              match --rules RULES.json --input IN.jsonl --output OUT.jsonl
                                                 brand mentions by keyword rules, Finnish inflection aware
              coach --input REPLIES.jsonl --output FINDINGS.jsonl
                                                 reply coach: crisis-communication findings per reply draft
              train-analysis [--data DIR] [--out DIR] [--report FILE]
                                                 train, cross-validate and report the analysis models
              COMMAND --help                     the options of one command

            settings (environment variables, or --mokadesk.<property>=value on the command line):
              PORT                               HTTP port (8080)
              MOKADESK_DATA_DIR                  data directory of the embedded PostgreSQL (./data)
              MOKADESK_DB_PORT                   port of the embedded PostgreSQL (a free one)
              MOKADESK_DB_URL                    JDBC URL of an external PostgreSQL >= 15 (then none is embedded)
              MOKADESK_DB_USER                   owner account of the external database
              MOKADESK_DB_PASSWORD               its password
              MOKADESK_DB_POOL_SIZE              application connection pool size (20)
              MOKADESK_ADMIN_EMAIL               first admin, created on the first start (admin@mokadesk.local)
              MOKADESK_ADMIN_PASSWORD            the first admin's password (generated and printed once)
              MOKADESK_BOOTSTRAP_TOKEN           on the first start, an admin API token of the first workspace
              MOKADESK_WORKSPACE_NAME            name of the first workspace (Mokadesk)
              MOKADESK_DEMO                      false skips the demo workspace (true)
              MOKADESK_MAIL_FROM                 sender of invitation emails (mokadesk@localhost)
              MOKADESK_PUBLIC_URL                the desk's public address, for links in notification emails and chat posts
              MOKADESK_API_MAX_BODY_BYTES        larger API bodies get 413 (262144)
              MOKADESK_EMAIL_MAX_MAIL_BYTES      larger mails are imported partly (26214400)
              MOKADESK_EMAIL_MAX_ATTACHMENT_BYTES  larger attachments are listed, not kept (10485760)
              MOKADESK_EMAIL_IDLE                false: mailboxes are only polled, never watched with IMAP IDLE (true)
              MOKADESK_SECRET_KEY                base64 key of 32 bytes: audit chain, stored secrets (generated
                                                 into the data directory when unset)
              MOKADESK_ALLOW_PRIVATE_URLS        true lets webhooks and feeds reach private and loopback addresses
                                                 (false)
              MOKADESK_FEED_MAX_BYTES            larger feeds are refused (5242880)
              MOKADESK_FEED_TIMEOUT              socket timeout of a feed read; the whole read at most 3× (20s)
              MOKADESK_METRICS_TOKEN             a token that reads /actuator/prometheus only
              MOKADESK_AUDIT_ANCHOR_INTERVAL     how often audit chain heads are published (10m)
              MOKADESK_STORMS_*                  storm detection settings (docs/storms.md)
              MOKADESK_FORM_CHECK_MINUTES        minutes between contact form health checks (10)
              MOKADESK_FORM_CHECK_URL            address the form checks post through (this desk's own port)
              MOKADESK_FORM_SUBMISSIONS_PER_MINUTE  submissions per sender address and form a minute (10)
              MOKADESK_FORM_MIN_FILL_SECONDS     a hosted form sent faster than this is taken for a bot (3)
              MOKADESK_FORM_MAX_BODY_BYTES       larger form submissions get 413 (65536)
              MOKADESK_META_MAX_BODY_BYTES       larger Meta webhook bodies get 413 (8388608)
              MOKADESK_META_WORKERS              threads processing stored Meta webhook bodies (2)
              MOKADESK_WHATSAPP_MAX_MEDIA_BYTES  larger WhatsApp media is listed, not kept (16777216)
              MOKADESK_AI_BASE_URL               OpenAI-compatible chat-completions API for suggested reply drafts (off)
              MOKADESK_AI_MODEL                  the model suggested drafts ask (off)
              MOKADESK_AI_API_KEY                bearer token for the AI endpoint, when it needs one
              MOKADESK_AI_TIMEOUT                how long a suggestion may take (20s)
              MOKADESK_SLA_SWEEP_INTERVAL        how often due SLA warnings and breaches are looked for (5s)
              SERVER_SERVLET_SESSION_COOKIE_SECURE  true forces Secure session cookies

            Spring Boot options such as --server.port=9090 or --spring.profiles.active=NAME start the desk
            with that setting. More: README.md, docs/RELIABILITY.md (backup and restore).
            """;

    enum Action {
        START,
        COMMAND,
        HELP,
        UNKNOWN
    }

    /** @param problem for {@link Action#UNKNOWN}: what was not understood */
    record Decision(Action action, String problem) {}

    private CommandLine() {}

    static Decision decide(String... args) {
        if (args.length == 0) return new Decision(Action.START, null);
        if (COMMANDS.contains(args[0])) return new Decision(Action.COMMAND, null);
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h") || arg.equals("help")) return new Decision(Action.HELP, null);
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--") && arg.length() > 2 && (arg.contains("=") || BOOT_SWITCHES.contains(arg))) {
                continue;
            }
            if (arg.startsWith("-D")) {
                return new Decision(Action.UNKNOWN, "unknown option " + arg + " (JVM options go before -jar)");
            }
            if (arg.startsWith("-")) {
                return new Decision(Action.UNKNOWN, "unknown option " + arg + " (settings are written --name=value)");
            }
            return new Decision(Action.UNKNOWN, i == 0 ? "unknown command " + arg : "unexpected argument " + arg);
        }
        return new Decision(Action.START, null);
    }
}
