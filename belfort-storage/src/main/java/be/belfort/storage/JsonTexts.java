package be.belfort.storage;

import java.util.List;

/**
 * Many JSON documents as one statement parameter: a JSON array of them, read back in order with
 * {@code jsonb_array_elements(?::jsonb)} (zipped with other columns' {@code unnest} in {@code ROWS FROM}).
 * <p>
 * Why not a {@code jsonb[]} parameter: the driver writes an array as a text literal, quoting and escaping every
 * character of every document one at a time (a tenth of a batch upsert's processor time went there); documents that
 * are already JSON go into a JSON array as they are.
 */
public final class JsonTexts {
    private JsonTexts() {
    }

    /** The documents, each valid JSON text, as one JSON array. */
    public static String array(List<String> documents) {
        int length = 2 + documents.size();
        for (String document : documents) {
            length += document.length();
        }
        StringBuilder array = new StringBuilder(length).append('[');
        for (int i = 0; i < documents.size(); i++) {
            if (i > 0) {
                array.append(',');
            }
            array.append(documents.get(i));
        }
        return array.append(']').toString();
    }
}
