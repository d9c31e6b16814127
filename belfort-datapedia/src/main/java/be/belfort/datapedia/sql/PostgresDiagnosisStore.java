package be.belfort.datapedia.sql;

import be.belfort.datapedia.Diagnosis;
import be.belfort.datapedia.DiagnosisStore;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** The diagnoses: one row per question and day (UTC), replaced by a newer computation of the same day. */
public final class PostgresDiagnosisStore implements DiagnosisStore {
    private final JsonRows rows;

    public PostgresDiagnosisStore(DataSource dataSource, ObjectMapper json) {
        this.rows = new JsonRows(dataSource, json);
    }

    @Override
    public void save(Diagnosis diagnosis) {
        Instant at = Instant.parse(diagnosis.computedAt());
        rows.update("INSERT INTO datapedia_diagnoses (question_id, day, computed_at, document) VALUES (?, ?, ?, ?::jsonb)"
                        + " ON CONFLICT (question_id, day) DO UPDATE SET computed_at = EXCLUDED.computed_at,"
                        + " document = EXCLUDED.document WHERE datapedia_diagnoses.computed_at <= EXCLUDED.computed_at",
                diagnosis.question(), Date.valueOf(at.atZone(ZoneOffset.UTC).toLocalDate()), Timestamp.from(at),
                rows.write(diagnosis));
    }

    @Override
    public Optional<Diagnosis> latest(String question) {
        return history(question, 1).stream().findFirst();
    }

    @Override
    public List<Diagnosis> history(String question, int limit) {
        return rows.read("SELECT document::text FROM datapedia_diagnoses WHERE question_id = ? ORDER BY day DESC LIMIT ?",
                Diagnosis.class, question, limit);
    }

    @Override
    public void deleteAll(String question) {
        rows.update("DELETE FROM datapedia_diagnoses WHERE question_id = ?", question);
    }
}
