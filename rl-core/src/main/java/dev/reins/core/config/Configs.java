package dev.reins.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads and writes config records as YAML or JSON with snake_case keys. Reading starts from the defaults and
 * overlays what the file (or command line) gives, so a config file names only what it changes. Unknown keys, values
 * of the wrong type, and values the record's constructor rejects become one {@link ConfigException} line naming the
 * key and the allowed keys or values.
 *
 * <pre>{@code
 * QLearningConfig config = Configs.read(Path.of("q.yaml"), QLearningConfig.defaults(), QLearningConfig.class);
 * String yaml = Configs.toYaml(config);
 * }</pre>
 */
public final class Configs {
    private static final ObjectMapper YAML = configure(new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)));
    private static final ObjectMapper JSON = configure(new ObjectMapper());

    static {
        // A key given twice is a mistake (which one did the user mean?), not "last wins".
        YAML.enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        JSON.enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    private Configs() {}

    private static ObjectMapper configure(ObjectMapper mapper) {
        // Enum values read in any case and are written in lower case, as YAML configs spell them (tanh, adaptive_kl).
        mapper.configure(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, true);
        mapper.configure(com.fasterxml.jackson.databind.cfg.EnumFeature.WRITE_ENUMS_TO_LOWERCASE, true);
        return mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** The mapper used for JSON (snake_case, strict). */
    public static ObjectMapper json() {
        return JSON;
    }

    /** Reads a YAML (or JSON, which is YAML) file over {@code defaults}. */
    public static <T> T read(Path file, T defaults, Class<T> type) {
        JsonNode overrides;
        try {
            overrides = YAML.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " is not valid YAML: " + describe(e));
        }
        if (overrides == null || overrides.isMissingNode() || overrides.isNull()) {
            return defaults;
        }
        return overlay(defaults, overrides, type, "config file " + file);
    }

    /** Applies {@code overrides} (a map of snake_case keys, e.g. from the command line) to {@code defaults}. */
    public static <T> T withOverrides(T defaults, Map<String, ?> overrides, Class<T> type, String source) {
        return overlay(defaults, YAML.valueToTree(overrides), type, source);
    }

    /**
     * Copies {@code overrides} into {@code merged}; a mapping given for a key whose default is a mapping (a nested
     * config) and uses only its keys is merged key by key, so {@code sft: {steps: 800}} changes one field of the nested
     * config.
     */
    private static void mergeInto(ObjectNode merged, ObjectNode overrides, String prefix, Class<?> type, String source) {
        List<String> allowed = new ArrayList<>();
        merged.fieldNames().forEachRemaining(allowed::add);
        Iterator<Map.Entry<String, JsonNode>> fields = overrides.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            if (!merged.has(e.getKey())) {
                throw new ConfigException(source + ": unknown key '" + prefix + e.getKey() + "' for " + type.getSimpleName()
                        + "; allowed keys" + (prefix.isEmpty() ? "" : " under " + prefix.substring(0, prefix.length() - 1)) + ": "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
            JsonNode current = merged.get(e.getKey());
            if (current != null && current.isObject() && e.getValue().isObject() && !current.isEmpty()
                    && hasOnlyKeysOf(e.getValue(), current)) {
                mergeInto((ObjectNode) current, (ObjectNode) e.getValue(), prefix + e.getKey() + ".", type, source);
            } else {
                merged.set(e.getKey(), e.getValue());
            }
        }
    }

    /** Whether every key of {@code override} is a key of {@code base} (else the override replaces, as a new schedule type does). */
    private static boolean hasOnlyKeysOf(JsonNode override, JsonNode base) {
        Iterator<String> names = override.fieldNames();
        while (names.hasNext()) {
            if (!base.has(names.next())) {
                return false;
            }
        }
        return true;
    }

    /** Applies a YAML/JSON tree to {@code defaults}. */
    public static <T> T overlay(T defaults, JsonNode overrides, Class<T> type, String source) {
        if (!overrides.isObject()) {
            throw new ConfigException(source + " must be a mapping of keys to values, got " + overrides.getNodeType());
        }
        ObjectNode merged = YAML.valueToTree(defaults);
        mergeInto(merged, (ObjectNode) overrides, "", type, source);
        try {
            return YAML.treeToValue(merged, type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConfigException(source + ": " + cause.getMessage(), e);
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw new ConfigException(source + ": key '" + path + "' has an invalid value: " + firstLine(e.getOriginalMessage()), e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": " + firstLine(e.getOriginalMessage()), e);
        }
    }

    /** {@code config} as YAML with snake_case keys. */
    public static String toYaml(Object config) {
        try {
            return YAML.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new ConfigException("cannot write config as YAML: " + e.getMessage(), e);
        }
    }

    /** {@code config} as indented JSON with snake_case keys. */
    public static String toJson(Object config) {
        try {
            return JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new ConfigException("cannot write config as JSON: " + e.getMessage(), e);
        }
    }

    /** Reads YAML text into a tree (for config files that hold several sections). */
    public static JsonNode readYamlTree(String text, String source) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new ConfigException(source + " is not valid YAML: " + describe(e));
        }
    }

    /**
     * A parse error as one line with its place and without Jackson's internals: {@code line 4, column 18: while parsing
     * a flow sequence} or {@code line 1, column 20: Unexpected end-of-input: expected close marker for Array}.
     */
    public static String describe(IOException e) {
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            // SnakeYAML's own message spans lines with source excerpts; its problem and context say it in one.
            String context = yaml.getContext() == null || yaml.getContextMark() == null ? ""
                    : " (" + yaml.getContext() + " at line " + (yaml.getContextMark().getLine() + 1) + ")";
            return "line " + (yaml.getProblemMark().getLine() + 1) + ", column " + (yaml.getProblemMark().getColumn() + 1) + ": "
                    + yaml.getProblem() + context;
        }
        if (!(e instanceof JsonProcessingException p)) {
            return firstLine(e.getMessage());
        }
        String message = firstLine(p.getOriginalMessage())
                .replace("Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); ", "")
                .replace("[Source: (String)\"", "[")
                .replaceFirst("^Duplicate field '(.*)'$", "key '$1' is given twice");
        var where = p.getLocation();
        return where == null || where.getLineNr() < 0 ? message
                : "line " + where.getLineNr() + ", column " + where.getColumnNr() + ": " + message;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
