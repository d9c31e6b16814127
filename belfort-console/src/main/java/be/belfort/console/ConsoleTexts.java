package be.belfort.console;

import be.belfort.dashboard.Language;
import be.belfort.dashboard.Texts;

import java.text.MessageFormat;
import java.util.ResourceBundle;

/**
 * The console's texts in one language: its own bundle first, then the dashboard's (the header, the footer,
 * licences and frequencies in words), with the dashboard's way of writing dates and numbers.
 */
public final class ConsoleTexts {
    private static final String BUNDLE = "be.belfort.console.messages";

    private final Texts dashboard;
    private final ResourceBundle bundle;

    public ConsoleTexts(Language language) {
        this.dashboard = new Texts(language);
        this.bundle = ResourceBundle.getBundle(BUNDLE, language.locale(), ResourceBundle.Control.getNoFallbackControl(
                ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    public Language language() {
        return dashboard.language();
    }

    /** The dashboard's texts in the same language, for what the console shows as the dashboard does. */
    public Texts dashboard() {
        return dashboard;
    }

    public String get(String key) {
        return bundle.containsKey(key) ? bundle.getString(key) : dashboard.get(key);
    }

    public String format(String key, Object... arguments) {
        return new MessageFormat(get(key), language().locale()).format(arguments);
    }

    public String dateTime(java.time.Instant instant) {
        return dashboard.dateTime(instant);
    }

    public String number(long value) {
        return dashboard.number(value);
    }

    public String number(double value) {
        return dashboard.number(value);
    }
}
