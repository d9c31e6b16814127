package be.belfort.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A city as one viewer scope saw it at one moment: its summary (the region's figures) and the marks of its layers.
 * Never changed once taken; what is rendered of it (its layers in a language, map answers) is kept beside it for as
 * long as it is kept, so that a page asked again renders nothing twice.
 */
public final class CitySnapshot {
    private final Cities.City city;
    private final List<Marks> marks;
    private final Instant takenAt;
    private final Map<String, Object> rendered = new ConcurrentHashMap<>();

    /** The marks of one type, in id order. */
    public record Marks(Cities.TypeSummary type, List<CityMap.Mark> marks) {
    }

    /** @param marks one per type of the city's summary, in the same order */
    public CitySnapshot(Cities.City city, List<Marks> marks, Instant takenAt) {
        this.city = city;
        this.marks = List.copyOf(marks);
        this.takenAt = takenAt;
    }

    public Cities.City city() {
        return city;
    }

    /**
     * Whether the region page and the city's pages show it to a viewer of this scope: something it may read is
     * there, or the city's own broker, which might hold some, did not answer.
     */
    public boolean shows(be.belfort.model.ReadScope scope) {
        return !city.types().isEmpty() || (city.unavailable() && (scope.only() == null || !scope.only().isEmpty()));
    }

    /** When the figures were taken: the page says so. */
    public Instant takenAt() {
        return takenAt;
    }

    /** The layers in the viewer's language. */
    public List<CityMap.Layer> layers(Texts texts) {
        return rendered("layers:" + texts.language().code(), () -> marks.stream()
                .map(layer -> CityMap.layer(layer.type(), layer.marks(), texts)).toList());
    }

    /**
     * Something rendered from this snapshot (such as a map answer), made once per key (twice at worst, when two
     * requests ask at once).
     *
     * @param key names everything the rendering depends on besides the snapshot
     */
    @SuppressWarnings("unchecked")
    public <T> T rendered(String key, Supplier<T> render) {
        // Not computeIfAbsent: a rendering may ask for another one (a map answer for the layers).
        Object known = rendered.get(key);
        if (known == null) {
            Object made = render.get();
            known = rendered.putIfAbsent(key, made);
            return (T) (known == null ? made : known);
        }
        return (T) known;
    }
}
