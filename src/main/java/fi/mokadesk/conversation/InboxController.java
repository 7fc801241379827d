package fi.mokadesk.conversation;

import fi.mokadesk.conversation.Views.Change;
import fi.mokadesk.conversation.Views.ConversationDetail;
import fi.mokadesk.conversation.Views.Filter;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The agent's workspace: views, the conversation list and the open conversation on one page. Every handler
 * serves the full page, or for htmx just the pane that changes (named by the request's {@code HX-Target}),
 * so links work without scripts, deep links open the same page, and the back button walks the URLs.
 */
@Controller
class InboxController {

    private static final Logger log = LoggerFactory.getLogger(InboxController.class);
    static final int PAGE = 50;
    /** The most rows a refresh of the list keeps (ten pages of "More"); beyond that it shows the first ones. */
    static final int MOST_ROWS = 500;

    private final Conversations conversations;
    private final ObjectProvider<LabelCorrections> labels;
    private final InboxViews views;
    private final CustomerPanel customers;
    private final CustomerTiers tiers;
    private final BulkChanges bulk;
    private final MessageSource texts;
    private final ObjectProvider<ReplyGate> gate;

    /** Label corrections come from the analysis module when it runs; conversations work without it. */
    InboxController(
            Conversations conversations,
            ObjectProvider<LabelCorrections> labels,
            InboxViews views,
            CustomerPanel customers,
            CustomerTiers tiers,
            BulkChanges bulk,
            MessageSource texts,
            ObjectProvider<ReplyGate> gate) {
        this.conversations = conversations;
        this.labels = labels;
        this.views = views;
        this.customers = customers;
        this.tiers = tiers;
        this.bulk = bulk;
        this.texts = texts;
        this.gate = gate;
    }

    @GetMapping("/inbox")
    String inbox(
            Filter filter,
            BindingResult binding,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) String rows,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            @RequestHeader(name = "HX-Target", required = false) String target,
            @RequestHeader(name = "HX-History-Restore-Request", required = false) String restore,
            Model model) {
        list(filter, binding, cursor, rows, model);
        if (htmx != null && restore == null && target != null) {
            if (target.startsWith("more")) return "inbox :: more";
            if (target.equals("list-pane")) return fragmentWithMembers("inbox :: list", model);
            return "inbox :: rows";
        }
        return page(model);
    }

    /** The views column alone, for its live refresh (the current filter comes along to mark the active view). */
    @GetMapping("/inbox/views")
    String viewsColumn(Filter filter, BindingResult binding, Model model) {
        model.addAttribute("column", views.column());
        model.addAttribute("activeQuery", activeQuery(filter, binding));
        return "inbox :: views";
    }

    @GetMapping("/conversations/{id}")
    String conversation(
            @PathVariable UUID id,
            Filter filter,
            BindingResult binding,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            @RequestHeader(name = "HX-Target", required = false) String target,
            @RequestHeader(name = "HX-History-Restore-Request", required = false) String restore,
            Model model) {
        open(id, model);
        if (htmx != null && restore == null) {
            if ("pane".equals(target)) return fragmentWithMembers("inbox :: pane", model);
            model.addAttribute("oob", true);
            return "inbox :: refresh";
        }
        list(filter, binding, null, null, model);
        return page(model);
    }

    private void open(UUID id, Model model) {
        ConversationDetail detail = conversations.get(id);
        conversations.markRead(id);
        model.addAttribute("detail", detail);
        model.addAttribute("customer", customers.of(detail.conversation().contactId(), id));
        model.addAttribute("canWrite", Access.require().role().atLeast(Role.AGENT));
        model.addAttribute("canSetTier", Access.require().role().atLeast(Role.LEAD));
        model.addAttribute("members", conversations.members());
    }

    /**
     * The list pane's model: the page of conversations for the filter, its chips, and the empty state.
     * {@code rows} is how many rows the list already shows (after "More"): a refresh of the same list keeps
     * that many, so the agent's place is not lost; without it, one page.
     */
    private void list(Filter filter, BindingResult binding, String cursor, String rows, Model model) {
        Filter shown = Filter.none();
        try {
            // A filter value of the wrong type (abusive=maybe) is shown like any other invalid filter.
            FieldError wrongType = binding.getFieldError();
            if (wrongType != null) throw new InvalidInput(wrongType.getField(), "has the wrong type");
            shown = InboxViews.normalize(filter);
            int wanted = rows(rows);
            model.addAttribute(
                    "page",
                    wanted <= PAGE || cursor != null && !cursor.isBlank()
                            ? conversations.list(shown, blank(cursor), PAGE)
                            : firstRows(shown, wanted));
        } catch (InvalidInput e) {
            log.info("Inbox filter refused: {}", e.getMessage());
            shown = Filter.none();
            model.addAttribute("page", conversations.list(shown, null, PAGE));
            model.addAttribute("error", e.getMessage());
        }
        // The running SLA timer of each row (fragments/sla.html)
        Views.Page<Views.ConversationSummary> page = (Views.Page<Views.ConversationSummary>) model.getAttribute("page");
        model.addAttribute(
                "sla",
                conversations.serviceLevels(
                        page.items().stream().map(Views.ConversationSummary::id).toList()));
        String query = InboxViews.query(shown);
        model.addAttribute("filter", shown);
        model.addAttribute("activeQuery", query);
        model.addAttribute("listQuery", query.isEmpty() ? "" : "?" + query);
        model.addAttribute("chips", chips(shown));
        model.addAttribute("filtered", !query.isEmpty());
        model.addAttribute("builtIn", InboxViews.BUILT_IN.containsValue(shown));
        model.addAttribute("channels", conversations.channels());
    }

    private static int rows(String rows) {
        if (rows == null || rows.isBlank()) return PAGE;
        try {
            int n = Integer.parseInt(rows.strip());
            if (n >= 1) return Math.min(n, MOST_ROWS);
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidInput("rows", "must be a number of rows from 1 up");
    }

    /**
     * The first {@code wanted} rows of the list, read page by page as "More" read them. A filtered "most
     * urgent first" page can hold fewer rows than asked for, so the pages read are bounded too.
     */
    private Views.Page<Views.ConversationSummary> firstRows(Filter filter, int wanted) {
        List<Views.ConversationSummary> items = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            int size = Math.min(Conversations.MAX_PAGE, wanted - items.size());
            Views.Page<Views.ConversationSummary> page = conversations.list(filter, next, size);
            items.addAll(page.items());
            next = page.nextCursor();
        } while (next != null && items.size() < wanted && ++pages < 2 * MOST_ROWS / Conversations.MAX_PAGE);
        return new Views.Page<>(items, next);
    }

    private String page(Model model) {
        model.addAttribute("column", views.column());
        return fragmentWithMembers("inbox", model);
    }

    private String fragmentWithMembers(String view, Model model) {
        if (!model.containsAttribute("members")) model.addAttribute("members", conversations.members());
        return view;
    }

    private static String activeQuery(Filter filter, BindingResult binding) {
        try {
            return binding.hasErrors() ? "" : InboxViews.query(InboxViews.normalize(filter));
        } catch (InvalidInput e) {
            return "";
        }
    }

    /** A set filter as a removable chip: "Kanava: Facebook ×" links to the same list without it. */
    public record Chip(String label, String value, String href) {}

    private List<Chip> chips(Filter f) {
        List<Chip> chips = new ArrayList<>();
        if (f.status() != null) chips.add(chip("inbox.filter.status", text("status." + f.status()), f, "status"));
        if (f.channel() != null) chips.add(chip("inbox.filter.channel", text("channel." + f.channel()), f, "channel"));
        if (f.assignee() != null) chips.add(chip("inbox.filter.assignee", assigneeName(f.assignee()), f, "assignee"));
        if (f.sentiment() != null)
            chips.add(chip("sentiment.label", text("sentiment." + f.sentiment()), f, "sentiment"));
        if (f.category() != null) chips.add(chip("category.label", text("category." + f.category()), f, "category"));
        if (f.abusive() != null)
            chips.add(chip("abusive.label", text(f.abusive() ? "abusive.only" : "abusive.not"), f, "abusive"));
        if (f.attention() != null) chips.add(chip("views.attention", null, f, "attention"));
        if (f.q() != null) chips.add(chip("inbox.filter.query", f.q(), f, "q"));
        if (f.tag() != null) chips.add(chip("inbox.filter.tag", f.tag(), f, "tag"));
        return chips;
    }

    private Chip chip(String labelKey, String value, Filter f, String drop) {
        Filter without = new Filter(
                drop.equals("status") ? null : f.status(),
                drop.equals("channel") ? null : f.channel(),
                drop.equals("assignee") ? null : f.assignee(),
                drop.equals("q") ? null : f.q(),
                drop.equals("sentiment") ? null : f.sentiment(),
                drop.equals("category") ? null : f.category(),
                drop.equals("abusive") ? null : f.abusive(),
                f.sort(),
                drop.equals("attention") ? null : f.attention(),
                drop.equals("tag") ? null : f.tag());
        String query = InboxViews.query(without);
        return new Chip(text(labelKey), value, "/inbox" + (query.isEmpty() ? "" : "?" + query));
    }

    private String assigneeName(String assignee) {
        return switch (assignee) {
            case "me" -> text("inbox.filter.me");
            case "none" -> text("inbox.filter.none");
            default ->
                conversations.members().stream()
                        .filter(m -> assignee.equals(String.valueOf(m.get("id"))))
                        .map(m -> (String) m.get("display_name"))
                        .findFirst()
                        .orElse("?");
        };
    }

    private String text(String key) {
        return texts.getMessage(key, null, key, LocaleContextHolder.getLocale());
    }

    // --- saved views and bulk actions -------------------------------------------------------------------

    @PostMapping("/inbox/views")
    String saveView(
            Filter filter,
            BindingResult binding,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "false") boolean shared,
            RedirectAttributes redirect) {
        String query = "";
        try {
            FieldError wrongType = binding.getFieldError();
            if (wrongType != null) throw new InvalidInput(wrongType.getField(), "has the wrong type");
            Filter clean = InboxViews.normalize(filter);
            views.save(name, clean, shared);
            query = InboxViews.query(clean);
            redirect.addFlashAttribute(
                    "notice",
                    texts.getMessage(
                            "views.savedNotice", new Object[] {name.strip()}, LocaleContextHolder.getLocale()));
        } catch (InvalidInput e) {
            log.info("Saving a view refused: {}", e.getMessage());
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/inbox" + (query.isEmpty() ? "" : "?" + query);
    }

    @PostMapping("/inbox/views/{id}/remove")
    String removeView(@PathVariable UUID id, RedirectAttributes redirect) {
        try {
            views.remove(id);
        } catch (InvalidInput | NotFound e) {
            log.info("Removing a view refused: {}", e.getMessage());
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/inbox";
    }

    /** Assign, set the status of, or tag the selected conversations; answers with the refreshed list. */
    @PostMapping("/inbox/bulk")
    String bulk(
            Filter filter,
            BindingResult binding,
            @RequestParam(name = "ids", required = false) List<UUID> ids,
            @RequestParam(required = false) String setAssignee,
            @RequestParam(required = false) String setStatus,
            @RequestParam(required = false) String addTag,
            @RequestParam(required = false) String rows,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            Model model,
            RedirectAttributes redirect) {
        String notice = null;
        String error = null;
        try {
            int changed = bulk.apply(ids, blank(setAssignee), blank(setStatus), blank(addTag));
            notice = texts.getMessage("bulk.done", new Object[] {changed}, LocaleContextHolder.getLocale());
        } catch (InvalidInput | NotFound e) {
            log.info("Bulk change refused: {}", e.getMessage());
            error = e.getMessage();
        } catch (IllegalTransition e) {
            log.info("Bulk change refused: {}", e.getMessage());
            error = refusedMove(e);
        }
        if (htmx == null) {
            redirect.addFlashAttribute(error == null ? "notice" : "error", error == null ? notice : error);
            String query = activeQuery(filter, binding);
            return "redirect:/inbox" + (query.isEmpty() ? "" : "?" + query);
        }
        list(filter, binding, null, rows, model);
        model.addAttribute("notice", notice);
        model.addAttribute("listError", error);
        model.addAttribute("oob", true);
        return "inbox :: bulk";
    }

    // --- changes from the conversation pane -------------------------------------------------------------

    /** Runs a change from the conversation pane and answers with the refreshed timeline (or the error). */
    private String change(UUID conversationId, Model model, Runnable change) {
        try {
            change.run();
        } catch (InvalidInput e) {
            log.info("Conversation change refused: {}", e.getMessage());
            model.addAttribute("error", e.getMessage());
        } catch (IllegalTransition e) {
            model.addAttribute("error", refusedMove(e));
        } catch (ReplyRefused e) {
            log.info("Direct reply refused ({}): {}", e.code(), e.getMessage());
            model.addAttribute(
                    "error",
                    texts.getMessage(
                            "conversation.reply.refused." + e.code(),
                            null,
                            e.getMessage(),
                            LocaleContextHolder.getLocale()));
        }
        open(conversationId, model);
        model.addAttribute("oob", true);
        return "inbox :: refresh";
    }

    private String refusedMove(IllegalTransition e) {
        var locale = LocaleContextHolder.getLocale();
        return texts.getMessage(
                "conversation.status.refused",
                new Object[] {
                    texts.getMessage("status." + e.from().code(), null, locale),
                    texts.getMessage("status." + e.to().code(), null, locale)
                },
                locale);
    }

    @PostMapping("/conversations/{id}/messages")
    String write(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String text,
            @RequestParam(defaultValue = "reply") String type,
            Model model) {
        boolean note = "note".equals(type);
        return change(id, model, () -> {
            // The same gate as the API: a reply that needs review or breaks a blocking rule goes as a draft.
            if (!note) gate.ifAvailable(g -> g.check(id, text));
            conversations.write(id, text, note);
        });
    }

    @PostMapping("/conversations/{id}")
    String change(
            @PathVariable UUID id,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String assigneeId,
            @RequestParam(required = false) String priority,
            Model model) {
        return change(
                id,
                model,
                () -> conversations.change(id, new Change(blank(status), assigneeId, blank(priority), null)));
    }

    /** Marks the conversation's customer as a key account or standard (leads and admins). */
    @PostMapping("/conversations/{id}/tier")
    String tier(@PathVariable UUID id, @RequestParam(defaultValue = "") String tier, Model model) {
        return change(
                id,
                model,
                () -> tiers.change(conversations.get(id).conversation().contactId(), tier));
    }

    /** Adds a tag to the conversation, or removes one ({@code remove} names it). */
    @PostMapping("/conversations/{id}/tags")
    String tag(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String tag,
            @RequestParam(required = false) String remove,
            Model model) {
        return change(id, model, () -> {
            List<String> tags =
                    new ArrayList<>(conversations.get(id).conversation().tags());
            if (remove != null) tags.remove(remove);
            else if (!tag.isBlank()) {
                String clean = tag.strip().toLowerCase(java.util.Locale.ROOT);
                if (!tags.contains(clean)) tags.add(clean);
            } else throw new InvalidInput("tag", "must not be empty");
            conversations.change(id, new Change(null, null, null, tags));
        });
    }

    /** An agent corrects an analysis label; the correction is audited and kept as training data. */
    @PostMapping("/messages/{messageId}/labels")
    String relabel(
            @PathVariable UUID messageId,
            @RequestParam UUID conversationId,
            @RequestParam String task,
            @RequestParam String label,
            Model model) {
        return change(conversationId, model, () -> {
            LabelCorrections corrections = labels.getIfAvailable();
            if (corrections == null) throw new InvalidInput("task", "labels cannot be corrected on this desk");
            corrections.correct(messageId, task, label);
        });
    }

    @PostMapping("/messages/{messageId}/hide")
    String hide(
            @PathVariable UUID messageId,
            @RequestParam UUID conversationId,
            @RequestParam(defaultValue = "") String reason,
            Model model) {
        return change(conversationId, model, () -> conversations.hide(messageId, reason));
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
