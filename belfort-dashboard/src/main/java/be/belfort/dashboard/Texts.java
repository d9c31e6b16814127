package be.belfort.dashboard;

import java.text.MessageFormat;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Every text the dashboard shows in one language, from the resource bundles, with numbers and dates written
 * as people in Belgium write them ({@code 1.234,5} and {@code 1 dec. 2026 14:05} in Dutch), in Brussels time.
 */
public final class Texts {
    public static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final String BUNDLE = "be.belfort.dashboard.messages";

    private final Language language;
    private final ResourceBundle bundle;
    private final DateTimeFormatter dateTime;
    private final DateTimeFormatter date;

    public Texts(Language language) {
        this.language = language;
        this.bundle = ResourceBundle.getBundle(BUNDLE, language.locale(), ResourceBundle.Control.getNoFallbackControl(
                ResourceBundle.Control.FORMAT_PROPERTIES));
        String months = bundle.containsKey("format.months") ? bundle.getString("format.months") : null;
        this.dateTime = formatter(bundle.getString("format.dateTime"), months, language.locale());
        this.date = formatter(bundle.getString("format.date"), months, language.locale());
    }

    /**
     * A date pattern whose MMM takes the month names of the bundle when it has them: the JDK writes "dec" where
     * Belgian Dutch writes "dec.".
     */
    private static DateTimeFormatter formatter(String pattern, String months, java.util.Locale locale) {
        int at = pattern.indexOf("MMM");
        if (months == null || at < 0) {
            return DateTimeFormatter.ofPattern(pattern, locale).withZone(BRUSSELS);
        }
        String[] names = months.split(",");
        java.util.Map<Long, String> byMonth = new java.util.HashMap<>();
        for (int month = 0; month < 12; month++) {
            byMonth.put((long) month + 1, names[month].trim());
        }
        return new java.time.format.DateTimeFormatterBuilder().appendPattern(pattern.substring(0, at))
                .appendText(java.time.temporal.ChronoField.MONTH_OF_YEAR, byMonth)
                .appendPattern(pattern.substring(at + 3)).toFormatter(locale).withZone(BRUSSELS);
    }

    public Language language() {
        return language;
    }

    /** The text of a key; a key without text shows as itself, so a missing translation is seen, not hidden. */
    public String get(String key) {
        try {
            return bundle.getString(key);
        } catch (MissingResourceException missing) {
            return key;
        }
    }

    /** The text of a key, or null when the bundle has none (for optional labels such as attribute names). */
    public String find(String key) {
        return bundle.containsKey(key) ? bundle.getString(key) : null;
    }

    /** The text of a key with its {0}, {1}... filled in (numbers in the language's format). */
    public String format(String key, Object... arguments) {
        return new MessageFormat(get(key), language.locale()).format(arguments);
    }

    public String number(double value) {
        NumberFormat format = NumberFormat.getNumberInstance(language.locale());
        format.setMaximumFractionDigits(2);
        return format.format(value);
    }

    /** A longitude or latitude, to about a metre. */
    public String coordinate(double degrees) {
        NumberFormat format = NumberFormat.getNumberInstance(language.locale());
        format.setMaximumFractionDigits(5);
        return format.format(degrees);
    }

    public String number(long value) {
        return NumberFormat.getIntegerInstance(language.locale()).format(value);
    }

    /** A share from 0 to 1 as a whole percentage ({@code 67 %} in Dutch). */
    public String percent(double share) {
        return NumberFormat.getPercentInstance(language.locale()).format(share);
    }

    public String dateTime(Instant instant) {
        return instant == null ? "" : dateTime.format(instant);
    }

    public String date(Instant instant) {
        return instant == null ? "" : date.format(instant);
    }
}
