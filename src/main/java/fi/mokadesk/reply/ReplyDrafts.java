package fi.mokadesk.reply;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import fi.mokadesk.conversation.ConversationChanged;
import fi.mokadesk.conversation.Conversations;
import fi.mokadesk.conversation.ReplyRefused;
import fi.mokadesk.conversation.ServiceLevels.ServiceLevel;
import fi.mokadesk.conversation.Views.ConversationDetail;
import fi.mokadesk.conversation.Views.MessageView;
import fi.mokadesk.database.Tenant;
import fi.mokadesk.kernel.AccessDeniedProblem;
import fi.mokadesk.kernel.Audited;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import fi.mokadesk.kernel.StorableText;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reply workflow: drafts that the team sees, the coach's findings on every save, the review rules, four
 * eyes before a sensitive reply leaves, and a send that goes through the conversation module's reply command
 * (which stores the reply and hands it to the outbox). Every state change is audited; plain text edits of a
 * draft are not (they happen while typing), but the text is in the entry of every step that follows.
 */
@Service
class ReplyDrafts {

    static final int MAX_TEXT = 20_000;
    static final int MAX_COMMENT = 2_000;

    /** A finding as the API shows it and the draft stores it (the coach command's shape). */
    record FindingView(String rule, String severity, int start, int end, String message) {
        boolean blocking() {
            return "blocking".equals(severity);
        }
    }

    record Reason(String code, String message) {}

    /** A draft as the API and the composer show it. */
    record DraftView(
            UUID id,
            UUID conversationId,
            String state,
            String text,
            @JsonProperty("public") boolean isPublic,
            boolean suggested,
            String authorName,
            boolean mine,
            List<FindingView> findings,
            boolean reviewRequired,
            List<Reason> reviewReasons,
            String reviewComment,
            String reviewedBy,
            OffsetDateTime approvedAt,
            UUID messageId,
            OffsetDateTime sentAt,
            String failure,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt) {

        boolean hasBlocking() {
            return findings.stream().anyMatch(FindingView::blocking);
        }
    }

    /**
     * One item of the review queue. {@code slaTimeLeftSeconds} (negative: overdue) and {@code sla} are null
     * when no SLA timer runs for the conversation; {@code level} is for the page's timer, not the JSON.
     */
    record ReviewItem(
            UUID id,
            UUID conversationId,
            String authorName,
            String text,
            @JsonProperty("public") boolean isPublic,
            boolean suggested,
            List<FindingView> findings,
            List<Reason> reviewReasons,
            OffsetDateTime submittedAt,
            OffsetDateTime customerWaitingSince,
            Long customerWaitingSeconds,
            Long slaTimeLeftSeconds,
            Sla sla,
            @JsonIgnore ServiceLevel level) {}

    /** Where the conversation stands against its SLA: the next due time and the timer's status. */
    record Sla(OffsetDateTime dueAt, String status, String policy) {}

    /** A change in the conversation since the draft was started. */
    record Change(String kind, String author, String preview, OffsetDateTime at) {}

