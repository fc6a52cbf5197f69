package dev.reins.llm.model;

import dev.reins.core.checkpoint.AtomicDirectory;
import dev.reins.llm.tokenizer.Tokenizer;
import dev.reins.llm.tokenizer.TokenizerFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A transformer together with its tokenizer: what a model directory holds — Hugging Face's GPT-2 files
 * ({@code config.json}, {@code model.safetensors}, and for a BPE tokenizer {@code vocab.json} + {@code merges.txt})
 * plus {@code reins_tokenizer.json} naming the tokenizer and its special tokens — and what every {@code reins llm}
 * command loads with {@code --model}. A Hugging Face GPT-2 directory loads as it is.
 *
 * <pre>{@code
 * LanguageModel lm = LanguageModel.load(Path.of("runs/demo/sft"));
 * int[] prompt = lm.tokenizer().encode("37+48=");
 * }</pre>
 */
public record LanguageModel(Tokenizer tokenizer, Transformer transformer) {
    public LanguageModel {
        if (tokenizer.vocabSize() != transformer.config().vocabSize()) {
            throw new IllegalArgumentException("the tokenizer has " + tokenizer.vocabSize() + " ids but the model's vocab_size is "
                    + transformer.config().vocabSize());
        }
    }

    /**
     * Writes the model directory. The files go to a sibling temporary directory first, which then replaces
     * {@code dir}, so a crash never leaves a half-written model behind.
     */
    public void save(Path dir) throws IOException {
        AtomicDirectory.write(dir, staging -> {
            transformer.save(staging);
            TokenizerFiles.save(tokenizer, staging);
        });
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
}
