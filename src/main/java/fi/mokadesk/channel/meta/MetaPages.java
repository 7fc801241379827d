package fi.mokadesk.channel.meta;

import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The "move to private" button beside a public comment on the conversation page. */
@Controller
class MetaPages {

    private static final Logger log = LoggerFactory.getLogger(MetaPages.class);

    private final MoveToPrivate move;
    private final MetaItems items;

    MetaPages(MoveToPrivate move, MetaItems items) {
        this.move = move;
        this.items = items;
    }

    @PostMapping("/meta/messages/{messageId}/move-to-private")
    String moveToPrivate(@PathVariable UUID messageId, RedirectAttributes redirect) {
        UUID conversationId = items.byMessage(messageId)
                .map(MetaItems.Item::conversationId)
                .orElseThrow(() -> new NotFound("no such comment"));
        try {
            move.move(conversationId, messageId, null, null, LocaleContextHolder.getLocale());
        } catch (MoveToPrivate.Refused | InvalidInput e) {
            log.info("Move to private refused: {}", e.getMessage());
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/conversations/" + conversationId;
    }
}
