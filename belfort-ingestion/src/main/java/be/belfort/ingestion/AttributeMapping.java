package be.belfort.ingestion;

/**
 * How one measurement key becomes an NGSI-LD attribute: the IoT Agent's {@code object_id}, {@code name} and
 * {@code type}, plus Belfort's {@code unitCode}, {@code scale} and {@code offset} (value × scale + offset).
 *
 * @param objectId the key in the message (the name when the provisioning gives none)
 * @param name the attribute name, a term of the core @context or an IRI
 * @param type the IoT Agent type: Number, Integer, Float, Text, Boolean, DateTime, geo:point, geo:json,
 *             Relationship, or any other (a Property taking the value as it comes)
 */
public record AttributeMapping(String objectId, String name, String type, String unitCode, Double scale,
                               Double offset) {
}
