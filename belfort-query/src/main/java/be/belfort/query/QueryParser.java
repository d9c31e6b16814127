package be.belfort.query;

import be.belfort.model.NgsiLdException;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parses the NGSI-LD query language, {@code q} (clause 4.9), into a {@link QueryExpression}. A
 * recursive-descent parser: {@code ;} (and) binds tighter than {@code |} (or), parentheses group, and
 * every error names the position of the mistake.
 */
public final class QueryParser {
    private static final Pattern NUMBER = Pattern.compile("-?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern DATE_TIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}(:?\\d{2})?)?");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIME = Pattern.compile("\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}(:?\\d{2})?)?");
    private static final Pattern URI = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:[^\\s\"<>]+");

    private final Scanner in;
    private final boolean linksAllowed;
    private int listedValues;

    private QueryParser(String parameter, String text, boolean linksAllowed) {
        this.in = new Scanner(parameter, text);
        this.linksAllowed = linksAllowed;
    }

    /** Parses a q expression; the parameter name is used in error messages ("q", "scopeQ", ...). */
    public static QueryExpression parse(String text) {
        return parse("q", text);
    }

    public static QueryExpression parse(String parameter, String text) {
        return parse(parameter, text, false);
    }

    /**
     * As {@link #parse(String, String)}; with {@code linksAllowed}, terms over linked entities ({@code rel{attr}},
     * v1.8.1) too, which only Query Entities serves; elsewhere they are a BadRequestData naming their position.
     */
    public static QueryExpression parse(String parameter, String text, boolean linksAllowed) {
        if (text == null || text.isBlank()) {
            throw NgsiLdException.badData("The " + parameter + " query parameter is empty");
        }
        QueryParser parser = new QueryParser(parameter, text, linksAllowed);
        QueryExpression expression = parser.anyOf();
        if (!parser.in.atEnd()) {
            throw parser.in.error(parser.in.peek() == ')' ? "a ')' without its '('"
                    : "expected ';' (and), '|' (or) or the end of the query");
        }
        return expression;
    }

    private QueryExpression anyOf() {
        List<QueryExpression> alternatives = new ArrayList<>(List.of(allOf()));
        while (in.accept("|")) {
            alternatives.add(allOf());
        }
        return alternatives.size() == 1 ? alternatives.get(0) : new QueryExpression.AnyOf(alternatives);
    }

    private QueryExpression allOf() {
        List<QueryExpression> conditions = new ArrayList<>(List.of(primary()));
        while (in.accept(";")) {
            conditions.add(primary());
        }
        return conditions.size() == 1 ? conditions.get(0) : new QueryExpression.AllOf(conditions);
    }

    private QueryExpression primary() {
        in.term();
        if (in.accept("(")) {
            in.enter();
            QueryExpression inner = anyOf();
            in.expect(")", "')' to close the '('");
            in.leave();
            return inner;
        }
        if (in.accept("!") ) {
            if (in.lookingAt("=") || in.lookingAt("~=")) {
                throw in.error("an attribute name before the operator");
            }
            AttributePath negated = path();
            if (in.lookingAt("{")) {
                throw in.error("a plain attribute after '!': a linked entity's attribute cannot be negated");
            }
            return new QueryExpression.Presence(negated, true);
        }
        List<String> links = new ArrayList<>();
        String name = name("an attribute name");
        while (in.lookingAt("{")) {
            if (!linksAllowed) {
                throw in.error("no '{': q over linked entities (rel{attr}) is only served by Query Entities");
            }
            if (links.size() == Join.MAX_LEVELS) {
                throw in.error("at most " + Join.MAX_LEVELS + " relationships deep (the deepest joinLevel)");
            }
            in.accept("{");
            links.add(name);
            name = name("an attribute name after '{'");
        }
        AttributePath path = path(name);
        for (int i = links.size() - 1; i >= 0; i--) {
            in.expect("}", "'}' to close the '{' after " + links.get(i));
        }
        QueryExpression term = condition(path);
        for (int i = links.size() - 1; i >= 0; i--) {
            term = new QueryExpression.Linked(links.get(i), term);
        }
        return term;
    }

