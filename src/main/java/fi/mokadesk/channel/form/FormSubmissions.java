package fi.mokadesk.channel.form;

import fi.mokadesk.channel.form.FormDirectory.Form;
import fi.mokadesk.conversation.Conversations;
import fi.mokadesk.conversation.InboundMessage;
import fi.mokadesk.conversation.Ingested;
import fi.mokadesk.conversation.KeptAlongside;
import fi.mokadesk.database.GroupCommit;
import fi.mokadesk.database.Tenant;
import fi.mokadesk.kernel.StorableText;
import fi.mokadesk.workspace.Access;
import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The form's pipeline: a submission is checked field by field, and stored in the same transaction as the
 * customer message it becomes ({@link #receive}): one commit, and the customer is told "thank you" only once
 * both are on disk. When that fails, the submission is stored and committed on its own (from then on it is
 * never lost) and handed over again: it stays {@code pending} until the hand-over succeeds, which
 * {@link #retryPending} keeps trying. A canary of the health monitor is stored first and then goes as far as
 * the point where its conversation would be created, and stops there.
 */
@Component
class FormSubmissions {

    private static final Logger log = LoggerFactory.getLogger(FormSubmissions.class);
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern PHONE = Pattern.compile("[+0-9 ()\\-]{5,30}");
    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {};
    private static final Map<String, Integer> MAX =
            Map.of("name", 200, "email", 254, "phone", 30, "orderNumber", 100, "message", 5000, "consent", 10);

    /** A submission that is now a conversation, waiting to be marked so. */
    private record Delivered(UUID workspace, UUID id, UUID conversation, UUID message) {}

    /** One submission row as it is first stored. */
    private record NewRow(UUID id, UUID channel, boolean canary, String spamReason, String fields, String language) {}

    private final JdbcClient jdbc;
    private final Conversations conversations;
    private final Confirmations confirmations;
    private final TransactionTemplate transaction;
    private final JsonMapper json = JsonMapper.builder().build();
    private final BlockingQueue<Delivered> marks = new LinkedBlockingQueue<>(50_000);
    /** Writes submissions as {@code delivered} in the transaction of their messages (one instance: one statement). */
    private final KeptAlongside.Keeper<NewRow> deliveredRows = this::insert;

    private final Thread marker;
    private final GroupCommit<NewRow> rows;
    private volatile boolean running = true;

    FormSubmissions(
            JdbcClient jdbc,
            Conversations conversations,
            Confirmations confirmations,
            TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.conversations = conversations;
        this.confirmations = confirmations;
        this.transaction = transaction;
        this.marker = new Thread(this::markDelivered, "form-delivered");
        marker.setDaemon(true);
        marker.start();
        // Submissions that arrive together are stored together: one commit for many customers, each still
        // answered only once its own row is committed.
        this.rows = new GroupCommit<>("form-submissions", transaction, batch -> insert(batch, null), 256);
    }

    /**
     * Marks handed-over submissions {@code delivered} in batches, off the customer's request: one commit for
     * many instead of one more per submission. A mark lost in a crash costs nothing: the submission is still
     * {@code pending}, and handing it over again finds the conversation that has it (same external id).
     */
    private void markDelivered() {
        while (running) {
            try {
                Delivered first = marks.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                List<Delivered> batch = new ArrayList<>();
                batch.add(first);
                marks.drainTo(batch, 999);
                Map<UUID, List<Delivered>> byWorkspace = new LinkedHashMap<>();
                for (Delivered d : batch)
                    byWorkspace
                            .computeIfAbsent(d.workspace(), k -> new ArrayList<>())
                            .add(d);
                byWorkspace.forEach(this::mark);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn(
                        "Could not mark form submissions delivered (they are handed over again later): {}",
                        e.toString());
            }
        }
    }

    private void mark(UUID workspace, List<Delivered> done) {
        Tenant.run(
                workspace,
                () -> jdbc.sql("""
                        update form_submission s
                           set state = 'delivered', conversation_id = v.c, message_id = v.m, delivered_at = now(),
                               attempts = attempts + 1, last_error = null
                          from unnest(?::uuid[], ?::uuid[], ?::uuid[]) as v(id, c, m)
                         where s.id = v.id and s.state = 'pending'
                        """)
                        .params(
                                done.stream().map(d -> d.id().toString()).toArray(String[]::new),
                                done.stream()
                                        .map(d -> d.conversation().toString())
                                        .toArray(String[]::new),
                                done.stream().map(d -> d.message().toString()).toArray(String[]::new))
                        .update());
    }

    @PreDestroy
    void stop() {
        running = false;
        marker.interrupt();
        rows.stop();
    }

    /**
     * What is wrong with each field, as a message code ({@code form.error.*}); empty when all is well. Only
     * the fields the form shows are read; values are trimmed in {@code values} as a side effect.
     */
    static Map<String, String> problems(FormSettings settings, Map<String, String> values) {
        Map<String, String> problems = new LinkedHashMap<>();
        for (FormSettings.Field field : settings.fields()) {
            String name = field.name();
            String raw = values.get(name);
            String value = raw == null ? "" : raw.strip();
            if (!field.shown()) {
                values.remove(name);
                continue;
            }
            values.put(name, value);
            if (value.isEmpty()) {
                if (field.required())
                    problems.put(name, name.equals("consent") ? "form.error.consent" : "form.error.required");
                continue;
            }
            if (value.length() > MAX.get(name)) {
                problems.put(name, "form.error.tooLong");
            } else if (StorableText.problem(value) != null && !name.equals("message")) {
                problems.put(name, "form.error.unreadable");
            } else if (name.equals("email") && !EMAIL.matcher(value).matches()) {
                problems.put(name, "form.error.email");
            } else if (name.equals("phone") && !PHONE.matcher(value).matches()) {
                problems.put(name, "form.error.phone");
            } else if (name.equals("consent") && !consents(value)) {
                problems.put(name, "form.error.consent");
            }
        }
        return problems;
    }

    private static boolean consents(String value) {
        return List.of("true", "on", "yes", "1", "kyllä").contains(value.toLowerCase(Locale.ROOT));
    }

    /**
     * Stores a submission and commits it before returning. Spam is stored too, marked, so nothing a sender
     * typed is thrown away, but it never becomes a conversation. An accepted real submission of a form with
     * {@code confirmationEmail} queues the customer's confirmation in the same transaction (never for
     * canaries or spam), so it leaves exactly when the submission is stored.
     */
    UUID store(Form form, UUID id, Map<String, String> values, String language, boolean canary, String spamReason) {
        boolean confirm = !canary && spamReason == null && form.settings().confirmationEmail();
        NewRow row = row(form, id, values, language, canary, spamReason);
        if (!confirm) {
            rows.write(form.workspaceId(), row);
            return id;
        }
        Tenant.run(
                form.workspaceId(),
                () -> transaction.executeWithoutResult(status -> {
                    insert(List.of(row), null);
                    confirmations.queue(form, id, values.get("email"), language);
                }));
        return id;
    }

    private NewRow row(
            Form form, UUID id, Map<String, String> values, String language, boolean canary, String spamReason) {
        return new NewRow(
                id, form.channelId(), canary, spamReason, json.writeValueAsString(storable(values)), language);
    }

    /**
     * Stores a submission that passed the spam traps (or a canary) and hands it over; returns its state as
     * {@link #deliver} does. Normally the submission row is written, already {@code delivered}, in the
     * transaction that stores its message. A canary, a form that sends confirmations, and a submission whose
     * message could not be stored that way take the two steps instead ({@link #store}, then {@link #deliver}),
     * so the submission is kept even while the conversation module fails. Throws only when the submission
     * could not be stored at all.
     */
    String receive(Form form, UUID id, Map<String, String> values, String language, boolean canary) {
        if (!canary && !form.settings().confirmationEmail()) {
            NewRow row = row(form, id, values, language, false, null);
            InboundMessage message = message(form.settings(), id, values);
            try {
                Ingested ingested = Access.callAs(
                        Access.system(form.workspaceId(), "form"),
                        () -> conversations.ingest(message, new KeptAlongside<>(deliveredRows, row)));
                if (ingested.created()) return "delivered";
                // the message was already stored (the same id twice): the row is kept the two-step way
            } catch (RuntimeException e) {
                log.warn(
                        "Form submission {} (form {}, workspace {}) could not be stored with its message; storing it"
                                + " on its own: {}",
                        id,
                        form.channelId(),
                        form.workspaceId(),
                        e.toString());
            }
        }
        store(form, id, values, language, canary, null);
        return deliver(form, id, values, canary);
    }

    /**
     * Inserts submissions of the current workspace with one statement: {@code delivered} with the ids of their
     * messages when {@code messages} is given (rows kept alongside their messages, see {@link #receive}), else
     * {@code pending} ({@code spam} with a spam reason).
     */
    private void insert(List<NewRow> batch, List<Ingested> messages) {
        String[] conversation = new String[batch.size()], message = new String[batch.size()];
        for (int i = 0; messages != null && i < messages.size(); i++) {
            conversation[i] = messages.get(i).conversationId().toString();
            message[i] = messages.get(i).messageId().toString();
        }
        jdbc.sql("""
                        insert into form_submission (workspace_id, id, channel_id, canary, state, spam_reason, fields, language,
                                                     conversation_id, message_id, delivered_at, attempts)
                        select ?, v.id, v.channel_id, v.canary,
                               case when v.m is not null then 'delivered' when v.spam_reason is null then 'pending' else 'spam' end,
                               v.spam_reason, v.fields::jsonb, v.language, v.c, v.m,
                               case when v.m is not null then now() end, case when v.m is not null then 1 else 0 end
                          from unnest(?::uuid[], ?::uuid[], ?::boolean[], ?::text[], ?::text[], ?::text[], ?::uuid[], ?::uuid[])
                               as v(id, channel_id, canary, spam_reason, fields, language, c, m)
                        """)
                .params(
                        Tenant.require(),
                        batch.stream().map(r -> r.id().toString()).toArray(String[]::new),
                        batch.stream().map(r -> r.channel().toString()).toArray(String[]::new),
                        batch.stream().map(r -> Boolean.toString(r.canary())).toArray(String[]::new),
                        batch.stream().map(NewRow::spamReason).toArray(String[]::new),
                        batch.stream().map(NewRow::fields).toArray(String[]::new),
                        batch.stream().map(NewRow::language).toArray(String[]::new),
                        conversation,
                        message)
                .update();
    }

    /** Spam traps see anything; what is kept must still be storable text. */
    private static Map<String, String> storable(Map<String, String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k != null && v != null) out.put(StorableText.repair(k), StorableText.repair(v));
        });
        return out;
    }

    /**
     * Hands a stored submission to the conversation module; returns its new state ({@code delivered}, or
     * {@code checked} for a canary), or {@code pending} when the hand-over failed and will be retried.
     */
    String deliver(Form form, UUID id, Map<String, String> values, boolean canary) {
        InboundMessage message = message(form.settings(), id, values);
        try {
            return Access.callAs(Access.system(form.workspaceId(), "form"), () -> {
                if (canary) {
                    conversations.check(message);
                    jdbc.sql(
                                    "update form_submission set state = 'checked', delivered_at = now(), attempts = attempts + 1"
                                            + " where id = ? and state = 'pending'")
                            .param(id)
                            .update();
                    return "checked";
                }
                Ingested ingested = conversations.ingest(message);
                Delivered done = new Delivered(form.workspaceId(), id, ingested.conversationId(), ingested.messageId());
                if (!marks.offer(done)) mark(form.workspaceId(), List.of(done));
                return "delivered";
            });
        } catch (RuntimeException e) {
            log.warn(
                    "Form submission {} (form {}, workspace {}) is stored but not yet a conversation: {}",
                    id,
                    form.channelId(),
                    form.workspaceId(),
                    e.toString());
            try {
                Tenant.run(
                        form.workspaceId(),
                        () -> jdbc.sql(
                                        "update form_submission set attempts = attempts + 1, last_error = ? where id = ?")
                                .params(shorten(e.toString()), id)
                                .update());
            } catch (RuntimeException again) {
                log.warn("Could not note the failure of form submission {}: {}", id, again.toString());
            }
            return "pending";
        }
    }

    /** The customer message a submission becomes: the order number in the subject, the phone under the text. */
    static InboundMessage message(FormSettings settings, UUID id, Map<String, String> values) {
        StringBuilder text =
                new StringBuilder(values.getOrDefault("message", "").strip());
        String order = blankToNull(values.get("orderNumber"));
        String phone = blankToNull(values.get("phone"));
        if (order != null || phone != null) text.append("\n\n—");
        if (phone != null)
            text.append('\n')
                    .append(settings.field("phone").labelFi())
                    .append(": ")
                    .append(phone);
        if (order != null)
            text.append('\n')
                    .append(settings.field("orderNumber").labelFi())
                    .append(": ")
                    .append(order);
        return new InboundMessage(
                FormChannel.TYPE,
                "form:" + id,
                null,
                blankToNull(values.get("name")),
                null,
                blankToNull(values.get("email")),
                order == null ? null : settings.field("orderNumber").labelFi() + " " + order,
                text.toString(),
                false,
                Instant.now());
    }

    /**
     * Submissions that were stored but not handed over (a failure, a crash between the two steps), across
     * workspaces, oldest first; each is handed over again. Idempotent: the conversation module knows a
     * submission by its id and never stores it twice.
     */
    int retryPending(FormDirectory directory) {
        List<UUID[]> pending = jdbc.sql("select workspace_id, id from pending_form_submissions(100)")
                .query((rs, i) -> new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)})
                .list();
        int delivered = 0;
        for (UUID[] p : pending) {
            UUID workspace = p[0];
            UUID id = p[1];
            record Row(UUID channel, boolean canary, String fields, Instant received) {}
            Row row = Tenant.call(
                    workspace,
                    () -> jdbc.sql(
                                    "select channel_id, canary, fields::text, received_at from form_submission where id = ?")
                            .param(id)
                            .query((rs, i) -> new Row(
                                    rs.getObject(1, UUID.class),
                                    rs.getBoolean(2),
                                    rs.getString(3),
                                    rs.getTimestamp(4).toInstant()))
                            .single());
            // A submission being handed over right now by its own request is left to that request.
            if (row.received().isAfter(Instant.now().minusSeconds(20))) continue;
            Form form = directory.byId(workspace, row.channel()).orElse(null);
            if (form == null) continue;
            if (!deliver(form, id, json.readValue(row.fields(), MAP), row.canary())
                    .equals("pending")) delivered++;
        }
        return delivered;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String shorten(String text) {
        return text.length() > 500 ? text.substring(0, 500) : text;
    }
}
