package fi.mokadesk.live;

import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One connection per node listens for announcements and hands them to the hub. */
@Component
class Listener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Listener.class);

    private final DataSource dataSource;
    private final Hub hub;
    private final JsonMapper json = JsonMapper.builder().build();
    private volatile boolean running;
    private Thread thread;

    Listener(DataSource dataSource, Hub hub) {
        this.dataSource = dataSource;
        this.hub = hub;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::listen, "live-listener");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) thread.interrupt();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + Announcer.CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications == null) continue;
                    for (PGNotification n : notifications) {
                        try {
                            JsonNode note = json.readTree(n.getParameter());
                            hub.received(note);
                        } catch (RuntimeException e) {
                            log.warn("Ignored a malformed live announcement: {}", e.getMessage());
                        }
                    }
                }
            } catch (Exception e) {
                if (!running) return;
                log.warn("Live listener lost its connection, retrying: {}", e.getMessage());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }
}
