package be.belfort.datapedia.http;

import be.belfort.dashboard.Language;

import java.text.MessageFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** Every text of the datapedia's pages in one language (Dutch first, English), dates in Brussels time. */
public final class PageTexts {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private final Language language;
    private final ResourceBundle bundle;
    private final DateTimeFormatter dateTime;

    public PageTexts(Language language) {
        this.language = language;
        this.bundle = ResourceBundle.getBundle("be.belfort.datapedia.messages", language.locale(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        this.dateTime = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(language.locale()).withZone(BRUSSELS);
    }

    public Language language() {
        return language;
    }

    public String code() {
        return language.code();
    }

    /** The text of a key; a key without text shows as itself, so that a missing translation is seen. */
    public String get(String key) {
        try {
            return bundle.getString(key);
        } catch (MissingResourceException missing) {
            return key;
        }
    }

    /** The text of a key, or the fallback when the bundle has none. */
    public String getOr(String key, String fallback) {
        return bundle.containsKey(key) ? bundle.getString(key) : fallback;
    }

    public String format(String key, Object... arguments) {
        return new MessageFormat(get(key), language.locale()).format(arguments);
    }

    public String dateTime(String instant) {
        if (instant == null) {
            return "";
        }
        try {
            return dateTime.format(Instant.parse(instant));
        } catch (java.time.format.DateTimeParseException notAnInstant) {
            return instant;
        }
    }
}
