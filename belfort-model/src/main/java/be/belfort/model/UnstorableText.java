package be.belfort.model;

/**
 * The characters a text cannot be stored with exactly as it was sent: PostgreSQL refuses the NUL character
 * (U+0000), and a lone UTF-16 surrogate has no UTF-8 form (an encoder writes '?', so two different texts
 * could become one).
 */
public final class UnstorableText {
    private UnstorableText() {
    }

    /** Whether the character at {@code index} is a NUL or a surrogate without its other half. */
    public static boolean at(String text, int index) {
        char c = text.charAt(index);
        if (c == 0) {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return index + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(index + 1));
        }
        return Character.isLowSurrogate(c) && (index == 0 || !Character.isHighSurrogate(text.charAt(index - 1)));
    }
}
