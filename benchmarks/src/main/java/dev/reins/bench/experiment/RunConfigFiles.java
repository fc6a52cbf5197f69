package dev.reins.bench.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reins.core.config.ConfigException;
import dev.reins.core.config.Configs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/** Reads {@link RunConfig} files; keys absent from a file keep the values given as defaults. */
public final class RunConfigFiles {
    private RunConfigFiles() {}

    /** A placeholder base whose algo and env a file or the command line must replace. */
    static RunConfig empty() {
        return new RunConfig("?", "?", 0, 1, 100, 0, 0, Map.of(), null);
    }

    /** Reads {@code file} over {@code base}. */
    public static RunConfig read(Path file, RunConfig base) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        JsonNode tree = Configs.readYamlTree(text, "config file " + file);
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return base;
        }
        return Configs.overlay(base, tree, RunConfig.class, "config file " + file);
    }
}
