package dev.reins.cli;

import dev.reins.bench.jmh.MicroBenchmarkReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reins bench}: throughput microbenchmarks with JMH. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run benchmarks.",
            "--suite micro: JMH microbenchmarks (env steps, single and vectorized), written as micro.md (table with ratios to",
            "  Gymnasium's published figures) and micro.json (raw JMH results).",
            "--suite classic: every zoo config on the classic-control envs for --seeds seeds; resumable (finished runs are",
            "  kept); writes results.md, results.json and curves/ENV.png under --out. Imitation rows (bc, dagger, gail, airl)",
            "  learn from 10 recorded episodes of the env's expert zoo run (seed 0), written to demos/ENV.jsonl.",
            "--suite throughput: steps/s of every algorithm with a CartPole-v1 zoo config, split into env, inference,",
            "  learning and other time; writes throughput.md and throughput.json under --out.",
            "--suite llm: a GPT-2-small-shaped model (--model DIR, or random weights): generation tokens/s at batch 1 and",
            "  16, full fine-tuning tokens/s at 8 x 128, peak RSS; with --peer CMD the same rows from CMD MODEL_DIR",
            "  (e.g. the PyTorch script in benchmarks/reference), alternating; writes scale.md and scale.json under --out.",
            "--suite soak: DQN (CleanRL dqn.py settings) and PPO on CartPole-v1, --steps each (default 1M), memory sampled",
            "  every --sample-seconds; writes soak.md, soak.csv and soak.png (default: benchmarks/results/soak)."})
final class BenchCommand implements Callable<Integer> {
    /** The suites that exist so far. */
    enum Suite { micro, classic, throughput, llm, soak }

    @Option(names = "--suite", required = true, description = "Suite: ${COMPLETION-CANDIDATES}.")
    Suite suite;

