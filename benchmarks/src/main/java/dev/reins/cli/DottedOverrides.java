package dev.reins.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.Map;

/** {@code --hp sft.steps=800}-style overrides as a nested JSON tree (values parsed as YAML). */
final class DottedOverrides {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private DottedOverrides() {}

    static ObjectNode tree(Map<String, String> overrides) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        overrides.forEach((key, value) -> {
            JsonNode parsed;
            try {
                parsed = YAML.readTree(value);
            } catch (IOException e) {
                throw new IllegalArgumentException("--hp " + key + "=" + value + " is not a YAML value: " + e.getMessage());
            }
            String[] path = key.split("\\.");
            ObjectNode node = root;
            for (int i = 0; i < path.length - 1; i++) {
                node = node.has(path[i]) && node.get(path[i]).isObject() ? (ObjectNode) node.get(path[i]) : node.putObject(path[i]);
            }
            node.set(path[path.length - 1], parsed);
        });
        return root;
    }
}
