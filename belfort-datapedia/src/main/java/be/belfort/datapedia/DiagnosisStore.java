package be.belfort.datapedia;

import java.util.List;
import java.util.Optional;

/**
 * Port: the diagnoses of every question, newest first. A question keeps one diagnosis per day (the day's last), so
 * that its progress shows over months without the table growing with every run.
 */
public interface DiagnosisStore {
    void save(Diagnosis diagnosis);

    Optional<Diagnosis> latest(String question);

    /** The newest diagnoses of the question, at most {@code limit}. */
    List<Diagnosis> history(String question, int limit);

    void deleteAll(String question);
}
