package be.belfort.dashboard;

import java.util.Locale;

/**
 * The languages of the dashboard: Dutch (as written in Belgium) first, English second. A visitor's choice,
 * once made with the switch, wins over what the browser asks for.
 */
public enum Language {
    NL("nl", Locale.forLanguageTag("nl-BE")), EN("en", Locale.forLanguageTag("en-BE"));

    private final String code;
    private final Locale locale;

    Language(String code, Locale locale) {
        this.code = code;
        this.locale = locale;
    }

    public String code() {
        return code;
    }

    public Locale locale() {
        return locale;
    }

    /** The other language, the one the switch offers. */
    public Language other() {
        return this == NL ? EN : NL;
    }

    /** The language a code names ("nl", "en"), or null for anything else. */
    public static Language ofCode(String code) {
        if (code == null) {
            return null;
        }
        for (Language language : values()) {
            if (language.code.equalsIgnoreCase(code.trim())) {
                return language;
            }
        }
        return null;
    }

    /**
     * The language to answer in: the one chosen (the switch or its cookie), else the first of the browser's
     * Accept-Language ranges that the dashboard speaks, else Dutch.
     */
    public static Language choose(String chosen, String acceptLanguage) {
        Language explicit = ofCode(chosen);
        if (explicit != null) {
            return explicit;
        }
        if (acceptLanguage != null && !acceptLanguage.isBlank()) {
            try {
                for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage)) {
                    String tag = range.getRange();
                    Language spoken = ofCode(tag.length() >= 2 ? tag.substring(0, 2) : tag);
                    if (spoken != null && range.getWeight() > 0) {
                        return spoken;
                    }
                }
            } catch (IllegalArgumentException unreadable) {
                // A malformed header is no reason to refuse the page: Dutch it is.
            }
        }
        return NL;
    }
}
