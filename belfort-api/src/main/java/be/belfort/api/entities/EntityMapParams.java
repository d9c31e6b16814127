package be.belfort.api.entities;

import be.belfort.api.ApiServer;
import be.belfort.model.Names;
import be.belfort.model.NgsiLdException;
import be.belfort.query.DistributedReads;

import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The entity map a query asks for (clause 6.4.3.2): {@code entityMap=true} to have one made, {@code
 * entityMapLifetime} (an ISO 8601 duration) to suggest how long it lives, and the {@code NGSILD-EntityMap} request
 * header naming a map made before; the same header in the answer names the map the page came from.
 */
final class EntityMapParams {
    static final String HEADER = "NGSILD-EntityMap";
    static final String PATH = ApiServer.BASE + "/entityMaps/";
    private static final Pattern DURATION = Pattern.compile("P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?");

    private EntityMapParams() {
    }

    /**
     * What the request asks of entity maps, or null when it asks for none.
     *
     * @param flag     the entityMap parameter, or null
     * @param lifetime the entityMapLifetime parameter, or null
     * @param header   the NGSILD-EntityMap request header, or null
     */
    static DistributedReads.MapRequest of(String flag, String lifetime, String header, String reader, boolean local) {
        boolean wanted = flag != null && switch (flag) {
            case "true" -> true;
            case "false" -> false;
            default -> throw NgsiLdException.badData("entityMap must be true or false, not '" + Names.abbreviate(flag)
                    + "'");
        };
        Duration suggested = lifetime == null ? null : duration(lifetime);
        String mapId = header == null ? null : mapId(header);
        if (!wanted && mapId == null) {
            return null;
        }
        return new DistributedReads.MapRequest(mapId, suggested, reader, local);
    }

    /** The header's map: its id, or the URI the broker gave (a path or a URL ending in /entityMaps/{id}). */
    static String mapId(String header) {
        String value = header.trim();
        int at = value.lastIndexOf("/entityMaps/");
        String id = at < 0 ? value : java.net.URLDecoder.decode(value.substring(at + "/entityMaps/".length()),
                java.nio.charset.StandardCharsets.UTF_8);
        return Names.requireUri(HEADER, id);
    }

    /** An ISO 8601 duration; years count 365 days, months 30. */
    static Duration duration(String text) {
        if (!DURATION.matcher(text).matches()) {
            throw NgsiLdException.badData("entityMapLifetime must be an ISO 8601 duration such as PT10M or P1D, not '"
                    + Names.abbreviate(text) + "'");
        }
        int time = text.indexOf('T');
        String datePart = time < 0 ? text : text.substring(0, time);
        try {
            Duration total = Duration.ZERO;
            if (datePart.length() > 1) {
                Period period = Period.parse(datePart);
                total = total.plusDays(period.getYears() * 365L + period.getMonths() * 30L + period.getDays());
            }
            if (time >= 0) {
                total = total.plus(Duration.parse("P" + text.substring(time)));
            }
            if (!total.isPositive()) {
                throw NgsiLdException.badData("entityMapLifetime must be longer than zero");
            }
            return total;
        } catch (DateTimeParseException | ArithmeticException e) {
            throw NgsiLdException.badData("entityMapLifetime '" + Names.abbreviate(text) + "' is out of range");
        }
    }

    /** The header value the answer names its map by: the map's resource path. */
    static String location(String mapId) {
        return PATH + mapId;
    }
}
