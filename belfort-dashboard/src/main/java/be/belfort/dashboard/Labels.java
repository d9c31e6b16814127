package be.belfort.dashboard;

/** Names in plain language: a type's or attribute's label from the bundle, else its name split into words. */
public final class Labels {
    private Labels() {
    }

    public static String type(Texts texts, String name) {
        String label = texts.find("type." + name);
        return label != null ? label : words(name);
    }

    public static String attribute(Texts texts, String name) {
        String label = texts.find("attribute." + name);
        return label != null ? label : words(name);
    }

    /** A unit code (UN/CEFACT common code) as people write the unit, or the code itself when unknown. */
    public static String unit(Texts texts, String unitCode) {
        if (unitCode == null) {
            return "";
        }
        String unit = texts.find("unit." + unitCode);
        return unit != null ? unit : unitCode;
    }

    /** "availableSpotNumber" becomes "available spot number": readable, even when no translation exists. */
    static String words(String name) {
        String last = name.contains("/") || name.contains("#") ? name.substring(Math.max(name.lastIndexOf('/'),
                name.lastIndexOf('#')) + 1) : name;
        String spaced = last.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
        return spaced.isEmpty() ? name : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }
}
