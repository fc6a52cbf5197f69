package dev.reins.envs.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reins.core.env.Env;
import dev.reins.core.env.StepResult;
import dev.reins.core.env.wrappers.TimeLimit;
import dev.reins.envs.classic.ClassicControlEnv;
import dev.reins.envs.registry.Envs;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays Gymnasium traces step by step: for each step line, set our env's float64 state and elapsed-step counter to
 * the recorded ones, apply the recorded action, and compare the observation (float32, exactly), reward, flags and next
 * state. Setting the state at every step keeps a last-bit difference in sin/cos from being amplified by chaotic
 * dynamics (Acrobot) over an episode.
 *
 * <pre>{@code
 * try (BufferedReader in = Files.newBufferedReader(path)) {
 *     List<TraceEpisodeReport> reports = GymTraceReplay.replay(in, path.toString());
 * }
 * }</pre>
 */
public final class GymTraceReplay {
    /** The tolerance on float64 states and rewards: a last-bit difference in libm's sin/cos. */
    public static final double STATE_TOLERANCE = 1e-12;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GymTraceReplay() {}

    /** Mutable accumulation for one (env, seed) episode. */
    private static final class Episode {
        final String env;
        final long seed;
        final Env<float[], Object> wrapped;
        final ClassicControlEnv<Object> raw;
        int steps;
        int observationMismatches;
        double maxObservation;
        double maxState;
        double maxReward;
        int flagMismatches;
        String firstMismatch;

        @SuppressWarnings("unchecked")
        Episode(String env, long seed, Env<?, ?> made) {
            this.env = env;
            this.seed = seed;
            this.wrapped = (Env<float[], Object>) made;
            this.raw = (ClassicControlEnv<Object>) made.unwrapped();
        }

        TraceEpisodeReport report() {
            return new TraceEpisodeReport(env, seed, steps, observationMismatches, maxObservation, maxState, maxReward, flagMismatches,
                    firstMismatch);
        }
    }

    /** Replays every line of {@code in}; {@code source} names it in errors. */
    public static List<TraceEpisodeReport> replay(BufferedReader in, String source) throws IOException {
        Map<String, Episode> episodes = new LinkedHashMap<>();
        String text;
        long lineNumber = 0;
        while ((text = in.readLine()) != null) {
            lineNumber++;
            if (text.isBlank()) {
                continue;
            }
            JsonNode line;
            try {
                line = MAPPER.readTree(text);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new TraceFormatException(source, lineNumber, "not valid JSON: "
                        + dev.reins.core.config.Configs.describe(e).replaceFirst("^line \\d+, ", ""));
            }
            String env = requireText(line, "env", source, lineNumber);
            long seed = requireField(line, "seed", source, lineNumber).asLong();
            if (line.path("reset").asBoolean(false)) {
                continue; // reset lines carry the start state; every step line carries its own state
            }
            String key = env + "#" + seed;
            Episode episode = episodes.get(key);
            if (episode == null) {
                Env<?, ?> made;
                try {
                    made = Envs.make(env);
                } catch (IllegalArgumentException e) {
                    throw new TraceFormatException(source, lineNumber, e.getMessage());
                }
                if (!(made.unwrapped() instanceof ClassicControlEnv<?>)) {
                    throw new TraceFormatException(source, lineNumber, env + " has no settable physics state to replay");
                }
                episode = new Episode(env, seed, made);
                episodes.put(key, episode);
            }
            replayStep(episode, line, source, lineNumber);
        }
        List<TraceEpisodeReport> reports = new ArrayList<>();
        for (Episode e : episodes.values()) {
            reports.add(e.report());
        }
        return reports;
    }

