package dev.reins.core.schedule;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** Reads a {@link Schedule} from a plain number (constant) or an object with a {@code type}. */
final class ScheduleDeserializer extends StdDeserializer<Schedule> {
    private static final ObjectMapper STRICT =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    ScheduleDeserializer() {
        super(Schedule.class);
    }

    @Override
    public Schedule deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonNode node = p.readValueAsTree();
        if (node.isNumber()) {
            return new Schedule.Constant(node.doubleValue());
        }
        if (!node.isObject() || !node.has("type")) {
            return (Schedule) ctxt.handleUnexpectedToken(Schedule.class, p.currentToken(), p,
                    "a schedule is a number or an object with a 'type' (constant, linear, exponential, piecewise), got " + node);
        }
        ObjectNode fields = ((ObjectNode) node).deepCopy();
        String type = fields.remove("type").asText();
        Class<? extends Schedule> target = switch (type) {
            case "constant" -> Schedule.Constant.class;
            case "linear" -> Schedule.Linear.class;
            case "exponential" -> Schedule.Exponential.class;
            case "piecewise" -> Schedule.Piecewise.class;
            default -> null;
        };
        if (target == null) {
            throw ctxt.weirdStringException(type, Schedule.class,
                    "unknown schedule type; allowed: constant, linear, exponential, piecewise");
        }
        if (target == Schedule.Linear.class || target == Schedule.Exponential.class) {
            for (String required : new String[] {"start", "end"}) {
                // A missing end would silently be 0 (a rate decayed to nothing); say what a schedule needs instead.
                if (!fields.has(required)) {
                    return ctxt.reportInputMismatch(Schedule.class, "a " + type + " schedule needs '" + required
                            + "', e.g. {type: " + type + ", start: 1.0e-3, end: 1.0e-5}; given: " + node);
                }
            }
            if (!fields.has("fraction")) {
                fields.put("fraction", 1.0); // the whole of training unless said otherwise
            }
        }
        return STRICT.treeToValue(fields, target);
    }
}
