package fi.mokadesk.notification;

import fi.mokadesk.database.Tenant;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import java.sql.Array;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The notification centre's front door. A notice is stored once per person (a repeated {@code dedupeKey}
 * is a no-op, so a job that runs twice tells nobody twice) and its text is rendered when read, in the
 * reader's language.
 */
@Service
public class Notifications {

    /** Who gets a notice; {@code email} is for the email copy. */
    public record Recipient(UUID userId, String email) {}

    /**
     * @param messageKey the text in the message bundles, with {@code args} as its arguments
     * @param link where the notice leads (a path in the desk)
     * @param dedupeKey what makes two notices the same
     */
    public record Notice(String kind, String messageKey, List<String> args, String link, String dedupeKey) {}

    public record Item(UUID id, String kind, String text, String link, OffsetDateTime createdAt, boolean read) {}

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final MessageSource texts;

    Notifications(JdbcClient jdbc, ApplicationEventPublisher events, MessageSource texts) {
        this.jdbc = jdbc;
        this.events = events;
        this.texts = texts;
    }

    /** A notice's text in {@code locale} (for copies that leave the desk). */
    public String text(Notice notice, Locale locale) {
        return texts.getMessage(notice.messageKey(), notice.args().toArray(), notice.messageKey(), locale);
    }

    /**
     * Stores the notice for each recipient in the current workspace, inside the caller's transaction; returns
     * the people who got it now (those who had it already are left out, so a copy by email goes to them only).
     */
    public List<Recipient> notify(List<Recipient> recipients, Notice notice) {
        UUID ws = Tenant.require();
        List<UUID> told = new ArrayList<>();
        List<Recipient> fresh = new ArrayList<>();
        for (Recipient r : recipients) {
            if (r.userId() == null || told.contains(r.userId())) continue;
            int stored = jdbc.sql("""
                            insert into notification (workspace_id, user_id, kind, message_key, args, link, dedupe_key)
                            values (?, ?, ?, ?, ?, ?, ?)
                            on conflict (workspace_id, user_id, dedupe_key) do nothing
                            """)
                    .params(
                            ws,
                            r.userId(),
                            notice.kind(),
                            notice.messageKey(),
                            notice.args().toArray(String[]::new),
                            notice.link(),
                            notice.dedupeKey())
                    .update();
            if (stored > 0) {
                told.add(r.userId());
                fresh.add(r);
            }
        }
        if (!told.isEmpty()) events.publishEvent(new NotificationsCreated(ws, List.copyOf(told)));
        return fresh;
    }

    /** The current person's latest notices, newest first. */
    public List<Item> recent(int limit, Locale locale) {
        Access access = Access.require(Role.VIEWER);
        if (access.userId() == null) return List.of();
        return jdbc.sql("""
                        select id, kind, message_key, args, link, created_at, read_at is not null
                          from notification where user_id = ? order by created_at desc limit ?
                        """)
                .params(access.userId(), Math.max(1, Math.min(limit, 200)))
                .query((rs, i) -> {
                    Array args = rs.getArray(4);
                    Object[] values = args == null ? new Object[0] : (Object[]) args.getArray();
                    return new Item(
                            rs.getObject(1, UUID.class),
                            rs.getString(2),
                            texts.getMessage(
                                    rs.getString(3), Arrays.copyOf(values, values.length), rs.getString(3), locale),
                            rs.getString(5),
                            rs.getObject(6, OffsetDateTime.class),
                            rs.getBoolean(7));
                })
                .list();
    }

    /** How many of the current person's notices are unread. */
    public int unread() {
        Access access = Access.require(Role.VIEWER);
        if (access.userId() == null) return 0;
        return jdbc.sql("select count(*) from notification where user_id = ? and read_at is null")
                .param(access.userId())
                .query(Integer.class)
                .single();
    }

    /** Marks the current person's notices read: one, or all when {@code id} is null. */
    @Transactional
    public void markRead(UUID id) {
        Access access = Access.require(Role.VIEWER);
        if (access.userId() == null) return;
        jdbc.sql("update notification set read_at = now() where user_id = ? and read_at is null"
                        + " and (?::uuid is null or id = ?)")
                .params(access.userId(), id, id)
                .update();
    }
}
