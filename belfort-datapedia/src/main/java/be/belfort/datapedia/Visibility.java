package be.belfort.datapedia;

import be.belfort.datapedia.Diagnosis.Cell;
import be.belfort.datapedia.Diagnosis.Score;
import be.belfort.model.ReadScope;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A diagnosis as one reader may see it. A platform dataset the reader may not read still counts as existing, with its
 * access level, licence, publisher and contact point (whom to ask for access); the figures drawn from its entities
 * (how many, whether any, how fresh, how complete, how deep in history, which are stale) are hidden.
 */
public final class Visibility {
    private static final Set<Dimension> FROM_ENTITIES = Set.of(Dimension.TIMELINESS, Dimension.COMPLETENESS,
            Dimension.COVERAGE);

    private Visibility() {
    }

    /** @param scopes what the reader may read in each city */
    public static Diagnosis forReader(Diagnosis diagnosis, Question question, Function<String, ReadScope> scopes) {
        Map<String, ReadScope> byCity = new LinkedHashMap<>();
        List<Cell> cells = new ArrayList<>();
        for (Cell cell : diagnosis.cells()) {
            Need need = question.need(cell.need());
            boolean platform = cell.sources().stream().anyMatch(Diagnosis.Source::isPlatform);
            boolean readable = need == null || !platform
                    || byCity.computeIfAbsent(cell.city(), scopes).allowsType(need.type());
            cells.add(readable ? cell : hidden(cell));
        }
        return new Diagnosis(diagnosis.question(), diagnosis.computedAt(), diagnosis.computeMillis(), cells);
    }

    private static Cell hidden(Cell cell) {
        List<Score> scores = new ArrayList<>();
        for (Score score : cell.scores()) {
            if (FROM_ENTITIES.contains(score.dimension())) {
                scores.add(new Score(score.dimension(), Level.HIDDEN, "hidden", Map.of(), score.sources()));
            } else if (score.dimension() == Dimension.AVAILABILITY) {
                // whether it holds any entity is itself a figure of the dataset: the reader learns only that it exists
                Map<String, Object> figures = new LinkedHashMap<>(score.figures());
                figures.remove("entities");
                scores.add(new Score(score.dimension(), Level.PARTIAL, "restrictedExists", figures, score.sources()));
            } else {
                scores.add(score);
            }
        }
        List<Diagnosis.Gap> gaps = cell.gaps().stream().filter(gap -> !FROM_ENTITIES.contains(gap.dimension())
                && gap.dimension() != Dimension.AVAILABILITY).toList();
        return new Cell(cell.need(), cell.city(), Diagnostician.overall(scores), scores, cell.sources(), gaps);
    }
}
