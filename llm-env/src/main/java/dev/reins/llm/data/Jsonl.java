package dev.reins.llm.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reins.core.checkpoint.AtomicFiles;
import dev.reins.llm.reward.PromptExample;
import dev.reins.llm.tokenizer.ChatTemplate;
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
 * List<SftExample> chats = Jsonl.readSftExamples(Path.of("chats.jsonl"));     // {"messages": [...]} lines too
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

    /**
     * SFT examples: {@code {"prompt": ..., "completion": ...}} lines (plain text) or {@code {"messages": [...]}} lines
     * (conversational, ChatML, assistant-only loss), mixed freely.
     */
    public static List<SftExample> readSftExamples(Path file) {
        List<SftExample> out = new ArrayList<>();
        read(file, (line, node) -> {
            if (node.has("messages")) {
                List<ChatTemplate.Message> messages = messages(file, line, node, "messages");
                try {
                    out.add(new Conversation(messages));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ":" + line + ": " + e.getMessage());
                }
            } else {
                out.add(new PromptCompletion(text(file, line, node, "prompt"), text(file, line, node, "completion")));
            }
        });
        return out;
    }

    /** Prompts with answers; a {@code "prompt"} that is a list of messages is a conversational prompt. */
    public static List<PromptExample> readExamples(Path file) {
        List<PromptExample> out = new ArrayList<>();
        read(file, (line, node) -> out.add(prompt(file, line, node, text(file, line, node, "answer"))));
        return out;
    }

    /** Prompts for RLHF: {@code {"prompt": ...}} lines; an {@code "answer"} is kept when present (a monitor can verify it). */
    public static List<PromptExample> readPrompts(Path file) {
        List<PromptExample> out = new ArrayList<>();
        read(file, (line, node) -> out.add(prompt(file, line, node, node.hasNonNull("answer") ? text(file, line, node, "answer") : "")));
        return out;
    }

    private static PromptExample prompt(Path file, int line, JsonNode node, String answer) {
        JsonNode prompt = node.get("prompt");
        if (prompt != null && prompt.isArray()) {
            List<ChatTemplate.Message> messages = messages(file, line, node, "prompt");
            if (messages.isEmpty()) {
                throw new IllegalArgumentException(file + ":" + line + ": \"prompt\" is an empty list of messages");
            }
            return PromptExample.conversational(messages, answer);
        }
        return new PromptExample(text(file, line, node, "prompt"), answer);
    }

    /** A list of {@code {"role": ..., "content": ...}} objects. */
    private static List<ChatTemplate.Message> messages(Path file, int line, JsonNode node, String field) {
        JsonNode list = node.get(field);
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException(file + ":" + line + ": \"" + field + "\" must be a list of {\"role\", \"content\"} objects, got "
                    + (list == null ? "nothing" : list.getNodeType()));
        }
        List<ChatTemplate.Message> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode m = list.get(i);
            String where = field + "[" + i + "]";
            if (!m.isObject()) {
                throw new IllegalArgumentException(file + ":" + line + ": " + where + " must be an object with \"role\" and \"content\", got "
                        + m.getNodeType());
            }
            String role = text(file, line, m, "role", where + ".role");
            String content = text(file, line, m, "content", where + ".content");
            try {
                out.add(new ChatTemplate.Message(role, content));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ":" + line + ": " + where + ": " + e.getMessage());
            }
        }
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
        return text(file, line, node, field, field);
    }

    private static String text(Path file, int line, JsonNode node, String field, String name) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(file + ":" + line + ": missing \"" + name + "\"");
        }
        if (!v.isTextual() && !v.isNumber()) {
            throw new IllegalArgumentException(file + ":" + line + ": \"" + name + "\" must be a string, got " + v.getNodeType());
        }
        return v.asText();
    }
}
