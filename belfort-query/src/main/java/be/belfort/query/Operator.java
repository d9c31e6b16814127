package be.belfort.query;

/** The comparison operators of the q language (clause 4.9). */
public enum Operator {
    EQUAL("=="), UNEQUAL("!="), GREATER_OR_EQUAL(">="), GREATER(">"), LESS_OR_EQUAL("<="), LESS("<"),
    MATCHES("~="), NOT_MATCHES("!~=");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** True for the operators that order values: they take one comparable value, never a list or range. */
    public boolean orders() {
        return this == GREATER_OR_EQUAL || this == GREATER || this == LESS_OR_EQUAL || this == LESS;
    }

    public boolean isPattern() {
        return this == MATCHES || this == NOT_MATCHES;
    }
}
