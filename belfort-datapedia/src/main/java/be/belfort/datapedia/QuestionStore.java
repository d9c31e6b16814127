package be.belfort.datapedia;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;

/** Port: the questions in their JSON form. */
public interface QuestionStore {
    List<ObjectNode> all();

    Optional<ObjectNode> find(String id);

    void save(String id, ObjectNode question);

    boolean delete(String id);
}
