package be.belfort.federation;

import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A filter on a registration's own members ({@code q} and {@code csf} of clause 6.8.3.2): comparisons
 * {@code member==value} or {@code member!=value} joined by {@code ;} (and). A member holding an array matches
 * when one of its elements does; a value may be quoted.
 */
final class MemberFilter {
    private static final Pattern TERM = Pattern.compile("([A-Za-z_][A-Za-z0-9_.]*)(==|!=)(\"[^\"]*\"|[^;\"]+)");

    private record Term(String member, boolean equal, String value) {
    }

    private final List<Term> terms;

    private MemberFilter(List<Term> terms) {
        this.terms = terms;
    }

    static MemberFilter parse(String parameter, String text) {
        List<Term> terms = new ArrayList<>();
        for (String part : text.split(";", -1)) {
            Matcher term = TERM.matcher(part.trim());
            if (!term.matches()) {
                throw NgsiLdException.badData(parameter + ": '" + be.belfort.model.Names.abbreviate(part) + "' is not"
                        + " a comparison; this platform filters registrations by member==value or member!=value,"
                        + " joined by ;");
            }
            String value = term.group(3);
            if (value.startsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            terms.add(new Term(term.group(1), term.group(2).equals("=="), value));
        }
        return new MemberFilter(terms);
    }

    boolean matches(ObjectNode document) {
        for (Term term : terms) {
            JsonNode member = document.at("/" + term.member().replace(".", "/"));
            boolean found = member.isArray() ? containsText(member, term.value())
                    : !member.isMissingNode() && member.asText().equals(term.value());
            if (found != term.equal()) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsText(JsonNode array, String value) {
        for (JsonNode element : array) {
            if (element.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }
}
