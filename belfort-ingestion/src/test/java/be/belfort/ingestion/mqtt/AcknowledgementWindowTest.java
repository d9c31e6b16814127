package be.belfort.ingestion.mqtt;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AcknowledgementWindowTest {

    @Test
    void aMessageCountsUntilEveryMessageBeforeItIsAcknowledged() throws Exception {
        AcknowledgementWindow window = new AcknowledgementWindow(3);
        AcknowledgementWindow.Place first = window.enter(() -> false);
        AcknowledgementWindow.Place second = window.enter(() -> false);
        AcknowledgementWindow.Place third = window.enter(() -> false);
        assertThat(window.held()).isEqualTo(3);

        window.acknowledged(second);
        window.acknowledged(third);
        assertThat(window.held()).as("the first still holds back the acknowledgements after it").isEqualTo(3);

        window.acknowledged(first);
        assertThat(window.held()).isZero();
    }

    @Test
    void aFullWindowMakesTheNextMessageWaitUntilTheOldestIsAcknowledged() throws Exception {
        AcknowledgementWindow window = new AcknowledgementWindow(2);
        AcknowledgementWindow.Place first = window.enter(() -> false);
        AcknowledgementWindow.Place second = window.enter(() -> false);
        CompletableFuture<AcknowledgementWindow.Place> third = CompletableFuture.supplyAsync(() -> enter(window));

        window.acknowledged(second);
        assertThatThrownBy(() -> third.get(300, TimeUnit.MILLISECONDS)).as("waits: the first is not acknowledged")
                .isInstanceOf(TimeoutException.class);

        window.acknowledged(first);
        assertThat(third.get(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(window.held()).isEqualTo(1);
    }

    @Test
    void aWaitingMessageGivesUpWhenBelfortStops() throws Exception {
        AcknowledgementWindow window = new AcknowledgementWindow(1);
        window.enter(() -> false);
        AtomicBoolean stopping = new AtomicBoolean();
        CompletableFuture<AcknowledgementWindow.Place> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return window.enter(stopping::get);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        stopping.set(true);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).as("no place once stopping").isNull();
        assertThat(window.held()).isEqualTo(1);
    }

    @Test
    void acknowledgementsInAnyOrderFreeExactlyTheAcknowledgedStartOfTheArrivals() throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < 50; round++) {
            int size = 1 + random.nextInt(40);
            AcknowledgementWindow window = new AcknowledgementWindow(size);
            List<AcknowledgementWindow.Place> arrivals = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                arrivals.add(window.enter(() -> false));
            }
            List<AcknowledgementWindow.Place> acknowledgements = new ArrayList<>(arrivals);
            Collections.shuffle(acknowledgements, random);
            java.util.Set<AcknowledgementWindow.Place> acknowledged = new java.util.HashSet<>();
            for (AcknowledgementWindow.Place place : acknowledgements) {
                window.acknowledged(place);
                acknowledged.add(place);
                int start = 0;
                while (start < size && acknowledged.contains(arrivals.get(start))) {
                    start++;
                }
                assertThat(window.held()).as("round %d", round).isEqualTo(size - start);
            }
            assertThat(window.held()).isZero();
        }
    }

    @Test
    void aWindowHoldsAtLeastOneMessage() {
        assertThatThrownBy(() -> new AcknowledgementWindow(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static AcknowledgementWindow.Place enter(AcknowledgementWindow window) {
        try {
            return window.enter(() -> false);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
