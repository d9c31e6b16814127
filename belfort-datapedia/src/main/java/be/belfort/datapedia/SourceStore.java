package be.belfort.datapedia;

import java.util.List;
import java.util.Optional;

/** Port: the harvested catalogues, with their last good harvest. */
public interface SourceStore {
    List<ExternalSource> all();

    Optional<ExternalSource> find(String id);

    void save(ExternalSource source);

    boolean delete(String id);
}
