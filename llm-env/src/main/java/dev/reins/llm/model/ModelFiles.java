package dev.reins.llm.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.reins.core.checkpoint.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** File names and the config.json format of a saved transformer. */
final class ModelFiles {
    static final String CONFIG = "config.json";
    static final String WEIGHTS = "weights.ckpt";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelFiles() {}

    static void writeConfig(Path file, TransformerConfig config) throws IOException {
        AtomicFiles.writeString(file, JSON.writeValueAsString(config) + "\n");
    }

    static TransformerConfig readConfig(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no model config at " + file + " (a model directory holds " + CONFIG + " and "
                    + WEIGHTS + ")");
        }
        try {
            return JSON.readValue(file.toFile(), TransformerConfig.class);
        } catch (IOException e) {
            if (e.getCause() instanceof IllegalArgumentException bad) {
                throw new IllegalArgumentException(file + ": " + bad.getMessage(), e);
            }
            throw new UncheckedIOException("cannot read model config " + file + ": " + e.getMessage(), e);
        }
    }
}
