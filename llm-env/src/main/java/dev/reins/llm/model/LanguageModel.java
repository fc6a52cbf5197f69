package dev.reins.llm.model;

import dev.reins.llm.tokenizer.Tokenizer;
import dev.reins.llm.tokenizer.TokenizerFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A transformer together with its tokenizer: what a model directory holds ({@code config.json},
 * {@code weights.ckpt}, {@code tokenizer.json}) and what {@code reins llm generate | eval} load.
 *
 * <pre>{@code
 * LanguageModel lm = LanguageModel.load(Path.of("runs/demo/sft"));
 * int[] prompt = lm.tokenizer().encode("37+48=");
 * }</pre>
 */
public record LanguageModel(Tokenizer tokenizer, Transformer transformer) {
    public LanguageModel {
        if (tokenizer.vocabSize() != transformer.config().vocabSize()) {
            throw new IllegalArgumentException("tokenizer has " + tokenizer.vocabSize() + " ids but the transformer's vocab_size is "
                    + transformer.config().vocabSize());
        }
    }

    /**
     * Writes the model directory. The files go to a sibling temporary directory first, which then replaces
     * {@code dir}, so a crash never leaves a half-written model behind.
     */
    public void save(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        Path parent = absolute.getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + absolute.getFileName() + ".tmp-");
        try {
            transformer.save(staging);
            TokenizerFiles.save(tokenizer, staging);
            Path old = null;
            if (Files.exists(absolute)) {
                old = parent.resolve("." + absolute.getFileName() + ".old-" + System.nanoTime());
                Files.move(absolute, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(staging, absolute, StandardCopyOption.ATOMIC_MOVE);
            if (old != null) {
                deleteTree(old);
            }
        } finally {
            if (Files.exists(staging)) {
                deleteTree(staging);
            }
        }
    }

    /** Loads a model directory in float32. */
    public static LanguageModel load(Path dir) {
        return load(dir, DataType.FLOAT);
    }

    public static LanguageModel load(Path dir, DataType dtype) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("model directory " + dir + " does not exist");
        }
        return new LanguageModel(TokenizerFiles.load(dir), Transformer.load(dir, dtype));
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
