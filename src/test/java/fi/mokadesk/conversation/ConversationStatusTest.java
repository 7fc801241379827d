package fi.mokadesk.conversation;

import static fi.mokadesk.conversation.ConversationStatus.OPEN;
import static fi.mokadesk.conversation.ConversationStatus.PENDING;
import static fi.mokadesk.conversation.ConversationStatus.RESOLVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fi.mokadesk.kernel.InvalidInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ConversationStatusTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"OPEN, PENDING", "OPEN, RESOLVED", "PENDING, OPEN", "PENDING, RESOLVED", "RESOLVED, OPEN"})
    void anAgentMayMakeTheseMoves(ConversationStatus from, ConversationStatus to) {
        assertThat(from.moveTo(to)).isEqualTo(to);
    }

    @Test
    void aResolvedConversationIsReopenedBeforeItCanWaitForTheCustomer() {
        assertThatThrownBy(() -> RESOLVED.moveTo(PENDING))
                .isInstanceOfSatisfying(IllegalTransition.class, e -> {
                    assertThat(e.from()).isEqualTo(RESOLVED);
                    assertThat(e.to()).isEqualTo(PENDING);
                })
                .hasMessage("a resolved conversation cannot be set pending; reopen it first");
    }

    @ParameterizedTest
    @EnumSource(ConversationStatus.class)
    void stayingPutIsNotAMove(ConversationStatus status) {
        assertThatThrownBy(() -> status.moveTo(status))
                .isInstanceOf(IllegalTransition.class)
                .hasMessage("the conversation is already " + status.code());
    }

    @Test
    void everyPairIsEitherAllowedOrRefused() {
        int allowed = 0;
        for (ConversationStatus from : ConversationStatus.values()) {
            for (ConversationStatus to : ConversationStatus.values()) {
                boolean legal = from.next().contains(to);
                if (legal) {
                    allowed++;
                    assertThat(from.moveTo(to)).isEqualTo(to);
                } else {
                    assertThatThrownBy(() -> from.moveTo(to)).isInstanceOf(IllegalTransition.class);
                }
            }
        }
        assertThat(allowed).isEqualTo(5);
    }

    @Test
    void aCustomerMessageReopensPendingAndResolvedButLeavesOpenAlone() {
        assertThat(OPEN.afterCustomerMessage()).isEqualTo(OPEN);
        assertThat(PENDING.afterCustomerMessage()).isEqualTo(OPEN);
        assertThat(RESOLVED.afterCustomerMessage()).isEqualTo(OPEN);
        assertThat(OPEN.reopenedByCustomer()).isFalse();
        assertThat(PENDING.reopenedByCustomer()).isTrue();
        assertThat(RESOLVED.reopenedByCustomer()).isTrue();
    }

    @Test
    void codesIgnoreCaseAndUnknownOnesNameTheField() {
        assertThat(ConversationStatus.of(" Pending ", "status")).isEqualTo(PENDING);
        assertThat(Priority.of("URGENT", "priority")).isEqualTo(Priority.URGENT);
        assertThat(Category.of("user_error", "category").code()).isEqualTo("user_error");
        assertThat(Sentiment.of("negative", "sentiment")).isEqualTo(Sentiment.NEGATIVE);
        assertThatThrownBy(() -> ConversationStatus.of("closed", "status"))
                .isInstanceOfSatisfying(
                        InvalidInput.class, e -> assertThat(e.field()).isEqualTo("status"))
                .hasMessage("status must be one of open, pending, resolved");
    }
}
