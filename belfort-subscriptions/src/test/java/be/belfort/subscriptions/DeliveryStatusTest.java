package be.belfort.subscriptions;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The count of a subscription's waiting notifications, and stopping it when they are too many. */
class DeliveryStatusTest {
    private static final Instant STOP = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void tooManyWaitingStopsTheSubscriptionAndDropsThem() {
        DeliveryStatus status = new DeliveryStatus("t", "s");
        for (int i = 0; i < 3; i++) {
            assertThat(status.recorded(3)).isFalse();
        }
        status.settled();
        assertThat(status.recorded(3)).isFalse();
        assertThat(status.recorded(3)).as("the fourth waiting").isTrue();
        assertThat(status.stop(STOP, "too many")).isEqualTo(4);
        assertThat(status.stopped()).isTrue();
        status.droppedOne();
        DeliveryStatus.Snapshot stopped = status.snapshot();
        assertThat(stopped.failing()).isTrue();
        assertThat(stopped.lastFailure()).isEqualTo(STOP);
        assertThat(stopped.stoppedBecause()).isEqualTo("too many");
        assertThat(stopped.dropped()).isEqualTo(5);

        status.resume();
        assertThat(status.stopped()).isFalse();
        assertThat(status.drops(STOP.minusSeconds(1))).as("made before the stop: still dropped").isTrue();
        assertThat(status.drops(STOP.plusSeconds(1))).isFalse();
        assertThat(status.recorded(3)).as("counting starts again from zero").isFalse();
        assertThat(DeliveryStatus.of(status.snapshot()).snapshot().dropped()).as("saved and read back").isEqualTo(5);
    }

    @Test
    void theLastFailuresReasonIsKeptWithoutCredentialsAndReadBackAsSaved() {
        DeliveryStatus status = new DeliveryStatus("t", "s");
        status.failed(STOP, false, "could not be reached: https://hook.example/in?token=s3cret");
        DeliveryStatus.Snapshot saved = status.snapshot();
        assertThat(saved.lastFailureReason()).isEqualTo("could not be reached: https://hook.example/in");
        assertThat(DeliveryStatus.of(saved).lastFailureReason()).as("read back after a restart")
                .isEqualTo("could not be reached: https://hook.example/in");
        status.succeeded(STOP.plusSeconds(1));
        assertThat(status.lastFailureReason()).as("the last failure keeps its reason after a success").isNotNull();
    }
}