    @Option(names = "--include", defaultValue = ".*", description = "Regex of benchmarks to run (default: all).")
    String include;

    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "Restrict a benchmark parameter, e.g. env=CartPole-v1 (repeatable).")
    java.util.Map<String, String> params = new java.util.LinkedHashMap<>();

    @Option(names = "--quick", description = "micro: short iterations; classic: a tenth of each budget, 10 evaluation episodes.")
    boolean quick;

    @Option(names = "--out", description = "Output folder (default: benchmarks/results for micro, bench-classic for classic).")
    Path out;

    @Option(names = "--seeds", defaultValue = "5", description = "classic: seeds 0 … N−1 per (algorithm, env) (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--algos", split = ",", description = "classic: only these algorithms (default: every one with a zoo config).")
    java.util.List<String> algos = new java.util.ArrayList<>();

    @Option(names = "--envs", split = ",", description = "classic: only these envs (default: all five classic-control envs).")
    java.util.List<String> envs = new java.util.ArrayList<>();

    @Option(names = "--parallel", defaultValue = "1", description = "classic: runs trained at once (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--steps", description = "throughput: env steps per algorithm (default: 50000); soak: per run (default: 1000000).")
    Long steps;

    @Option(names = "--sample-seconds", defaultValue = "10", description = "soak: memory sampling interval (default: ${DEFAULT-VALUE}).")
    double sampleSeconds;

    @Option(names = "--model", paramLabel = "DIR", description = "llm: the model to measure (default: random GPT-2 small weights).")
    Path model;

    @Option(names = "--peer", paramLabel = "CMD", split = " ", description = "llm: a command that prints the same rows as JSON for "
            + "the model directory appended to it (e.g. \"/usr/bin/python3 benchmarks/reference/llm_scale_torch.py\").")
    java.util.List<String> peer = new java.util.ArrayList<>();

    @Option(names = "--repeats", defaultValue = "1", description = "llm: alternating measurements of each side (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Override
    public Integer call() throws Exception {
        if (suite == Suite.llm) {
            return llm();
        }
        if (suite == Suite.classic) {
            return classic();
        }
        if (suite == Suite.throughput) {
            return throughput();
        }
        if (suite == Suite.soak) {
            return soak();
        }
        if (out == null) {
            out = Path.of("benchmarks/results");
        }
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("dev\\.reins\\.bench\\.jmh\\." + include)
                .forks(1)
                .jvmArgsAppend("-Djava.awt.headless=true", "-Xmx1g", "--add-modules", "jdk.incubator.vector",
                        "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir",
                                System.getProperty("user.home") + "/.cache/reins/javacpp"),
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
                .warmupIterations(quick ? 1 : 3)
                .warmupTime(quick ? TimeValue.milliseconds(300) : TimeValue.seconds(1))
                .measurementIterations(quick ? 2 : 5)
                .measurementTime(quick ? TimeValue.milliseconds(300) : TimeValue.seconds(1));
        params.forEach((key, value) -> options.param(key, value.split(",")));
        java.util.Collection<RunResult> results = new Runner(options.build()).run();
        if (results.isEmpty()) {
            throw new IllegalArgumentException("no benchmark matches --include " + include);
        }
        MicroBenchmarkReport report = MicroBenchmarkReport.of(results);
        report.write(out);
        System.out.println(report.markdown());
        System.out.println("written: " + out.resolve("micro.md") + ", " + out.resolve("micro.json"));
        return 0;
    }

    private int soak() throws Exception {
        long budget = steps != null ? steps : 1_000_000L;
        if (budget <= 0 || !(sampleSeconds > 0)) {
            throw new IllegalArgumentException("--steps and --sample-seconds must be > 0, got " + budget + " and " + sampleSeconds);
        }
        Path root = out != null ? out : Path.of("benchmarks/results/soak");
        Path runs = java.nio.file.Files.createTempDirectory("reins-soak-");
        try {
            java.util.List<dev.reins.bench.soak.SoakBenchmark.Run> results = new java.util.ArrayList<>();
            for (dev.reins.bench.experiment.RunConfig config : dev.reins.bench.soak.SoakBenchmark.configs(budget)) {
                System.out.printf("%s on %s, %d steps, memory every %s s ...%n", config.algo(), config.env(), budget, sampleSeconds);
                results.add(dev.reins.bench.soak.SoakBenchmark.measure(config, runs.resolve(config.algo()), sampleSeconds, System.out));
            }
            String command = "./reins bench --suite soak --steps " + budget + " --sample-seconds " + sampleSeconds;
            dev.reins.bench.soak.SoakBenchmark.write(root, results, sampleSeconds, command);
            System.out.println("written: " + root.resolve("soak.md") + ", " + root.resolve("soak.csv") + ", " + root.resolve("soak.png"));
        } finally {
            dev.reins.core.checkpoint.AtomicDirectory.deleteTree(runs);
        }
        return 0;
    }

    private int throughput() throws java.io.IOException {
        long steps = this.steps != null ? this.steps : 50_000L;
        if (steps <= 0) {
            throw new IllegalArgumentException("--steps must be > 0, got " + steps);
        }
        Path root = out != null ? out : Path.of("benchmarks/results");
        java.util.List<String> names = algos.isEmpty() ? java.util.List.of("ppo", "a2c", "trpo", "reinforce", "dqn") : algos;
        java.util.List<dev.reins.bench.throughput.ThroughputBreakdown.Row> rows = new java.util.ArrayList<>();
        for (String algo : names) {
            System.out.printf("%s on CartPole-v1, %d steps ...%n", algo, steps);
            rows.add(dev.reins.bench.throughput.ThroughputBreakdown.measure(algo, "CartPole-v1", steps));
        }
        String command = "./reins bench --suite throughput --steps " + steps + (algos.isEmpty() ? "" : " --algos " + String.join(",", algos));
        dev.reins.bench.throughput.ThroughputBreakdown.write(root, rows, command);
        System.out.println(dev.reins.bench.throughput.ThroughputBreakdown.markdown(rows, command));
        System.out.println("written: " + root.resolve("throughput.md") + ", " + root.resolve("throughput.json"));
        return 0;
    }

    private int classic() throws java.io.IOException {
        Path root = out != null ? out : Path.of("bench-classic");
        java.util.List<dev.reins.bench.suite.SuiteRun> plan = dev.reins.bench.suite.ClassicSuite.plan(seeds, algos, envs, quick, root);
        StringBuilder command = new StringBuilder("./reins bench --suite classic --seeds " + seeds);
        if (!algos.isEmpty()) {
            command.append(" --algos ").append(String.join(",", algos));
        }
        if (!envs.isEmpty()) {
            command.append(" --envs ").append(String.join(",", envs));
        }
        if (quick) {
            command.append(" --quick");
        }
        System.out.printf("%d runs (%d seeds) -> %s%n", plan.size(), seeds, root);
        // Imitation rows learn from the experts' demonstrations: train the rest (experts among them) first.
        java.util.List<dev.reins.bench.suite.SuiteRun> learners = plan.stream()
                .filter(r -> !dev.reins.bench.suite.ImitationExperts.isImitation(r.algo())).toList();
        java.util.List<dev.reins.bench.suite.SuiteRun> imitators = plan.stream()
                .filter(r -> dev.reins.bench.suite.ImitationExperts.isImitation(r.algo())).toList();
        java.util.Map<dev.reins.bench.suite.SuiteRun, dev.reins.bench.experiment.RunSummary> done = new java.util.HashMap<>();
        java.util.List<dev.reins.bench.experiment.RunSummary> first = dev.reins.bench.suite.SuiteRunner.run(learners, root, parallel, System.out);
        for (int i = 0; i < learners.size(); i++) {
            done.put(learners.get(i), first.get(i));
        }
        if (!imitators.isEmpty()) {
            dev.reins.bench.suite.ImitationExperts.prepare(imitators, root, quick, parallel, System.out);
            java.util.List<dev.reins.bench.experiment.RunSummary> second = dev.reins.bench.suite.SuiteRunner.run(imitators, root, parallel,
                    System.out);
            for (int i = 0; i < imitators.size(); i++) {
                done.put(imitators.get(i), second.get(i));
            }
        }
        java.util.List<dev.reins.bench.experiment.RunSummary> summaries = plan.stream().map(done::get).toList();
        String markdown = dev.reins.bench.suite.SuiteReport.write(root, plan, summaries, command.toString(), quick);
        System.out.println();
        System.out.println(markdown.substring(0, markdown.indexOf("## Runs")).trim());
        System.out.println("written: " + root.resolve("results.md") + ", " + root.resolve("results.json") + ", " + root.resolve("curves"));
        return 0;
    }

    private int llm() throws Exception {
        if (repeats < 1) {
            throw new IllegalArgumentException("--repeats must be >= 1, got " + repeats);
        }
        Path root = out != null ? out : Path.of("benchmarks/results/llm");
        Path dir = model;
        Path temporary = null;
        dev.reins.llm.model.Transformer transformer;
        if (dir == null) {
            temporary = java.nio.file.Files.createTempDirectory("reins-gpt2-small-");
            dir = temporary;
            System.out.println("writing a random GPT-2-small-shaped model to " + dir);
            transformer = dev.reins.bench.llm.LlmScaleBenchmark.randomModel(dir);
        } else {
            transformer = dev.reins.bench.llm.LlmScaleBenchmark.load(dir);
        }
        try {
            java.util.List<java.util.Map<String, Double>> ours = new java.util.ArrayList<>();
            java.util.List<java.util.Map<String, Double>> theirs = new java.util.ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                // The peer first: once our fine-tuning step has run, this process holds its memory, and both at once
                // do not fit a 24 GB machine.
                if (!peer.isEmpty()) {
                    theirs.add(dev.reins.bench.llm.LlmScaleBenchmark.runPeer(peer, dir, System.out));
                }
                ours.add(dev.reins.bench.llm.LlmScaleBenchmark.measure(transformer, System.out));
            }
            String command = "./reins bench --suite llm" + (model == null ? "" : " --model " + model) + (peer.isEmpty() ? ""
                    : " --peer \"" + String.join(" ", peer) + "\"") + " --repeats " + repeats;
            dev.reins.bench.llm.LlmScaleReport.write(root, transformer.config(), ours, theirs, command);
            System.out.println("wrote " + root.resolve("scale.md") + " and " + root.resolve("scale.json"));
        } finally {
            if (temporary != null) {
                try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(temporary)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        java.nio.file.Files.delete(f);
                    }
                }
                java.nio.file.Files.delete(temporary);
            }
        }
        return 0;
    }
}
