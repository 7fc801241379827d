package fi.mokadesk.channel;

import static fi.mokadesk.channel.DeliveryState.FAILED;
import static fi.mokadesk.channel.DeliveryState.PENDING;
import static fi.mokadesk.channel.DeliveryState.SENDING;
import static fi.mokadesk.channel.DeliveryState.SENT;
import static fi.mokadesk.channel.DeliveryState.UNCERTAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The delivery state machine: what may follow what, and what is refused with a reason. */
class DeliveryStateTest {

    @Test
    void aDeliveryIsTakenThenSentFailedUncertainOrPutBackForLater() {
        assertThat(PENDING.to(SENDING)).isEqualTo(SENDING);
        assertThat(SENDING.to(SENT)).isEqualTo(SENT);
        assertThat(SENDING.to(FAILED)).isEqualTo(FAILED);
        assertThat(SENDING.to(UNCERTAIN)).isEqualTo(UNCERTAIN);
        assertThat(SENDING.to(PENDING)).isEqualTo(PENDING);
    }

    @Test
    void onlyFailedAndUncertainDeliveriesMayBeRetried() {
        assertThat(FAILED.to(PENDING)).isEqualTo(PENDING);
        assertThat(UNCERTAIN.to(PENDING)).isEqualTo(PENDING);
        assertThat(FAILED.retryable()).isTrue();
        assertThat(UNCERTAIN.retryable()).isTrue();
        assertThat(SENT.retryable()).isFalse();
        assertThat(PENDING.retryable()).isFalse();
        assertThat(SENDING.retryable()).isFalse();
    }

    @Test
    void illegalMovesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> SENT.to(PENDING))
                .isInstanceOf(DeliveryState.IllegalMove.class)
                .hasMessage("the delivery was already sent");
        assertThatThrownBy(() -> PENDING.to(SENT))
                .isInstanceOf(DeliveryState.IllegalMove.class)
                .hasMessage("a delivery that is pending cannot become sent");
        // An uncertain delivery is never sent again by itself: only a person's retry puts it back in line.
        assertThatThrownBy(() -> UNCERTAIN.to(SENDING)).isInstanceOf(DeliveryState.IllegalMove.class);
        assertThatThrownBy(() -> FAILED.to(SENT)).isInstanceOf(DeliveryState.IllegalMove.class);
        assertThatThrownBy(() -> SENDING.to(SENDING)).isInstanceOf(DeliveryState.IllegalMove.class);
        for (DeliveryState next : DeliveryState.values()) {
            assertThatThrownBy(() -> SENT.to(next)).isInstanceOf(DeliveryState.IllegalMove.class);
        }
    }

    @Test
    void codesAreTheStoredWords() {
        assertThat(UNCERTAIN.code()).isEqualTo("uncertain");
        assertThat(DeliveryState.of("sending")).isEqualTo(SENDING);
        assertThatThrownBy(() -> DeliveryState.of("delivered")).isInstanceOf(IllegalArgumentException.class);
    }
}
