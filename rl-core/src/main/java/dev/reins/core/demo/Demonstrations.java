package dev.reins.core.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reins.core.checkpoint.AtomicFiles;
import dev.reins.core.space.Box;
import dev.reins.core.space.Discrete;
import dev.reins.core.space.MultiDiscrete;
import dev.reins.core.space.Space;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demonstration file: JSON lines, one {@link Trajectory} a line, so that any language can write or read it.
 *
 * <pre>{@code
 * {"env": "CartPole-v1", "observations": [[0.01, 0.0, -0.02, 0.03], ...], "actions": [1, ...],
 *  "rewards": [1.0, ...], "terminated": true, "truncated": false, "infos": [{}, ...]}
 * }</pre>
 *
 * Observations and actions are written as their space holds them: a number for {@code Discrete}, an array of numbers
 * for {@code Box} and {@code MultiDiscrete}. {@code env} (the Gymnasium id the episode was played on) and {@code infos}
 * are optional when reading; {@code terminated} and {@code truncated} default to false. Reading checks every line
 * against the env's spaces and names the first problem by {@code file:line}.
 *
 * <pre>{@code
 * Demonstrations.write(Path.of("demos.jsonl"), "CartPole-v1", trajectories);
 * List<Trajectory<float[], Integer>> demos = Demonstrations.read(Path.of("demos.jsonl"), env);
 * }</pre>
 */
public final class Demonstrations {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Demonstrations() {}

