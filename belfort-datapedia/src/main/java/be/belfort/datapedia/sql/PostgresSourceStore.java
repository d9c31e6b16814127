package be.belfort.datapedia.sql;

import be.belfort.datapedia.ExternalSource;
import be.belfort.datapedia.SourceStore;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.util.List;
import java.util.Optional;

/** The external catalogues, one row each with the last good harvest. */
public final class PostgresSourceStore implements SourceStore {
    private final JsonRows rows;

    public PostgresSourceStore(DataSource dataSource, ObjectMapper json) {
        this.rows = new JsonRows(dataSource, json);
    }

    @Override
    public List<ExternalSource> all() {
        return rows.read("SELECT document::text FROM datapedia_sources ORDER BY document->>'createdAt', id",
                ExternalSource.class);
    }

    @Override
    public Optional<ExternalSource> find(String id) {
        return rows.read("SELECT document::text FROM datapedia_sources WHERE id = ?", ExternalSource.class, id)
                .stream().findFirst();
    }

    @Override
    public void save(ExternalSource source) {
        rows.update("INSERT INTO datapedia_sources (id, document) VALUES (?, ?::jsonb)"
                + " ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document", source.id(), rows.write(source));
    }

    @Override
    public boolean delete(String id) {
        return rows.update("DELETE FROM datapedia_sources WHERE id = ?", id) > 0;
    }
}
