package be.belfort.federation;

import be.belfort.model.Members;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Which registered sources take a write of one entity, and what of it each takes by its mode (clause 4.3.6.3): an
 * {@code exclusive} source the attributes it registered, then not kept here; a {@code redirect} source what it
 * registered (all when it names no attribute), not kept here either; an {@code inclusive} source the whole write,
 * kept here too; {@code auxiliary} sources nothing.
 */
final class WriteSplit {
    /** A source that takes the write, and the attributes (IRIs) it takes; empty: the whole write. */
    record Target(Registration source, Set<String> attributes) {
        boolean takesAll() {
            return attributes.isEmpty();
        }
    }

    /**
     * @param kept    what is left for the local store (null for a write without payload)
     * @param keptAll false when a source takes the whole write instead of the local store
     * @param sent    what each source takes (null values for a write without payload)
     */
    record Split(ObjectNode kept, boolean keptAll, Map<Target, ObjectNode> sent) {
        /** Whether the local store writes anything: what is left has attributes, or the write creates the entity. */
        boolean writesHere(boolean creates) {
            return keptAll && (kept == null || hasAttributes(kept) || creates || sent.isEmpty());
        }
    }

    private final Registrations registrations;
    private final Clock clock;

    WriteSplit(Registrations registrations, Clock clock) {
        this.registrations = registrations;
        this.clock = clock;
    }

    List<Target> targets(String tenant, String operation, String entityId, List<String> types) {
        List<Target> targets = new ArrayList<>();
        for (Registration registration : registrations.active(tenant, clock.instant())) {
            if (registration.mode() == Mode.AUXILIARY || !registration.serves(operation)) {
                continue;
            }
            Set<String> attributes = new LinkedHashSet<>();
            boolean matches = false;
            boolean all = false;
            for (RegistrationInfo info : registration.information()) {
                boolean holds = info.entities().isEmpty()
                        || info.entities().stream().anyMatch(entity -> holds(entity, entityId, types));
                if (holds) {
                    matches = true;
                    all |= info.attributeNames().isEmpty();
                    attributes.addAll(info.attributeNames());
                }
            }
            if (matches) {
                targets.add(new Target(registration, all ? Set.of() : attributes));
            }
        }
        return targets;
    }

    /** Whether a source of the tenant takes this operation of some entity (in memory). */
    boolean anyTakes(String tenant, String operation) {
        if (!registrations.any(tenant)) {
            return false;
        }
        return registrations.active(tenant, clock.instant()).stream()
                .anyMatch(registration -> registration.mode() != Mode.AUXILIARY && registration.serves(operation));
    }

    /** Whether the entity may be among those registered: by id or pattern, and by type when its types are known. */
    private static boolean holds(EntityInfo entity, String entityId, List<String> types) {
        return (types.isEmpty() || entity.types().isEmpty() || entity.hasAnyType(types)) && entity.mayHold(entityId);
    }

    /** What each target takes of the payload (null: a write without payload) and what is left here. */
    static Split split(List<Target> targets, ObjectNode body, UnaryOperator<String> expand) {
        ObjectNode kept = body == null ? null : body.deepCopy();
        boolean keptAll = true;
        Map<Target, ObjectNode> sent = new LinkedHashMap<>();
        for (Target target : targets) {
            Mode mode = target.source().mode();
            boolean alone = mode == Mode.EXCLUSIVE || mode == Mode.REDIRECT;
            if (body == null) {
                sent.put(target, null);
                keptAll &= !(alone && target.takesAll());
                continue;
            }
            ObjectNode part = part(body, target, expand);
            if (part == null) {
                continue;
            }
            sent.put(target, part);
            if (alone) {
                if (target.takesAll()) {
                    keptAll = false;
                } else {
                    List<String> claimed = new ArrayList<>();
                    kept.fieldNames().forEachRemaining(name -> {
                        if (!isEntityMember(name) && target.attributes().contains(expand.apply(name))) {
                            claimed.add(name);
                        }
                    });
                    kept.remove(claimed);
                }
            }
        }
        return new Split(kept, keptAll, sent);
    }

    /** What of the payload goes to the target: the claimed attributes (with id and type), or all; null for nothing. */
    private static ObjectNode part(ObjectNode body, Target target, UnaryOperator<String> expand) {
        if (target.takesAll()) {
            return body.deepCopy();
        }
        ObjectNode part = body.objectNode();
        boolean any = false;
        for (Map.Entry<String, JsonNode> member : body.properties()) {
            String name = member.getKey();
            if (isEntityMember(name)) {
                if (!name.equals(Members.SCOPE)) {
                    part.set(name, member.getValue());
                }
            } else if (target.attributes().contains(expand.apply(name))) {
                part.set(name, member.getValue());
                any = true;
            }
        }
        return any ? part : null;
    }

    static boolean hasAttributes(ObjectNode payload) {
        for (String name : (Iterable<String>) payload::fieldNames) {
            if (!isEntityMember(name)) {
                return true;
            }
        }
        return false;
    }

    /** The members of an entity that are no attribute: never claimed by a registration. */
    static boolean isEntityMember(String name) {
        return name.equals(Members.ID) || name.equals(Members.TYPE) || name.equals(Members.SCOPE)
                || name.startsWith("@");
    }
}
