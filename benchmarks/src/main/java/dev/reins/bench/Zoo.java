package dev.reins.bench;

import dev.reins.bench.experiment.RunConfig;
import dev.reins.bench.experiment.RunConfigFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Tuned run configs shipped with Reins, one YAML per (algorithm, env) under {@code zoo/ALGO/ENV.yaml} on the class
 * path, in the run-config format. {@code reins train --algo A --env E} uses the entry when no {@code --config} is given.
 *
 * <pre>{@code
 * Optional<RunConfig> tuned = Zoo.lookup("dqn", "CartPole-v1");
 * }</pre>
 */
public final class Zoo {
    /** One zoo entry. */
    public record Entry(String algo, String env, long steps, String note) {}

    private Zoo() {}

    /** The tuned config for {@code algo} on {@code env}, if the zoo has one. */
    public static Optional<RunConfig> lookup(String algo, String env) {
        String resource = "zoo/" + algo + "/" + env + ".yaml";
        try (InputStream in = Zoo.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            Path tmp = Files.createTempFile("zoo", ".yaml");
            try {
                Files.write(tmp, in.readAllBytes());
                RunConfig base = new RunConfig(algo, env, 0, 1, 100, 0, 0, Map.of(), null);
                RunConfig read = RunConfigFiles.read(tmp, base);
                return Optional.of(new RunConfig(algo, env, read.seed(), read.steps(), read.evalEpisodes(), read.checkpointEvery(), read.evalEvery(),
                        read.envOptions(), read.hyperparameters(), read.divergenceBound()));
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read zoo entry " + resource, e);
        }
    }

    /** Every entry, sorted by algorithm then env. */
    public static List<Entry> entries() {
        URL root = Zoo.class.getClassLoader().getResource("zoo");
        if (root == null) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        try {
            if (root.getProtocol().equals("jar")) {
                try (FileSystem fs = FileSystems.newFileSystem(root.toURI(), Map.of())) {
                    collect(fs.getPath("/zoo"), entries);
                }
            } else {
                collect(Path.of(root.toURI()), entries);
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list the zoo: " + e.getMessage(), e);
        }
        entries.sort(java.util.Comparator.comparing(Entry::algo).thenComparing(Entry::env));
        return entries;
    }

    private static void collect(Path zoo, List<Entry> entries) throws IOException {
        try (Stream<Path> files = Files.walk(zoo, 2)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".yaml"))::iterator) {
                String algo = f.getParent().getFileName().toString();
                String env = f.getFileName().toString().replaceFirst("\\.yaml$", "");
                String text = Files.readString(f, StandardCharsets.UTF_8);
                String note = text.lines().filter(l -> l.startsWith("#")).map(l -> l.substring(1).trim()).findFirst().orElse("");
                long steps = lookup(algo, env).map(RunConfig::steps).orElse(0L);
                entries.add(new Entry(algo, env, steps, note));
            }
        }
    }
}