    /** The condition on an attribute path: an operator and its value, or none (the attribute exists). */
    private QueryExpression condition(AttributePath path) {
        Operator operator = operator();
        if (operator == null) {
            return new QueryExpression.Presence(path, false);
        }
        int valueStart = in.position();
        QueryValue value = operator.isPattern() ? pattern() : value(operator);
        if (operator.orders() && !(value instanceof QueryValue.Literal literal && comparable(literal))) {
            throw in.errorAt(valueStart, "'" + operator.symbol()
                    + "' needs one number, quoted string, date, time or date-time");
        }
        return new QueryExpression.Comparison(path, operator, value);
    }

    private AttributePath path() {
        return path(name("an attribute name"));
    }

    private AttributePath path(String attribute) {
        List<String> subAttributes = new ArrayList<>();
        while (in.accept(".")) {
            segment(subAttributes.size() + 1);
            subAttributes.add(name("a sub-attribute name after '.'"));
        }
        List<String> keys = new ArrayList<>();
        while (in.accept("[")) {
            segment(subAttributes.size() + keys.size() + 1);
            keys.add(name("a member name after '['"));
            in.expect("]", "']'");
        }
        return new AttributePath(attribute, subAttributes, keys);
    }

    /** Refuses a path whose segments after the attribute would pass {@link QueryLimits#MAX_PATH_SEGMENTS}. */
    private void segment(int after) {
        if (after + 1 > QueryLimits.MAX_PATH_SEGMENTS) {
            throw in.exceeded("has an attribute path of more than " + QueryLimits.MAX_PATH_SEGMENTS + " segments",
                    QueryLimits.MAX_PATH_SEGMENTS);
        }
    }

    private String name(String what) {
        int start = in.position();
        while (!in.atEnd() && isNameChar(in.peek())) {
            in.next();
        }
        if (in.position() == start) {
            throw in.error("expected " + what);
        }
        return in.slice(start);
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':' || c == '/' || c == '#' || c == '@' || c == '-'
                || c == '$' || c == '+' || c == '*';
    }

    private Operator operator() {
        // Longest symbols first: "!~=" before "!=", ">=" before ">".
        for (Operator operator : List.of(Operator.NOT_MATCHES, Operator.EQUAL, Operator.UNEQUAL,
                Operator.GREATER_OR_EQUAL, Operator.LESS_OR_EQUAL, Operator.MATCHES, Operator.GREATER, Operator.LESS)) {
            if (in.accept(operator.symbol())) {
                return operator;
            }
        }
        if (in.atEnd() || in.peek() == ';' || in.peek() == '|' || in.peek() == ')') {
            return null;
        }
        if (in.peek() == '=' || in.peek() == '~' || in.peek() == '!') {
            throw in.error("unknown operator; use ==, !=, >, >=, <, <=, ~= or !~=");
        }
        throw in.error("expected an operator (==, !=, >, >=, <, <=, ~=, !~=), ';', '|' or the end");
    }

    private QueryValue value(Operator operator) {
        int start = in.position();
        QueryValue.Literal first = literal();
        if (in.accept("..")) {
            QueryValue.Literal high = literal();
            if (!comparable(first) || !comparable(high) || first.kind() != high.kind()) {
                throw in.errorAt(start, "a range needs two numbers, strings, dates, times or date-times of one kind");
            }
            rangeOnlyWithEquality(operator, start);
            return new QueryValue.Range(first, high);
        }
        if (in.lookingAt(",")) {
            List<QueryValue.Literal> values = new ArrayList<>(List.of(first));
            while (in.accept(",")) {
                values.add(literal());
            }
            rangeOnlyWithEquality(operator, start);
            return new QueryValue.ValueList(values);
        }
        return first;
    }

    private void rangeOnlyWithEquality(Operator operator, int start) {
        if (operator != Operator.EQUAL && operator != Operator.UNEQUAL) {
            throw in.errorAt(start, "ranges and lists of values go only with == and !=");
        }
    }

    private QueryValue.Literal literal() {
        if (++listedValues > QueryLimits.MAX_VALUES) {
            throw in.exceeded("lists more than " + QueryLimits.MAX_VALUES + " values", QueryLimits.MAX_VALUES);
        }
        if (in.peek() == '"') {
            return new QueryValue.Literal(QueryValue.Kind.STRING, quoted());
        }
        int start = in.position();
        while (!in.atEnd() && !isValueEnd()) {
            in.next();
        }
        String text = in.slice(start);
        if (text.isEmpty()) {
            throw in.error("expected a value");
        }
        QueryValue.Kind kind = kindOf(text);
        if (kind == null) {
            throw in.errorAt(start, "'" + text + "' is not a number, quoted string, true/false, date, time, "
                    + "date-time or URI (quote strings with \")");
        }
        if (!isPossible(kind, text)) {
            throw in.errorAt(start, "'" + text + "' is not a date or time that exists between the years 1 and 9999");
        }
        return new QueryValue.Literal(kind, text);
    }

