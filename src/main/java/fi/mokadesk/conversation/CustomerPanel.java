package fi.mokadesk.conversation;

import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the conversation pane shows beside the timeline about the customer: who they are on which channels,
 * what they wrote about before, and what colleagues noted about them. Indexed lookups
 * ({@code contact_identity_contact}, {@code conversation_contact}, {@code message_timeline}), so switching
 * conversations stays fast in a large inbox.
 */
@Component
class CustomerPanel {

    static final int EARLIER = 10;
    static final int NOTES = 5;
    /** Notes are looked for in the customer's latest conversations only: bounded work for a frequent writer. */
    static final int NOTES_FROM_CONVERSATIONS = 50;

    public record Identity(String channel, String handle) {}

    public record Earlier(UUID id, String channel, String status, String preview, OffsetDateTime lastMessageAt) {}

    /** An internal note in one of the customer's conversations ({@code here}: the open one). */
    public record Note(UUID conversationId, boolean here, String author, String text, OffsetDateTime at) {}

    public record Customer(
            UUID contactId,
            String name,
            String email,
            String tier,
            List<Identity> identities,
            List<Earlier> earlier,
            List<Note> notes) {}

    private final JdbcClient jdbc;

    CustomerPanel(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Customer of(UUID contactId, UUID conversationId) {
        Access.require(Role.VIEWER);
        var contact = jdbc.sql("select name, email, tier from contact where id = ?")
                .param(contactId)
                .query()
                .listOfRows();
        // Identities made up from a bare name or for an anonymous sender (see Ingest.identity) are no handle
        // anyone could write to, so they are not shown.
        List<Identity> identities = jdbc.sql("""
                        select channel, handle from contact_identity
                         where contact_id = ? and handle not like 'name:%' and handle not like 'anonymous:%'
                         order by channel, handle limit 20
                        """)
                .param(contactId)
                .query((rs, i) -> new Identity(rs.getString(1), rs.getString(2)))
                .list();
        List<Earlier> earlier = jdbc.sql("""
                        select id, channel, status, last_preview, last_message_at from conversation
                         where contact_id = ? and id <> ? order by last_message_at desc limit ?
                        """)
                .params(contactId, conversationId, EARLIER)
                .query((rs, i) -> new Earlier(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class)))
                .list();
        // Notes about the customer, whichever of their conversations they were written in: what a colleague
        // learned last time ("prefers email", "refund promised") is there when the customer writes again.
        List<Note> notes = jdbc.sql("""
                        select m.conversation_id, m.author_name, m.body, m.received_at
                          from (select id from conversation where contact_id = ?
                                 order by last_message_at desc limit ?) c
                          join message m on m.conversation_id = c.id
                         where m.kind = 'note'
                         order by m.received_at desc, m.seq desc limit ?
                        """)
                .params(contactId, NOTES_FROM_CONVERSATIONS, NOTES)
                .query((rs, i) -> {
                    UUID in = rs.getObject(1, UUID.class);
                    return new Note(
                            in,
                            in.equals(conversationId),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class));
                })
                .list();
        String name = contact.isEmpty() ? null : (String) contact.get(0).get("name");
        String email = contact.isEmpty() ? null : (String) contact.get(0).get("email");
        String tier = contact.isEmpty()
                ? CustomerTier.STANDARD.code()
                : (String) contact.get(0).get("tier");
        return new Customer(contactId, name, email, tier, identities, earlier, notes);
    }
}