    private static void replayStep(Episode e, JsonNode line, String source, long lineNumber) {
        int step = requireField(line, "step", source, lineNumber).asInt();
        double[] state = doubles(requireField(line, "state", source, lineNumber), e.raw.dynamics().stateDim(), "state", source,
                lineNumber);
        double[] nextState = doubles(requireField(line, "next_state", source, lineNumber), e.raw.dynamics().stateDim(), "next_state",
                source, lineNumber);
        double[] nextObs = doubles(requireField(line, "next_obs", source, lineNumber), e.raw.dynamics().observationSpace().dim(), "next_obs",
                source, lineNumber);
        Object action = action(requireField(line, "action", source, lineNumber), e, source, lineNumber);
        double reward = requireField(line, "reward", source, lineNumber).asDouble();
        boolean terminated = requireField(line, "terminated", source, lineNumber).asBoolean();
        boolean truncated = requireField(line, "truncated", source, lineNumber).asBoolean();

        e.wrapped.reset(e.seed); // a fresh episode, then overwrite its state and step counter with the recorded ones
        e.raw.setState(state);
        if (e.wrapped instanceof TimeLimit<?, ?> limit) {
            if (step > limit.maxEpisodeSteps()) {
                throw new TraceFormatException(source, lineNumber, "step " + step + " is beyond " + e.env + "'s time limit "
                        + limit.maxEpisodeSteps());
            }
            limit.setElapsedSteps(step);
        }
        StepResult<float[]> r;
        try {
            r = e.wrapped.step(action);
        } catch (IllegalArgumentException ex) {
            throw new TraceFormatException(source, lineNumber, ex.getMessage());
        }
        e.steps++;
        boolean obsMismatch = false;
        for (int i = 0; i < nextObs.length; i++) {
            double d = Math.abs(r.observation()[i] - nextObs[i]);
            e.maxObservation = Math.max(e.maxObservation, d);
            obsMismatch |= r.observation()[i] != (float) nextObs[i] || (double) (float) nextObs[i] != nextObs[i];
        }
        double[] ours = e.raw.state();
        for (int i = 0; i < ours.length; i++) {
            e.maxState = Math.max(e.maxState, Math.abs(ours[i] - nextState[i]));
        }
        e.maxReward = Math.max(e.maxReward, Math.abs(r.reward() - reward));
        boolean flagMismatch = r.terminated() != terminated || r.truncated() != truncated;
        if (obsMismatch) {
            e.observationMismatches++;
        }
        if (flagMismatch) {
            e.flagMismatches++;
        }
        if ((obsMismatch || flagMismatch || Math.abs(r.reward() - reward) > STATE_TOLERANCE) && e.firstMismatch == null) {
            e.firstMismatch = "line " + lineNumber + " (step " + step + "): observation " + java.util.Arrays.toString(r.observation())
                    + " vs " + java.util.Arrays.toString(nextObs) + ", reward " + r.reward() + " vs " + reward + ", terminated "
                    + r.terminated() + " vs " + terminated + ", truncated " + r.truncated() + " vs " + truncated;
        }
    }

    private static Object action(JsonNode node, Episode e, String source, long lineNumber) {
        if (node.isIntegralNumber()) {
            return node.asInt();
        }
        if (node.isArray()) {
            float[] a = new float[node.size()];
            for (int i = 0; i < a.length; i++) {
                if (!node.get(i).isNumber()) {
                    throw new TraceFormatException(source, lineNumber, "action must hold numbers, got " + node);
                }
                a[i] = (float) node.get(i).asDouble();
            }
            return a;
        }
        throw new TraceFormatException(source, lineNumber, "action must be an integer or a list of numbers, got " + node);
    }

    private static JsonNode requireField(JsonNode line, String field, String source, long lineNumber) {
        JsonNode v = line.get(field);
        if (v == null || v.isNull()) {
            throw new TraceFormatException(source, lineNumber, "missing field '" + field + "'");
        }
        return v;
    }

    private static String requireText(JsonNode line, String field, String source, long lineNumber) {
        JsonNode v = requireField(line, field, source, lineNumber);
        if (!v.isTextual()) {
            throw new TraceFormatException(source, lineNumber, "field '" + field + "' must be a string, got " + v);
        }
        return v.asText();
    }

    private static double[] doubles(JsonNode node, int length, String field, String source, long lineNumber) {
        if (!node.isArray() || node.size() != length) {
            throw new TraceFormatException(source, lineNumber, "field '" + field + "' must be a list of " + length + " numbers, got "
                    + node);
        }
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            if (!node.get(i).isNumber()) {
                throw new TraceFormatException(source, lineNumber, "field '" + field + "' must hold numbers, got " + node);
            }
            out[i] = node.get(i).asDouble();
        }
        return out;
    }
}
