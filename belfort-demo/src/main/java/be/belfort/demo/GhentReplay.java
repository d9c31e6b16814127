package be.belfort.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Replays the Ghent recording in a loop with its time shifted to now: the loop is anchored to the
 * epoch, so any instant maps to one observation of the recording, and every run of the demo (and
 * every test) agrees on which.
 */
public final class GhentReplay {
    /** The recording's sampling interval: the last observation holds this long before the loop restarts. */
    static final Duration SAMPLE = Duration.ofSeconds(30);

    private final GhentParkingData data;
    private final long[] offsets;
    private final long loopSeconds;

    public GhentReplay(GhentParkingData data) {
        this.data = data;
        List<GhentParkingData.Observation> observations = data.observations();
        long start = observations.get(0).time().toEpochSecond();
        offsets = observations.stream().mapToLong(o -> o.time().toEpochSecond() - start).toArray();
        loopSeconds = offsets[offsets.length - 1] + SAMPLE.toSeconds();
    }

    /** One replayed moment: the recorded observation and when it is taken to have been observed now. */
    public record Replayed(GhentParkingData.Observation observation, Instant observedAt) {
    }

    public Replayed at(Instant now) {
        long position = Math.floorMod(now.getEpochSecond(), loopSeconds);
        int index = 0;
        while (index + 1 < offsets.length && offsets[index + 1] <= position) {
            index++;
        }
        Instant observedAt = now.minusSeconds(position - offsets[index]).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return new Replayed(data.observations().get(index), observedAt);
    }

    public Duration loopLength() {
        return Duration.ofSeconds(loopSeconds);
    }

    public GhentParkingData data() {
        return data;
    }
}
