package fi.mokadesk.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fi.mokadesk.conversation.ConversationAssigned;
import fi.mokadesk.conversation.ConversationCreated;
import fi.mokadesk.database.OwnerDataSource;
import fi.mokadesk.database.Tenant;
import fi.mokadesk.support.ModuleTestWorkspace;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * SLA timers with the modules they declare: the timers start from the conversation events alone (no
 * conversation tables are read), a workspace without policies gets the defaults, and the sweep finds a late
 * first response, publishes {@link SlaBreached} and tells the assignee in the notification centre.
 */
@ApplicationModuleTest(extraIncludes = {"channel", "conversation", "database", "notification", "secret", "workspace"})
@ActiveProfiles({"test", "module"})
// A context of its own, closed after its tests so no second desk keeps working on the shared database.
@DirtiesContext
class SlaModuleTest {

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    SlaSweep sweep;

    @Autowired
    SlaTimers timers;

    @Autowired
    OwnerDataSource owner;

    @Autowired
    TransactionTemplate transaction;

    @Test
    void aLateFirstResponseIsABreachAndTheAssigneeIsTold(Scenario scenario) {
        UUID ws = ModuleTestWorkspace.create(owner, "SLA Moduuli Oy");
        JdbcClient sql = JdbcClient.create(owner);
        UUID agent = sql.sql("insert into app_user (email, display_name, password_hash) values (?, 'Aino', 'x')"
                        + " returning id")
                .param("aino-" + UUID.randomUUID() + "@kuppi.fi")
                .query(UUID.class)
                .single();
        sql.sql("insert into membership (workspace_id, user_id, role) values (?, ?, 'agent')")
                .params(ws, agent)
                .update();
        // A public Facebook comment written six days ago: far past the default's 60 business minutes, and
        // recent enough (under 7 days) to be told about.
        UUID conversation = UUID.randomUUID();
        Instant written = Instant.now().minus(Duration.ofDays(6));
        Tenant.run(
                ws,
                () -> transaction.executeWithoutResult(status -> {
                    events.publishEvent(
                            new ConversationCreated(ws, conversation, UUID.randomUUID(), "facebook", true, written));
                    events.publishEvent(new ConversationAssigned(ws, conversation, null, agent, "module-test"));
                }));
        assertThat(sql.sql("select count(*) from sla_clock where workspace_id = ? and conversation_id = ?")
                        .params(ws, conversation)
                        .query(Long.class)
                        .single())
                .as("first response and resolution timers")
                .isEqualTo(2);

        scenario.stimulate(() -> sweep.sweep())
                .andWaitForEventOfType(SlaBreached.class)
                .matching(breach -> breach.conversationId().equals(conversation)
                        && breach.timer().equals("first_response"))
                .toArriveAndVerify(breach -> assertThat(breach.dueAt()).isBefore(Instant.now()));

        List<String> told = sql.sql("select message_key from notification where workspace_id = ? and user_id = ?")
                .params(ws, agent)
                .query(String.class)
                .list();
        assertThat(told).contains("sla.breach.first_response");
    }

    @Test
    void timersChangeOnlyInsideThePublishersTransaction() {
        UUID ws = ModuleTestWorkspace.create(owner, "SLA Ilman Transaktiota Oy");
        UUID conversation = UUID.randomUUID();
        assertThatThrownBy(() -> Tenant.run(
                        ws,
                        () -> timers.on(new ConversationCreated(
                                ws, conversation, UUID.randomUUID(), "email", false, Instant.now()))))
                .isInstanceOf(IllegalTransactionStateException.class);
        assertThat(JdbcClient.create(owner)
                        .sql("select count(*) from sla_conversation where workspace_id = ?")
                        .param(ws)
                        .query(Long.class)
                        .single())
                .isZero();
    }
}