    private boolean isValueEnd() {
        char c = in.peek();
        return c == ';' || c == '|' || c == ')' || c == ',' || in.lookingAt("..");
    }

    /** True when a quoted string reads as an ISO 8601 date or date-time, which clients often quote. */
    public static boolean looksTemporal(String text) {
        return DATE_TIME.matcher(text).matches() || DATE.matcher(text).matches();
    }

    /**
     * Whether a date, time or date-time literal names one that exists (java.time checks the month, day, hour,
     * minute, second and offset), with a year from 1 to 9999 as the platform stores them. Other kinds are
     * always possible.
     */
    private static boolean isPossible(QueryValue.Kind kind, String text) {
        try {
            switch (kind) {
                case DATE -> requireYear(LocalDate.parse(text));
                case TIME -> timeWithOffset(text);
                case DATE_TIME -> {
                    requireYear(LocalDate.parse(text.substring(0, 10)));
                    timeWithOffset(text.substring(11));
                }
                default -> {
                }
            }
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static void requireYear(LocalDate date) {
        if (date.getYear() < 1 || date.getYear() > 9999) {
            throw new DateTimeException("year out of range");
        }
    }

    private static void timeWithOffset(String text) {
        int offset = Math.max(text.indexOf('Z'), Math.max(text.indexOf('+'), text.indexOf('-')));
        LocalTime.parse(offset < 0 ? text : text.substring(0, offset));
        if (offset >= 0 && text.charAt(offset) != 'Z') {
            ZoneOffset.of(text.substring(offset));
        }
    }

    private static QueryValue.Kind kindOf(String text) {
        if (text.equals("true") || text.equals("false")) {
            return QueryValue.Kind.BOOLEAN;
        }
        if (NUMBER.matcher(text).matches()) {
            return QueryValue.Kind.NUMBER;
        }
        if (DATE_TIME.matcher(text).matches()) {
            return QueryValue.Kind.DATE_TIME;
        }
        if (DATE.matcher(text).matches()) {
            return QueryValue.Kind.DATE;
        }
        if (TIME.matcher(text).matches()) {
            return QueryValue.Kind.TIME;
        }
        if (URI.matcher(text).matches()) {
            return QueryValue.Kind.URI;
        }
        return null;
    }

    private String quoted() {
        int start = in.position();
        in.next();
        StringBuilder text = new StringBuilder();
        while (!in.atEnd()) {
            char c = in.next();
            if (c == '"') {
                return text.toString();
            }
            if (c == '\\' && !in.atEnd()) {
                c = in.next();
            }
            text.append(c);
        }
        throw in.errorAt(start, "a quoted string that is never closed");
    }

    /** A regular expression: quoted, or the text up to the next top-level ';', '|' or unmatched ')'. */
    private QueryValue pattern() {
        int start = in.position();
        String regex;
        if (in.peek() == '"') {
            regex = quoted();
        } else {
            int open = 0;
            boolean inClass = false;
            while (!in.atEnd()) {
                char c = in.peek();
                if (c == '\\') {
                    in.next();
                    if (!in.atEnd()) {
                        in.next();
                    }
                    continue;
                }
                if (!inClass && open == 0 && (c == ';' || c == '|' || c == ')')) {
                    break;
                }
                if (c == '[') {
                    inClass = true;
                } else if (c == ']') {
                    inClass = false;
                } else if (!inClass && c == '(') {
                    open++;
                } else if (!inClass && c == ')') {
                    open--;
                }
                in.next();
            }
            regex = in.slice(start);
        }
        if (regex.isEmpty()) {
            throw in.errorAt(start, "expected a regular expression");
        }
        try {
            ClientPattern.check(regex);
        } catch (ClientPattern.Refused e) {
            throw in.errorAt(start, "the regular expression cannot be used: " + e.getMessage());
        }
        return new QueryValue.Pattern(regex);
    }

    private static boolean comparable(QueryValue.Literal literal) {
        return literal.kind() != QueryValue.Kind.BOOLEAN && literal.kind() != QueryValue.Kind.URI;
    }
}