    /** Writes {@code trajectories} played on {@code envId}, replacing {@code file} atomically. */
    public static void write(Path file, String envId, List<? extends Trajectory<?, ?>> trajectories) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Trajectory<?, ?> t : trajectories) {
            text.append(toLine(envId, t)).append('\n');
        }
        AtomicFiles.writeString(file, text.toString());
    }

    /** One trajectory as a line of JSON (no newline). */
    public static String toLine(String envId, Trajectory<?, ?> t) {
        ObjectNode node = JSON.createObjectNode();
        node.put("env", envId);
        ArrayNode observations = node.putArray("observations");
        t.observations().forEach(o -> observations.add(value(o)));
        ArrayNode actions = node.putArray("actions");
        t.actions().forEach(a -> actions.add(value(a)));
        ArrayNode rewards = node.putArray("rewards");
        for (double r : t.rewards()) {
            rewards.add(r);
        }
        node.put("terminated", t.terminated());
        node.put("truncated", t.truncated());
        ArrayNode infos = node.putArray("infos");
        for (Map<String, Object> info : t.infos()) {
            ObjectNode i = infos.addObject();
            info.forEach((k, v) -> i.set(k, infoValue(v)));
        }
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a trajectory as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode value(Object o) {
        if (o instanceof Integer i) {
            return JSON.getNodeFactory().numberNode(i);
        }
        if (o instanceof float[] x) {
            ArrayNode a = JSON.createArrayNode();
            for (float v : x) {
                a.add(v);
            }
            return a;
        }
        if (o instanceof int[] x) {
            ArrayNode a = JSON.createArrayNode();
            for (int v : x) {
                a.add(v);
            }
            return a;
        }
        if (o instanceof double[] x) {
            ArrayNode a = JSON.createArrayNode();
            for (double v : x) {
                a.add(v);
            }
            return a;
        }
        throw new IllegalArgumentException("cannot write " + (o == null ? "null" : o.getClass().getSimpleName())
                + " as an observation or action: spaces hold Integer, int[] or float[]");
    }

    /** Info values that JSON can hold are kept as they are; anything else as its text. */
    private static JsonNode infoValue(Object v) {
        if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String || v instanceof Map<?, ?>
                || v instanceof List<?>) {
            try {
                return JSON.valueToTree(v);
            } catch (IllegalArgumentException e) {
                return JSON.getNodeFactory().textNode(String.valueOf(v));
            }
        }
        return JSON.getNodeFactory().textNode(String.valueOf(v));
    }

    /**
     * Reads every trajectory of {@code file}, checking each against the spaces; {@code envId}, if not null, must match
     * the {@code env} of every line that names one.
     *
     * @throws DemonstrationException naming {@code file:line} and what was expected, for any problem
     */
    @SuppressWarnings("unchecked")
    public static <O, A> List<Trajectory<O, A>> read(Path file, String envId, Space<O> observationSpace, Space<A> actionSpace) {
        List<Trajectory<O, A>> out = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String where = file + ":" + lineNumber;
                out.add(parse(line, where, envId, observationSpace, actionSpace));
            }
        } catch (NoSuchFileException e) {
            throw new DemonstrationException("demonstration file " + file + " does not exist");
        } catch (IOException | UncheckedIOException e) {
            throw new DemonstrationException("cannot read demonstration file " + file + ": " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new DemonstrationException("demonstration file " + file + " has no trajectories (expected one JSON object a line)");
        }
        return out;
    }

    private static <O, A> Trajectory<O, A> parse(String line, String where, String envId, Space<O> observationSpace,
            Space<A> actionSpace) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new DemonstrationException(where + ": not JSON (" + dev.reins.core.config.Configs.describe(e).replaceFirst("^line \\d+, ", "") + ")");
        }
        if (!node.isObject()) {
            throw new DemonstrationException(where + ": expected a JSON object with observations, actions and rewards");
        }
        if (envId != null && node.hasNonNull("env") && !node.get("env").asText().equals(envId)) {
            throw new DemonstrationException(where + ": the trajectory was played on " + node.get("env").asText()
                    + ", but the env is " + envId);
        }
        JsonNode observations = array(node, "observations", where);
        JsonNode actions = array(node, "actions", where);
        JsonNode rewards = array(node, "rewards", where);
        if (observations.size() != actions.size() + 1) {
            throw new DemonstrationException(where + ": " + observations.size() + " observations and " + actions.size()
                    + " actions; expected one more observation than actions");
        }
        if (rewards.size() != actions.size()) {
            throw new DemonstrationException(where + ": " + rewards.size() + " rewards for " + actions.size()
                    + " actions; expected one reward per action");
        }
        List<O> obs = new ArrayList<>(observations.size());
        for (int t = 0; t < observations.size(); t++) {
            obs.add(observation(observations.get(t), observationSpace, where + ": observation " + t));
        }
        List<A> acts = new ArrayList<>(actions.size());
        for (int t = 0; t < actions.size(); t++) {
            A a = parseValue(actions.get(t), actionSpace, where + ": action " + t);
            if (!actionSpace.contains(a)) {
                throw new DemonstrationException(where + ": action " + t + " is " + actions.get(t) + ", outside the action space "
                        + actionSpace);
            }
            acts.add(a);
        }
        double[] r = new double[rewards.size()];
        for (int t = 0; t < r.length; t++) {
            if (!rewards.get(t).isNumber() || !Double.isFinite(rewards.get(t).asDouble())) {
                throw new DemonstrationException(where + ": reward " + t + " is " + rewards.get(t) + ", expected a finite number");
            }
            r[t] = rewards.get(t).asDouble();
        }
        List<Map<String, Object>> infos = new ArrayList<>(acts.size());
        JsonNode infoNode = node.get("infos");
        if (infoNode != null && !infoNode.isNull() && (!infoNode.isArray() || infoNode.size() != acts.size())) {
            throw new DemonstrationException(where + ": infos must be a list of " + acts.size() + " objects, one per action");
        }
        for (int t = 0; t < acts.size(); t++) {
            Map<String, Object> info = new LinkedHashMap<>();
            if (infoNode != null && infoNode.isArray()) {
                JsonNode i = infoNode.get(t);
                for (Iterator<Map.Entry<String, JsonNode>> it = i.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    info.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class));
                }
            }
            infos.add(info);
        }
        boolean terminated = flag(node, "terminated", where);
        boolean truncated = flag(node, "truncated", where);
        if (terminated && truncated) {
            throw new DemonstrationException(where + ": terminated and truncated are both true; an episode ends one way");
        }
        return new Trajectory<>(obs, acts, r, terminated, truncated, infos);
    }

    private static JsonNode array(JsonNode node, String field, String where) {
        JsonNode a = node.get(field);
        if (a == null || !a.isArray()) {
            throw new DemonstrationException(where + ": '" + field + "' must be a list");
        }
        return a;
    }

    private static boolean flag(JsonNode node, String field, String where) {
        JsonNode f = node.get(field);
        if (f == null || f.isNull()) {
            return false;
        }
        if (!f.isBoolean()) {
            throw new DemonstrationException(where + ": '" + field + "' is " + f + ", expected true or false");
        }
        return f.booleanValue();
    }

    /** Observations are checked for shape and finiteness; bounds are not enforced (Gymnasium's are often loose). */
    private static <O> O observation(JsonNode v, Space<O> space, String what) {
        O o = parseValue(v, space, what);
        if (space instanceof Discrete || space instanceof MultiDiscrete) {
            if (!space.contains(o)) {
                throw new DemonstrationException(what + " is " + v + ", outside the observation space " + space);
            }
        }
        return o;
    }

    @SuppressWarnings("unchecked")
    private static <T> T parseValue(JsonNode v, Space<T> space, String what) {
        if (space instanceof Discrete d) {
            if (!v.isIntegralNumber()) {
                throw new DemonstrationException(what + " is " + v + ", expected an integer of " + d);
            }
            return (T) Integer.valueOf(v.intValue());
        }
        if (space instanceof Box box) {
            if (!v.isArray() || v.size() != box.dim()) {
                throw new DemonstrationException(what + " is " + abbreviate(v) + ", expected " + box.dim() + " numbers ("
                        + box + ")");
            }
            float[] x = new float[box.dim()];
            for (int i = 0; i < x.length; i++) {
                if (!v.get(i).isNumber() || !Float.isFinite(v.get(i).floatValue())) {
                    throw new DemonstrationException(what + " has " + v.get(i) + " at index " + i + ", expected a finite number");
                }
                x[i] = v.get(i).floatValue();
            }
            return (T) x;
        }
        if (space instanceof MultiDiscrete md) {
            if (!v.isArray() || v.size() != md.dim()) {
                throw new DemonstrationException(what + " is " + abbreviate(v) + ", expected " + md.dim() + " integers (" + md + ")");
            }
            int[] x = new int[md.dim()];
            for (int i = 0; i < x.length; i++) {
                if (!v.get(i).isIntegralNumber()) {
                    throw new DemonstrationException(what + " has " + v.get(i) + " at index " + i + ", expected an integer");
                }
                x[i] = v.get(i).intValue();
            }
            return (T) x;
        }
        throw new DemonstrationException("demonstrations of " + space + " spaces are not supported (Discrete, Box, MultiDiscrete)");
    }

    private static String abbreviate(JsonNode v) {
        String s = v.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
