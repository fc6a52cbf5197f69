package dev.reins.core.space;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds the JSON descriptions of spaces. */
final class SpaceJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SpaceJson() {}

    static ObjectNode object(String type) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("type", type);
        return node;
    }

    static ArrayNode floats(float[] values) {
        ArrayNode array = MAPPER.createArrayNode();
        for (float v : values) {
            if (Float.isFinite(v)) {
                array.add(v);
            } else {
                array.add(Float.toString(v)); // JSON has no infinities; "Infinity"/"-Infinity" as strings
            }
        }
        return array;
    }

    static ArrayNode ints(int[] values) {
        ArrayNode array = MAPPER.createArrayNode();
        for (int v : values) {
            array.add(v);
        }
        return array;
    }
}
