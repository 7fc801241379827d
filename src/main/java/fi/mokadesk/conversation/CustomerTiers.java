package fi.mokadesk.conversation;

import fi.mokadesk.kernel.Audited;
import fi.mokadesk.kernel.NotFound;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Customer-value tiers: which customers are key accounts. Leads and admins change a customer's tier
 * (audited); the SLA module asks for the tier of conversations' customers when their timers start.
 */
@Component
public class CustomerTiers {

    private static final Logger log = LoggerFactory.getLogger(CustomerTiers.class);

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    CustomerTiers(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /**
     * The tier of each conversation's customer, in the current workspace and the caller's transaction (a
     * conversation created in it is seen). Conversations not found are left out: the caller takes them as
     * standard.
     *
     * <p>Asked once per ingest batch, so written as one index probe per conversation (lateral): PostgreSQL then
     * keeps one plan for the statement ({@code limit 1} keeps the probe a probe, see {@code
     * IngestWriter.KNOWN_MESSAGES}). Written as {@code c.id = any(?)} it planned the join afresh for every
     * batch, which took four times as long as running it (docs/PERFORMANCE.md).
     */
    public Map<UUID, CustomerTier> ofConversations(Collection<UUID> conversationIds) {
        Map<UUID, CustomerTier> tiers = new HashMap<>();
        if (conversationIds.isEmpty()) return tiers;
        jdbc.sql("""
                        select k.conversation_id, t.tier
                          from unnest(?::uuid[]) as k(conversation_id)
                          cross join lateral (
                              select x.tier from conversation c
                                join contact x on x.workspace_id = c.workspace_id and x.id = c.contact_id
                               where c.workspace_id = current_workspace() and c.id = k.conversation_id
                               limit 1
                          ) t
                        """).param(conversationIds.toArray(UUID[]::new)).query(rs -> {
            tiers.put(rs.getObject(1, UUID.class), CustomerTier.of(rs.getString(2), "tier"));
        });
        return tiers;
    }

    /** The customer's tier, or 404 when the workspace has no such customer. */
    public CustomerTier of(UUID contactId) {
        Access.require(Role.VIEWER);
        return jdbc.sql("select tier from contact where id = ?")
                .param(contactId)
                .query(String.class)
                .optional()
                .map(code -> CustomerTier.of(code, "tier"))
                .orElseThrow(() -> new NotFound("no such customer"));
    }

    /**
     * Marks a customer as a key account or back to standard (leads and admins; audited as
     * {@code contact.tier}). Timers already running keep the tier they started with; the next ones take this.
     */
    @Transactional
    public CustomerTier change(UUID contactId, String tier) {
        Access access = Access.require(Role.LEAD);
        CustomerTier to = CustomerTier.of(tier, "tier");
        CustomerTier from = of(contactId);
        if (from == to) return to;
        jdbc.sql("update contact set tier = ? where id = ?")
                .params(to.code(), contactId)
                .update();
        events.publishEvent(new Audited(
                "contact.tier",
                "contact",
                contactId.toString(),
                Map.of("tier", from.code()),
                Map.of("tier", to.code())));
        log.info("Customer {} of workspace {} is now {}", contactId, access.workspaceId(), to.code());
        return to;
    }
}
