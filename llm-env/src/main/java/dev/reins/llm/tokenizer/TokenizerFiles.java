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
 * A tokenizer stored beside a model: {@code reins_tokenizer.json} says which kind it is ({@code byte} or
 * {@code bpe}) and lists the special tokens; a BPE tokenizer also writes GPT-2's {@code vocab.json} and
 * {@code merges.txt}. A directory without {@code reins_tokenizer.json} (a Hugging Face GPT-2 directory) loads from
 * {@code vocab.json} + {@code merges.txt} (its {@code <|…|>} entries as specials), or else from Hugging Face's
 * {@code tokenizer.json}.
 * (The name is not {@code tokenizer.json}: that is Hugging Face's fast-tokenizer file, which its loaders would try
 * to parse.)
 */
public final class TokenizerFiles {
    public static final String FILE = "reins_tokenizer.json";
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
            if (Files.isRegularFile(dir.resolve("vocab.json")) || Files.isRegularFile(dir.resolve("encoder.json"))) {
                return BpeTokenizer.load(dir, List.of());
            }
            if (Files.isRegularFile(dir.resolve("tokenizer.json"))) {
                return BpeTokenizer.loadHuggingFaceJson(dir.resolve("tokenizer.json"));
            }
            throw new IllegalArgumentException("no tokenizer in " + dir + ": expected " + FILE + ", GPT-2's vocab.json + merges.txt, "
                    + "or Hugging Face's tokenizer.json");
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
