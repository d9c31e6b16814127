package be.belfort.model;

import java.util.Optional;

/** The NGSI-LD attribute types and the member that carries each one's value. */
public enum AttributeType {
    PROPERTY("Property", Members.VALUE),
    RELATIONSHIP("Relationship", Members.OBJECT),
    GEO_PROPERTY("GeoProperty", Members.VALUE),
    LANGUAGE_PROPERTY("LanguageProperty", Members.LANGUAGE_MAP),
    VOCAB_PROPERTY("VocabProperty", Members.VOCAB),
    JSON_PROPERTY("JsonProperty", Members.JSON),
    LIST_PROPERTY("ListProperty", Members.VALUE_LIST),
    LIST_RELATIONSHIP("ListRelationship", Members.OBJECT_LIST);

    private final String term;
    private final String valueMember;

    AttributeType(String term, String valueMember) {
        this.term = term;
        this.valueMember = valueMember;
    }

    /** The core-context term, e.g. {@code Property}. */
    public String term() {
        return term;
    }

    /** The member that holds the value, e.g. {@code object} for a Relationship. */
    public String valueMember() {
        return valueMember;
    }

    public static Optional<AttributeType> ofTerm(String term) {
        for (AttributeType type : values()) {
            if (type.term.equals(term)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
