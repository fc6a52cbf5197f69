package dev.reins.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigsTest {
    record Example(double learningRate, int batchSize, boolean normalize) {
        Example {
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("learning_rate must be > 0, got " + learningRate);
            }
        }
    }

    private static final Example DEFAULTS = new Example(1e-3, 64, false);

    @TempDir
    Path dir;

    @Test
    void aFileNamesOnlyWhatItChanges() throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "batch_size: 128\n");
        assertEquals(new Example(1e-3, 128, false), Configs.read(file, DEFAULTS, Example.class));
    }

    @Test
    void unknownKeysListTheAllowedOnes() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Configs.withOverrides(DEFAULTS, Map.of("batchsize", 3), Example.class, "test"));
        assertEquals("test: unknown key 'batchsize' for Example; allowed keys: batch_size, learning_rate, normalize", e.getMessage());
    }

    @Test
    void wrongTypesAndRangesNameTheKey() {
        ConfigException type = assertThrows(ConfigException.class,
                () -> Configs.withOverrides(DEFAULTS, Map.of("batch_size", "many"), Example.class, "test"));
        assertEquals(true, type.getMessage().startsWith("test: key 'batch_size' has an invalid value"), type.getMessage());
        ConfigException fraction = assertThrows(ConfigException.class,
                () -> Configs.withOverrides(DEFAULTS, Map.of("batch_size", 1.5), Example.class, "test"));
        assertEquals(true, fraction.getMessage().contains("batch_size"), fraction.getMessage());
        ConfigException range = assertThrows(ConfigException.class,
                () -> Configs.withOverrides(DEFAULTS, Map.of("learning_rate", -1), Example.class, "test"));
        assertEquals("test: learning_rate must be > 0, got -1.0", range.getMessage());
    }

    @Test
    void missingAndMalformedFilesAreNamed() throws Exception {
        ConfigException missing = assertThrows(ConfigException.class, () -> Configs.read(dir.resolve("nope.yaml"), DEFAULTS, Example.class));
        assertEquals(true, missing.getMessage().contains("does not exist"), missing.getMessage());
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "batch_size: [1,\n");
        ConfigException malformed = assertThrows(ConfigException.class, () -> Configs.read(bad, DEFAULTS, Example.class));
        assertEquals(true, malformed.getMessage().contains("is not valid YAML"), malformed.getMessage());
    }
}