    private static final Logger log = LoggerFactory.getLogger(ReplyDrafts.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Conversations conversations;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final ReplySettings settings;
    private final ReplyTemplates templates;
    private final AiDrafts ai;
    private final ObjectProvider<ReviewSignals> signals;
    /** One coach per distinct workspace coach settings (compiling the patterns is the costly part). */
    private final Map<CoachSettings, ReplyCoach> coaches = new java.util.concurrent.ConcurrentHashMap<>();

    ReplyDrafts(
            JdbcClient jdbc,
            Conversations conversations,
            ApplicationEventPublisher events,
            TransactionTemplate transaction,
            ReplySettings settings,
            ReplyTemplates templates,
            AiDrafts ai,
            ObjectProvider<ReviewSignals> signals) {
        this.jdbc = jdbc;
        this.conversations = conversations;
        this.events = events;
        this.transaction = transaction;
        this.settings = settings;
        this.templates = templates;
        this.ai = ai;
        this.signals = signals;
    }

    // --- what the conversation looks like now ---------------------------------------------------------

    /** The facts of a conversation the workflow needs, read through the conversation module's facade. */
    record Thread(
            boolean isPublic,
            boolean negative,
            boolean abusive,
            String contactName,
            String lastCustomerText,
            List<MessageView> inbound,
            List<MessageView> outbound,
            OffsetDateTime customerWaitingSince,
            List<MessageView> messages,
            String channel) {}

    Thread thread(UUID conversationId) {
        ConversationDetail detail = conversations.get(conversationId);
        List<MessageView> inbound = new ArrayList<>();
        List<MessageView> outbound = new ArrayList<>();
        OffsetDateTime waiting = null;
        for (MessageView m : detail.messages()) {
            if ("inbound".equals(m.kind())) {
                inbound.add(m);
                if (waiting == null) waiting = m.receivedAt();
            } else if ("outbound".equals(m.kind())) {
                outbound.add(m);
                waiting = null;
            }
        }
        var c = detail.conversation();
        String last = inbound.isEmpty() ? null : inbound.get(inbound.size() - 1).text();
        return new Thread(
                c.isPublic(),
                "negative".equals(c.sentiment()),
                c.abusive(),
                c.contactName(),
                last,
                inbound,
                outbound,
                waiting,
                detail.messages(),
                c.channel());
    }

    // --- drafts ---------------------------------------------------------------------------------------

    DraftView create(UUID conversationId, String text, Boolean isPublic) {
        return create(conversationId, text, isPublic, null);
    }

    /** @param suggestion for a suggested draft: model, prompt and answer, audited with the draft's creation */
    private DraftView create(UUID conversationId, String text, Boolean isPublic, Map<String, Object> suggestion) {
        boolean suggested = suggestion != null;
        Access access = Access.require(Role.AGENT);
        String body = text(text);
        return transaction.execute(status -> {
            Thread thread = thread(conversationId);
            boolean pub = publicReply(thread, isPublic);
            List<FindingView> findings = findings(body, pub, thread.lastCustomerText(), thread.channel());
            List<ReviewReason> reasons = reasons(thread, pub, access.userId(), conversationId, body);
            UUID id = jdbc.sql("""
                            insert into reply_draft (workspace_id, conversation_id, text, is_public, suggested, author_key,
                                                     author_user_id, author_name, findings, review_reasons,
                                                     base_inbound, base_outbound, customer_waiting_since)
                            values (?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?)
                            returning id
                            """)
                    .params(
                            Tenant.require(),
                            conversationId,
                            body,
                            pub,
                            suggested,
                            authorKey(access),
                            access.userId(),
                            access.actor().name(),
                            JSON.writeValueAsString(findings),
                            codes(reasons),
                            thread.inbound().size(),
                            thread.outbound().size(),
                            thread.customerWaitingSince())
                    .query(UUID.class)
                    .single();
            Map<String, Object> audit = new LinkedHashMap<>();
            audit.put("conversationId", conversationId.toString());
            audit.put("state", DraftState.DRAFT.code());
            audit.put("public", pub);
            audit.put("suggested", suggested);
            audit.put("reviewReasons", codes(reasons));
            events.publishEvent(new Audited("draft.create", "reply_draft", id.toString(), null, audit));
            if (suggested)
                events.publishEvent(new Audited("draft.suggest", "reply_draft", id.toString(), null, suggestion));
            changed(conversationId);
            return view(load(id), access);
        });
    }

    /** New text (and visibility); a draft in review or approved returns to {@code draft}. */
    DraftView edit(UUID id, String text, Boolean isPublic) {
        Access access = Access.require(Role.AGENT);
        String body = text(text);
        return transaction.execute(status -> {
            Draft d = lock(id);
            requireAuthorOrLead(access, d, "edit");
            if (!d.state().editable()) throw new IllegalDraftMove(d.state(), DraftState.DRAFT);
            Thread thread = thread(d.conversationId());
            boolean pub = isPublic == null ? d.isPublic() : publicReply(thread, isPublic);
            if (body.equals(d.text()) && pub == d.isPublic()) return view(d, access);
            DraftState to =
                    d.state() == DraftState.DRAFT ? DraftState.DRAFT : d.state().moveTo(DraftState.DRAFT);
            List<FindingView> findings = findings(body, pub, thread.lastCustomerText(), thread.channel());
            List<ReviewReason> reasons = reasons(thread, pub, d.authorUserId(), d.conversationId(), body);
            jdbc.sql("""
                            update reply_draft set text = ?, is_public = ?, state = ?, findings = cast(? as jsonb),
                                   review_reasons = ?, approved_text = null, approved_at = null, updated_at = now()
                             where id = ?
                            """)
                    .params(body, pub, to.code(), JSON.writeValueAsString(findings), codes(reasons), id)
                    .update();
            if (to != d.state()) {
                audit(
                        "draft.edit",
                        id,
                        d.state(),
                        to,
                        Map.of(
                                "text",
                                body,
                                "reason",
                                "edited after " + d.state().code()));
                changed(d.conversationId());
            }
            return view(load(id), access);
        });
    }

    DraftView submit(UUID id) {
        Access access = Access.require(Role.AGENT);
        return transaction.execute(status -> {
            Draft d = lock(id);
            requireAuthorOrLead(access, d, "submit");
            DraftState to = d.state().moveTo(DraftState.IN_REVIEW);
            if (d.state() != DraftState.DRAFT) throw new IllegalDraftMove(d.state(), to);
            Thread thread = thread(d.conversationId());
            List<ReviewReason> reasons = reasons(thread, d.isPublic(), d.authorUserId(), d.conversationId(), d.text());
            jdbc.sql("""
                            update reply_draft set state = ?, review_reasons = ?, submitted_at = now(),
                                   customer_waiting_since = ?, review_comment = null, updated_at = now()
                             where id = ?
                            """)
                    .params(to.code(), codes(reasons), thread.customerWaitingSince(), id)
                    .update();
            audit("draft.submit", id, d.state(), to, Map.of("text", d.text(), "reviewReasons", codes(reasons)));
            changed(d.conversationId());
            return view(load(id), access);
        });
    }

    DraftView approve(UUID id) {
        Access access = reviewer();
        return transaction.execute(status -> {
            Draft d = lock(id);
            requireNotAuthor(access, d);
            DraftState to = d.state().moveTo(DraftState.APPROVED);
            jdbc.sql("""
                            update reply_draft set state = ?, approved_text = text, approved_at = now(), reviewed_by = ?,
                                   review_comment = null, updated_at = now()
                             where id = ?
                            """).params(to.code(), access.actor().name(), id).update();
            audit("draft.approve", id, d.state(), to, Map.of("text", d.text()));
            changed(d.conversationId());
            return view(load(id), access);
        });
    }

    DraftView requestChanges(UUID id, String comment) {
        Access access = reviewer();
        String why =
                comment == null ? "" : StorableText.require(comment, "comment").strip();
        if (why.isEmpty()) throw new InvalidInput("comment", "is required: tell the author what to change");
        if (why.length() > MAX_COMMENT)
            throw new InvalidInput("comment", "is longer than " + MAX_COMMENT + " characters");
        return transaction.execute(status -> {
            Draft d = lock(id);
            requireNotAuthor(access, d);
            if (d.state() != DraftState.IN_REVIEW && d.state() != DraftState.APPROVED) {
                throw new IllegalDraftMove(d.state(), DraftState.DRAFT);
            }
            DraftState to = d.state().moveTo(DraftState.DRAFT);
            jdbc.sql("""
                            update reply_draft set state = ?, review_comment = ?, reviewed_by = ?, approved_text = null,
                                   approved_at = null, updated_at = now()
                             where id = ?
                            """).params(to.code(), why, access.actor().name(), id).update();
            audit("draft.request_changes", id, d.state(), to, Map.of("comment", why));
            changed(d.conversationId());
            return view(load(id), access);
        });
    }

    /**
     * Sends the draft through the conversation's reply command. Refuses (409) when a required review is
     * missing, when a public reply has blocking findings (a lead may override with a reason), and when the
     * conversation changed since the draft was started (unless {@code confirmed}). The move to
     * {@code sending} commits first, so two people pressing send at once send once; then the reply is stored
     * and the draft marked {@code sent} together, or the draft is marked {@code failed} with the reason.
     */
    DraftView send(UUID id, boolean confirmed, String override) {
        Access access = Access.require(Role.AGENT);
        String overrideReason = override == null
                ? null
                : StorableText.require(override, "override").strip();
        if (overrideReason != null && overrideReason.isEmpty()) {
            throw new InvalidInput("override", "needs a reason when given");
        }
        if (overrideReason != null && overrideReason.length() > MAX_COMMENT) {
            throw new InvalidInput("override", "is longer than " + MAX_COMMENT + " characters");
        }
        Draft claimed = transaction.execute(status -> {
            Draft d = lock(id);
            requireAuthorOrLead(access, d, "send");
            if (d.state() != DraftState.DRAFT && d.state() != DraftState.APPROVED && d.state() != DraftState.FAILED) {
                throw new IllegalDraftMove(d.state(), DraftState.SENDING);
            }
            Thread thread = thread(d.conversationId());
            List<ReviewReason> reasons = reasons(thread, d.isPublic(), d.authorUserId(), d.conversationId(), d.text());
            if (!reasons.isEmpty() && !d.approvalCovers()) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("reasons", reasonViews(reasons));
                throw new DraftRefused(
                        "review_required",
                        "this reply needs a lead's approval first: "
                                + String.join(
                                        "; ",
                                        reasons.stream()
                                                .map(ReviewReason::explanation)
                                                .toList()),
                        details);
            }
            List<FindingView> findings = findings(d.text(), d.isPublic(), thread.lastCustomerText(), thread.channel());
            List<String> blocking = findings.stream()
                    .filter(FindingView::blocking)
                    .map(FindingView::rule)
                    .distinct()
                    .toList();
            if (!blocking.isEmpty()) {
                if (overrideReason == null) {
                    throw new DraftRefused(
                            "blocking_findings",
                            "the reply breaks rules that block sending: " + String.join(", ", blocking)
                                    + (d.isPublic() ? " (a lead may override with a reason)" : ""),
                            Map.of("rules", blocking, "findings", findings));
                }
                if (!access.role().atLeast(Role.LEAD)) {
                    throw new AccessDeniedProblem("only a lead or admin may override blocking findings");
                }
                jdbc.sql("update reply_draft set override_reason = ? where id = ?")
                        .params(overrideReason, id)
                        .update();
                events.publishEvent(new Audited(
                        "draft.override",
                        "reply_draft",
                        id.toString(),
                        Map.of("rules", blocking),
                        Map.of("reason", overrideReason, "text", d.text())));
            }
            List<Change> changes = changes(d, thread);
            if (!changes.isEmpty() && !confirmed) {
                throw new DraftRefused(
                        "conversation_changed",
                        "the conversation changed since this draft was started; look at what changed and confirm"
                                + " to send anyway",
                        Map.of("changes", changes));
            }
            DraftState to = d.state().moveTo(DraftState.SENDING);
            jdbc.sql("update reply_draft set state = ?, findings = cast(? as jsonb), updated_at = now() where id = ?")
                    .params(to.code(), JSON.writeValueAsString(findings), id)
                    .update();
            Map<String, Object> audit = new LinkedHashMap<>();
            audit.put("text", d.text());
            audit.put("confirmedChanges", changes.size());
            audit("draft.sending", id, d.state(), to, audit);
            return load(id);
        });
        try {
            return transaction.execute(status -> {
                UUID message = conversations.write(claimed.conversationId(), claimed.text(), false);
                int updated = jdbc.sql("""
                                update reply_draft set state = ?, message_id = ?, sent_at = now(), failure = null,
                                       updated_at = now()
                                 where id = ? and state = 'sending'
                                """)
                        .params(DraftState.SENDING.moveTo(DraftState.SENT).code(), message, id)
                        .update();
                if (updated != 1) {
                    // The recovery sweep took the draft back meanwhile: roll the reply back, never send twice.
                    throw new IllegalStateException("the draft left 'sending' before the reply was stored");
                }
                Map<String, Object> audit = new LinkedHashMap<>();
                audit.put("messageId", message.toString());
                audit.put("text", claimed.text());
                audit.put("findings", readFindings(claimed.findingsJson()));
                audit("draft.sent", id, DraftState.SENDING, DraftState.SENT, audit);
                changed(claimed.conversationId());
                return view(load(id), access);
            });
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.warn("Reply draft {} could not be sent: {}", id, why);
            transaction.executeWithoutResult(status -> {
                jdbc.sql("update reply_draft set state = ?, failure = ?, updated_at = now() where id = ?"
                                + " and state = 'sending'")
                        .params(DraftState.SENDING.moveTo(DraftState.FAILED).code(), truncate(why, 500), id)
                        .update();
                audit("draft.failed", id, DraftState.SENDING, DraftState.FAILED, Map.of("failure", truncate(why, 500)));
                changed(claimed.conversationId());
            });
            throw e;
        }
    }

