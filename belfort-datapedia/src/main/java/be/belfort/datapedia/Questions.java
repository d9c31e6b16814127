package be.belfort.datapedia;

import be.belfort.model.Names;
import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The region's policy questions: checked, stamped and kept. */
public final class Questions {
    private final QuestionStore store;
    private final QuestionParser parser;
    private final Clock clock;

    public Questions(QuestionStore store, QuestionParser parser, Clock clock) {
        this.store = store;
        this.parser = parser;
        this.clock = clock;
    }

    /** What a write did: the question as kept, and whether it is new. */
    public record Saved(Question question, boolean created) {
    }

    /** The question as the request describes it, checked; it is not kept yet. */
    public Question read(String id, JsonNode body) {
        return parser.parse(id, body);
    }

    /** Keeps a checked question, new or in place of the one with its id. */
    public Saved save(Question question) {
        Optional<Question> existing = find(question.id());
        String now = clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
        Question stamped = question.stamped(existing.map(Question::createdAt).orElse(now), now);
        store.save(stamped.id(), QuestionParser.toJson(stamped));
        return new Saved(stamped, existing.isEmpty());
    }

    public Optional<Question> find(String id) {
        return store.find(id).map(json -> parser.load(id, json));
    }

    public Question get(String id) {
        return find(id).orElseThrow(() -> NgsiLdException.notFound("No question " + Names.abbreviate(id)));
    }

    /** Every question, by domain and title. */
    public List<Question> all() {
        return store.all().stream().map(json -> parser.load(json.path("id").asText(), json))
                .sorted(Comparator.comparing(Question::domain).thenComparing(question -> Question.in(question.title(), "nl")))
                .toList();
    }

    public void delete(String id) {
        if (!store.delete(id)) {
            throw NgsiLdException.notFound("No question " + Names.abbreviate(id));
        }
    }
}
