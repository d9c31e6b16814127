package be.belfort.console;

import java.util.regex.Pattern;

/**
 * Where to go after signing in: only a path of the console itself, never another site. Anything that a browser
 * could read as another origin ({@code //host}, {@code /\host}, a scheme, control characters, encoded slashes
 * or backslashes) falls back to the console's home.
 */
public final class ReturnPath {
    public static final String HOME = "/console";
    private static final Pattern SAFE = Pattern.compile("/console(/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?(\\?[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*)?");

    private ReturnPath() {
    }

    /** The path itself when it is a console path of this origin, else the console's home. */
    public static String safe(String asked) {
        if (asked == null || asked.length() > 2000 || !SAFE.matcher(asked).matches()) {
            return HOME;
        }
        String lower = asked.toLowerCase(java.util.Locale.ROOT);
        if (asked.contains("//") || lower.contains("%2f") || lower.contains("%5c") || lower.contains("%0")
                || lower.contains("%09") || asked.contains("/../") || asked.endsWith("/..")) {
            return HOME;
        }
        return asked;
    }
}