    /**
     * Resolves drafts that a stopped desk left in {@code sending} for longer than {@code olderThan}. The reply
     * message and the draft's move to {@code sent} commit in one transaction, so such a draft has no reply:
     * nothing reached the outbox and nothing was sent. An approved draft goes back to {@code approved} (the
     * approval still covers the text) and any other to {@code failed} with the reason, so a person sends it
     * again; a draft that does carry its reply's id is marked {@code sent}. The row is locked and its state
     * checked again, and the send path only marks a draft sent while it is still {@code sending}, so a slow
     * send and the sweep never both win: the reply goes out at most once.
     *
     * @return how many drafts were resolved
     */
    int resolveLeftSending(Duration olderThan) {
        record Stuck(UUID workspaceId, UUID id) {}
        List<Stuck> stuck = jdbc.sql("select workspace_id, id from reply_drafts_left_sending(cast(? as interval))")
                .params(olderThan.toSeconds() + " seconds")
                .query((rs, n) -> new Stuck(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                .list();
        int resolved = 0;
        for (Stuck s : stuck) {
            Boolean done = Tenant.call(
                    s.workspaceId(), () -> transaction.execute(status -> resolveLeftSending(s.id(), olderThan)));
            if (Boolean.TRUE.equals(done)) resolved++;
        }
        return resolved;
    }

    private boolean resolveLeftSending(UUID id, Duration olderThan) {
        Draft d = jdbc.sql("select " + Draft.COLUMNS + " from reply_draft where workspace_id = ? and id = ?"
                        + " and state = 'sending' and updated_at < now() - cast(? as interval)"
                        + " for update skip locked")
                .params(Tenant.require(), id, olderThan.toSeconds() + " seconds")
                .query(Draft::of)
                .optional()
                .orElse(null);
        if (d == null) return false; // sent, failed or being resolved meanwhile
        DraftState to;
        String failure = null;
        if (d.messageId() != null) to = DraftState.SENT;
        else if (d.approvalCovers()) to = DraftState.APPROVED;
        else {
            to = DraftState.FAILED;
            failure = "the desk stopped while sending; nothing was sent — send it again";
        }
        DraftState.SENDING.moveTo(to);
        jdbc.sql("update reply_draft set state = ?, failure = ?, updated_at = now() where id = ?")
                .params(to.code(), failure, id)
                .update();
        Map<String, Object> audit = new LinkedHashMap<>();
        audit.put("text", d.text());
        audit.put("resolved", "left sending by a stopped desk");
        if (d.messageId() != null) audit.put("messageId", d.messageId().toString());
        if (failure != null) audit.put("failure", failure);
        audit("draft.recovered", id, DraftState.SENDING, to, audit);
        changed(d.conversationId());
        log.warn("Reply draft {} was left sending by a stopped desk; now {}", id, to.code());
        return true;
    }

    DraftView get(UUID id) {
        Access access = Access.require(Role.VIEWER);
        return view(load(id), access);
    }

    /** The conversation's drafts still on their way, and the last few sent, newest first. */
    List<DraftView> ofConversation(UUID conversationId) {
        Access access = Access.require(Role.VIEWER);
        return jdbc
                .sql("select " + Draft.COLUMNS + " from reply_draft where workspace_id = ? and conversation_id = ?"
                        + " order by updated_at desc limit 20")
                .params(Tenant.require(), conversationId)
                .query(Draft::of)
                .list()
                .stream()
                .map(d -> view(d, access))
                .toList();
    }

    /** The current person's latest draft in the conversation that has not been sent, if any. */
    DraftView mineOpen(UUID conversationId) {
        Access access = Access.require(Role.VIEWER);
        return jdbc.sql("select " + Draft.COLUMNS + " from reply_draft where workspace_id = ? and conversation_id = ?"
                        + " and author_key = ? and state <> 'sent' order by updated_at desc limit 1")
                .params(Tenant.require(), conversationId, authorKey(access))
                .query(Draft::of)
                .optional()
                .map(d -> view(d, access))
                .orElse(null);
    }

    /**
     * Drafts waiting for a reviewer: the soonest SLA breach first (its due time from the SLA module through
     * {@code Conversations.serviceLevels}), then the customer who has waited longest, so review never becomes
     * the reason for a breach. The ordering keys of the whole queue are small rows; only the page is loaded.
     */
    List<ReviewItem> reviewQueue(int limit) {
        Access.require(Role.LEAD);
        int size = InvalidInput.requireBetween("limit", limit, 1, 200);
        OffsetDateTime now = OffsetDateTime.now();
        record Key(UUID id, UUID conversationId, OffsetDateTime waitingSince, OffsetDateTime submittedAt) {}
        List<Key> keys = jdbc.sql("""
                        select id, conversation_id, customer_waiting_since, submitted_at from reply_draft
                         where workspace_id = ? and state = 'in_review'
                        """)
                .params(Tenant.require())
                .query((rs, n) -> new Key(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getObject(3, OffsetDateTime.class),
                        rs.getObject(4, OffsetDateTime.class)))
                .list();
        if (keys.isEmpty()) return List.of();
        Map<UUID, ServiceLevel> levels = conversations.serviceLevels(
                keys.stream().map(Key::conversationId).distinct().toList());
        Comparator<OffsetDateTime> time = Comparator.nullsLast(Comparator.naturalOrder());
        Comparator<Key> order = Comparator.<Key, OffsetDateTime>comparing(
                        k -> dueAt(levels.get(k.conversationId())), time)
                .thenComparing(Key::waitingSince, time)
                .thenComparing(Key::submittedAt, time)
                .thenComparing(Key::id);
        List<UUID> page = keys.stream().sorted(order).limit(size).map(Key::id).toList();
        Map<UUID, Draft> rows = new java.util.HashMap<>();
        jdbc.sql("select " + Draft.COLUMNS + " from reply_draft where workspace_id = ? and id = any(?)")
                .params(Tenant.require(), page.toArray(new UUID[0]))
                .query(Draft::of)
                .list()
                .forEach(d -> rows.put(d.id(), d));
        List<ReviewItem> items = new ArrayList<>();
        for (UUID id : page) {
            Draft d = rows.get(id);
            if (d == null) continue; // reviewed meanwhile
            ServiceLevel level = levels.get(d.conversationId());
            OffsetDateTime due = dueAt(level);
            items.add(new ReviewItem(
                    d.id(),
                    d.conversationId(),
                    d.authorName(),
                    d.text(),
                    d.isPublic(),
                    d.suggested(),
                    readFindings(d.findingsJson()),
                    reasonViews(d.reviewReasons().stream().map(ReviewReason::of).toList()),
                    d.submittedAt(),
                    d.customerWaitingSince(),
                    d.customerWaitingSince() == null
                            ? null
                            : Duration.between(d.customerWaitingSince(), now).toSeconds(),
                    due == null ? null : Duration.between(now, due).toSeconds(),
                    level == null ? null : new Sla(due, level.status(), level.policy()),
                    level));
        }
        return items;
    }

    /** The due time that matters for review: the next running timer, none when the SLA is paused or done. */
    private static OffsetDateTime dueAt(ServiceLevel level) {
        return level == null ? null : level.nextDueAt();
    }

    /**
     * The gate for a reply written straight to the conversation, not through a draft: refused with
     * {@code review_required} when a review rule applies (the reply must go through the drafts API), and with
     * {@code blocking_findings} when the coach blocks it — the same rules a draft meets at sending, without
     * the lead's override (that needs a draft, where it is recorded).
     */
    void checkDirectReply(UUID conversationId, String text) {
        if (text == null) return; // the reply command refuses a missing text with its own 400
        Access access = Access.require();
        String body = StorableText.repair(text);
        Thread thread = thread(conversationId);
        List<ReviewReason> reasons = reasons(thread, thread.isPublic(), access.userId(), conversationId, body);
        String drafts = "/api/v1/conversations/" + conversationId + "/drafts";
        if (!reasons.isEmpty()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reasons", reasonViews(reasons));
            details.put("drafts", drafts);
            throw new ReplyRefused(
                    "review_required",
                    "this reply needs a lead's approval first; write it as a draft (" + drafts + ") and submit it: "
                            + String.join(
                                    "; ",
                                    reasons.stream()
                                            .map(ReviewReason::explanation)
                                            .toList()),
                    details);
        }
        List<FindingView> findings = findings(body, thread.isPublic(), thread.lastCustomerText(), thread.channel());
        List<String> blocking = findings.stream()
                .filter(FindingView::blocking)
                .map(FindingView::rule)
                .distinct()
                .toList();
        if (!blocking.isEmpty()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("rules", blocking);
            details.put("findings", findings);
            details.put("drafts", drafts);
            throw new ReplyRefused(
                    "blocking_findings",
                    "the reply breaks rules that block sending: " + String.join(", ", blocking),
                    details);
        }
    }

    /** The findings for text that is not (yet) a draft: what the composer shows before the first save. */
    List<FindingView> check(UUID conversationId, String text, Boolean isPublic) {
        Access.require(Role.AGENT);
        String body = text == null ? "" : StorableText.repair(text);
        if (body.length() > MAX_TEXT) throw new InvalidInput("text", "is longer than " + MAX_TEXT + " characters");
        Thread thread = thread(conversationId);
        return findings(body, publicReply(thread, isPublic), thread.lastCustomerText(), thread.channel());
    }

    // --- AI draft -------------------------------------------------------------------------------------

    boolean aiEnabled() {
        return ai.enabled();
    }

    /**
     * Asks the configured model for a draft and stores it as a suggested draft of the current person. The
     * prompt holds this conversation only (customer messages and replies, no internal notes, no other
     * customer), the workspace's tone guide and its templates in the customer's language; prompt and model
     * are in the audit entry.
     */
    DraftView suggest(UUID conversationId) {
        Access access = Access.require(Role.AGENT);
        if (!ai.enabled()) throw new NotFound("AI drafts are not configured");
        Thread thread = thread(conversationId);
        String language = Language.guess(thread.lastCustomerText());
        List<Map<String, String>> prompt = prompt(thread, language);
        AiDrafts.Suggestion suggestion = ai.suggest(prompt);
        Map<String, Object> audit = new LinkedHashMap<>();
        audit.put("model", suggestion.model());
        audit.put("prompt", suggestion.prompt());
        audit.put("suggestion", suggestion.text());
        DraftView draft = create(conversationId, suggestion.text(), null, audit);
        log.info("AI draft {} suggested by {} for conversation {}", draft.id(), suggestion.model(), conversationId);
        return draft;
    }

    private List<Map<String, String>> prompt(Thread thread, String language) {
        StringBuilder system = new StringBuilder();
        system.append("You write a reply draft for a customer-service agent of ")
                .append(
                        Access.require().workspaceName() == null
                                ? "the company"
                                : Access.require().workspaceName())
                .append(". A person reviews and edits it before anything is sent. Write only the reply text, in ")
                .append(language.equals("fi") ? "Finnish" : "English")
                .append(". Never include phone numbers, email addresses, street addresses or order numbers.")
                .append("\n\nTone guide:\n")
                .append(settings.toneGuide());
        List<ReplyTemplates.Template> matching = templates.list(language);
        if (!matching.isEmpty()) {
            system.append("\n\nThe team's templates, for style (variables in {{ }}):");
            for (ReplyTemplates.Template t : matching) {
                system.append("\n- ").append(t.name()).append(": ").append(t.body());
            }
        }
        StringBuilder conversation = new StringBuilder("The conversation so far, oldest first:\n");
        for (MessageView m : thread.messages()) {
            if ("inbound".equals(m.kind()) && m.hiddenAt() == null) {
                conversation.append("\nCustomer: ").append(m.text());
            } else if ("outbound".equals(m.kind())) {
                conversation.append("\nUs: ").append(m.text());
            }
        }
        conversation.append("\n\nWrite our next reply.");
        return List.of(
                Map.of("role", "system", "content", system.toString()),
                Map.of("role", "user", "content", conversation.toString()));
    }

    // --- rules ----------------------------------------------------------------------------------------

    private List<ReviewReason> reasons(
            Thread thread, boolean isPublic, UUID authorUserId, UUID conversationId, String text) {
        ReviewSignals s = signals.getIfAvailable(() -> new ReviewSignals() {});
        return settings.rules()
                .reasons(new ReviewRules.Situation(
                        isPublic,
                        thread.negative(),
                        thread.abusive(),
                        settings.inTraining(authorUserId),
                        s.inOpenIncident(conversationId),
                        s.compensationAboveLimit(authorUserId, text)));
    }

    /**
     * The coach's findings, plus template variables still unfilled (blocking in any reply) and a reply longer
     * than its channel takes (a warning: the platform would refuse or cut it).
     */
    List<FindingView> findings(String text, boolean isPublic, String customerMessage, String channel) {
        List<FindingView> out = new ArrayList<>();
        CoachSettings workspace = settings.coach();
        if (coaches.size() > 1_000) coaches.clear();
        ReplyCoach coach = coaches.computeIfAbsent(workspace, ReplyCoach::new);
        for (Finding f : coach.check(text, isPublic, customerMessage)) {
            out.add(new FindingView(f.rule().id(), f.severity().id(), f.start(), f.end(), f.message()));
        }
        boolean finnish = "fi".equals(Language.guess(text));
        for (int[] span : TemplateText.unfilled(text)) {
            out.add(new FindingView(
                    "unfilled_variable",
                    Severity.BLOCKING.id(),
                    span[0],
                    span[1],
                    finnish
                            ? "Täytä mallipohjan muuttuja " + text.substring(span[0], span[1]) + " ennen lähettämistä."
                            : "Fill in the template variable " + text.substring(span[0], span[1])
                                    + " before sending."));
        }
        int length = text.codePointCount(0, text.length());
        ChannelLimits.of(channel, isPublic).ifPresent(limit -> {
            if (length <= limit) return;
            out.add(new FindingView(
                    "too_long",
                    Severity.WARNING.id(),
                    text.offsetByCodePoints(0, limit),
                    text.length(),
                    finnish
                            ? "Vastauksessa on " + length + " merkkiä, kanava ottaa enintään " + limit
                                    + ". Lyhennä tai jaa kahteen viestiin."
                            : "The reply has " + length + " characters; the channel takes at most " + limit
                                    + ". Shorten it or split it in two."));
        });
        return out;
    }

    private List<Change> changes(Draft d, Thread thread) {
        List<Change> changes = new ArrayList<>();
        for (MessageView m : thread.inbound()
                .subList(
                        Math.min(d.baseInbound(), thread.inbound().size()),
                        thread.inbound().size())) {
            changes.add(new Change("customer_message", m.authorName(), preview(m.text()), m.receivedAt()));
        }
        for (MessageView m : thread.outbound()
                .subList(
                        Math.min(d.baseOutbound(), thread.outbound().size()),
                        thread.outbound().size())) {
            changes.add(new Change("reply", m.authorName(), preview(m.text()), m.receivedAt()));
        }
        return changes;
    }

    // --- helpers --------------------------------------------------------------------------------------

    /**
     * A reply in a public thread is public whatever the request says; asking for a public reply elsewhere gets
     * the stricter public checks.
     */
    private static boolean publicReply(Thread thread, Boolean requested) {
        return thread.isPublic() || Boolean.TRUE.equals(requested);
    }

    private Draft lock(UUID id) {
        return jdbc.sql("select " + Draft.COLUMNS + " from reply_draft where workspace_id = ? and id = ? for update")
                .params(Tenant.require(), id)
                .query(Draft::of)
                .optional()
                .orElseThrow(() -> new NotFound("no such draft"));
    }

    private Draft load(UUID id) {
        return jdbc.sql("select " + Draft.COLUMNS + " from reply_draft where workspace_id = ? and id = ?")
                .params(Tenant.require(), id)
                .query(Draft::of)
                .optional()
                .orElseThrow(() -> new NotFound("no such draft"));
    }

    private static Access reviewer() {
        Access access = Access.require();
        if (!access.role().atLeast(Role.LEAD)) {
            throw new AccessDeniedProblem("only a lead or admin reviews drafts");
        }
        return access;
    }

    private static void requireNotAuthor(Access access, Draft d) {
        if (authorKey(access).equals(d.authorKey())) {
            throw new AccessDeniedProblem("a draft is reviewed by someone other than its author");
        }
    }

    private static void requireAuthorOrLead(Access access, Draft d, String what) {
        if (!authorKey(access).equals(d.authorKey()) && !access.role().atLeast(Role.LEAD)) {
            throw new AccessDeniedProblem("only the draft's author or a lead may " + what + " it");
        }
    }

    static String authorKey(Access access) {
        return access.actor().type().name().toLowerCase(Locale.ROOT) + ":"
                + access.actor().id();
    }

    private DraftView view(Draft d, Access access) {
        List<ReviewReason> reasons =
                d.reviewReasons().stream().map(ReviewReason::of).toList();
        return new DraftView(
                d.id(),
                d.conversationId(),
                d.state().code(),
                d.text(),
                d.isPublic(),
                d.suggested(),
                d.authorName(),
                authorKey(access).equals(d.authorKey()),
                readFindings(d.findingsJson()),
                !reasons.isEmpty(),
                reasonViews(reasons),
                d.reviewComment(),
                d.reviewedBy(),
                d.approvedAt(),
                d.messageId(),
                d.sentAt(),
                d.failure(),
                d.createdAt(),
                d.updatedAt());
    }

    private static List<Reason> reasonViews(List<ReviewReason> reasons) {
        return reasons.stream().map(r -> new Reason(r.code(), r.explanation())).toList();
    }

    private static List<FindingView> readFindings(String json) {
        if (json == null || json.isBlank()) return List.of();
        return JSON.readValue(json, new TypeReference<List<FindingView>>() {});
    }

    private static String[] codes(List<ReviewReason> reasons) {
        return reasons.stream().map(ReviewReason::code).toArray(String[]::new);
    }

    private static String text(String text) {
        String body = text == null ? "" : StorableText.repair(text).strip();
        if (body.isEmpty()) throw new InvalidInput("text", "is required");
        if (body.length() > MAX_TEXT) throw new InvalidInput("text", "is longer than " + MAX_TEXT + " characters");
        return body;
    }

    private void audit(String action, UUID id, DraftState from, DraftState to, Map<String, Object> extra) {
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("state", to.code());
        after.putAll(extra);
        events.publishEvent(new Audited(action, "reply_draft", id.toString(), Map.of("state", from.code()), after));
    }

    /** Open pages of the conversation refresh their composer and timeline (server-sent events). */
    private void changed(UUID conversationId) {
        events.publishEvent(new ConversationChanged(Tenant.require(), conversationId, "draft"));
    }

    private static String preview(String text) {
        return truncate(text == null ? "" : text.strip().replaceAll("\\s+", " "), 140);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
