package dev.reins.llm.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reins.core.checkpoint.AtomicFiles;
import dev.reins.llm.reward.PromptExample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JSON-lines datasets: {@code {"prompt": ..., "completion": ...}} for SFT, {@code {"prompt": ..., "answer": ...}}
 * for verifiable prompts and {@code {"prompt": ..., "chosen": ..., "rejected": ...}} (optionally {@code "margin"})
 * for preferences. A malformed line fails with the file, the line number and what was wrong; blank lines
 * are skipped.
 *
 * <pre>{@code
 * List<PromptCompletion> sft = Jsonl.readCompletions(Path.of("train.jsonl"));
 * List<PromptExample> test = Jsonl.readExamples(Path.of("test.jsonl"));
 * List<PreferencePair> prefs = Jsonl.readPreferences(Path.of("prefs.jsonl"));
 * }</pre>
 */
public final class Jsonl {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Jsonl() {}

    public static List<PromptCompletion> readCompletions(Path file) {
        List<PromptCompletion> out = new ArrayList<>();
        read(file, (line, node) -> out.add(new PromptCompletion(text(file, line, node, "prompt"), text(file, line, node, "completion"))));
        return out;
    }

    public static List<PromptExample> readExamples(Path file) {
        List<PromptExample> out = new ArrayList<>();
        read(file, (line, node) -> out.add(new PromptExample(text(file, line, node, "prompt"), text(file, line, node, "answer"))));
        return out;
    }

    /** Prompts for RLHF: {@code {"prompt": ...}} lines; an {@code "answer"} is kept when present (a monitor can verify it). */
    public static List<PromptExample> readPrompts(Path file) {
        List<PromptExample> out = new ArrayList<>();
        read(file, (line, node) -> out.add(new PromptExample(text(file, line, node, "prompt"),
                node.hasNonNull("answer") ? text(file, line, node, "answer") : "")));
        return out;
    }

    /** Preference pairs; each pair's origin is {@code file:line}. */
    public static List<PreferencePair> readPreferences(Path file) {
        List<PreferencePair> out = new ArrayList<>();
        read(file, (line, node) -> {
            String origin = file + ":" + line;
            JsonNode margin = node.get("margin");
            if (margin != null && !margin.isNull() && !margin.isNumber()) {
                throw new IllegalArgumentException(origin + ": \"margin\" must be a number, got " + margin.getNodeType());
            }
            out.add(new PreferencePair(text(file, line, node, "prompt"), text(file, line, node, "chosen"),
                    text(file, line, node, "rejected"), margin == null || margin.isNull() ? 0.0 : margin.doubleValue(), origin));
        });
        return out;
    }

    /** Writes one JSON object per element (atomically). */
    public static void write(Path file, List<? extends Map<String, ?>> rows) throws IOException {
        StringBuilder out = new StringBuilder();
        for (Map<String, ?> row : rows) {
            out.append(JSON.writeValueAsString(row)).append('\n');
        }
        AtomicFiles.writeString(file, out.toString());
    }

    private interface LineHandler {
        void accept(int line, JsonNode node);
    }

    private static void read(Path file, LineHandler handler) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("data file " + file + " does not exist");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        int count = 0;
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            if (raw.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(raw);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": not valid JSON (" + dev.reins.core.config.Configs.describe(e).replaceFirst("^line \\d+, ", "") + ")");
            }
            if (!node.isObject()) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected a JSON object, got " + node.getNodeType());
            }
            handler.accept(i + 1, node);
            count++;
        }
        if (count == 0) {
            throw new IllegalArgumentException(file + " holds no examples");
        }
    }

    private static String text(Path file, int line, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(file + ":" + line + ": missing \"" + field + "\"");
        }
        if (!v.isTextual() && !v.isNumber()) {
            throw new IllegalArgumentException(file + ":" + line + ": \"" + field + "\" must be a string, got " + v.getNodeType());
        }
        return v.asText();
    }
}
