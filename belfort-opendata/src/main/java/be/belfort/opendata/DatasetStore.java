package be.belfort.opendata;

import java.util.List;
import java.util.Optional;

/** Where datasets live. Implemented at the edge (PostgreSQL). */
public interface DatasetStore {

    /** Creates or replaces the dataset of (tenant, type). */
    void save(Dataset dataset);

    Optional<Dataset> find(String tenant, String type);

    List<Dataset> all();

    boolean delete(String tenant, String type);
}
