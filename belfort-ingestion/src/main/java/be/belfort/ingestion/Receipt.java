package be.belfort.ingestion;

import java.util.List;

/**
 * What became of a message: the attributes written (committed), and the measures refused with their reasons.
 *
 * @param duplicate true for a LoRaWAN frame already written, which is ignored
 */
public record Receipt(List<String> written, List<Refusal> refused, boolean duplicate) {
}
