package dev.reins.llm.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reins.core.checkpoint.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tokenizer stored beside a model: {@code tokenizer.json} says which kind it is ({@code byte} or {@code bpe})
 * and lists the special tokens; a BPE tokenizer also writes {@code vocab.json} and {@code merges.txt}.
 */
public final class TokenizerFiles {
    public static final String FILE = "tokenizer.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenizerFiles() {}

    public static void save(Tokenizer tokenizer, Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectNode node = JSON.createObjectNode();
        if (tokenizer instanceof ByteTokenizer) {
            node.put("type", "byte");
        } else if (tokenizer instanceof BpeTokenizer bpe) {
            node.put("type", "bpe");
            bpe.save(dir);
        } else {
            throw new IllegalArgumentException("cannot save tokenizer of type " + tokenizer.getClass().getName());
        }
        node.putPOJO("specials", tokenizer.specialTokens());
        AtomicFiles.writeString(dir.resolve(FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
    }

    public static Tokenizer load(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no " + FILE + " in " + dir);
        }
        JsonNode node;
        try {
            node = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<String> specials = new ArrayList<>();
        node.path("specials").forEach(s -> specials.add(s.asText()));
        String type = node.path("type").asText("");
        return switch (type) {
            case "byte" -> new ByteTokenizer(specials);
            case "bpe" -> BpeTokenizer.load(dir, specials);
            default -> throw new IllegalArgumentException(file + ": tokenizer type must be 'byte' or 'bpe', got '" + type + "'");
        };
    }
}
