package be.belfort.datapedia.sql;

import be.belfort.datapedia.QuestionStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.sql.DataSource;
import java.util.List;
import java.util.Optional;

/** The questions, one row each. */
public final class PostgresQuestionStore implements QuestionStore {
    private final JsonRows rows;

    public PostgresQuestionStore(DataSource dataSource, ObjectMapper json) {
        this.rows = new JsonRows(dataSource, json);
    }

    @Override
    public List<ObjectNode> all() {
        return rows.read("SELECT document::text FROM datapedia_questions ORDER BY id", ObjectNode.class);
    }

    @Override
    public Optional<ObjectNode> find(String id) {
        return rows.read("SELECT document::text FROM datapedia_questions WHERE id = ?", ObjectNode.class, id)
                .stream().findFirst();
    }

    @Override
    public void save(String id, ObjectNode question) {
        rows.update("INSERT INTO datapedia_questions (id, document, modified_at) VALUES (?, ?::jsonb, now())"
                + " ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document, modified_at = now()", id,
                rows.write(question));
    }

    @Override
    public boolean delete(String id) {
        return rows.update("DELETE FROM datapedia_questions WHERE id = ?", id) > 0;
    }
}
