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
        description = {"Run benchmarks. --suite micro: JMH microbenchmarks (env steps, single and vectorized), written as",
            "micro.md (table with ratios to Gymnasium's published figures) and micro.json (raw JMH results)."})
final class BenchCommand implements Callable<Integer> {
    /** The suites that exist so far. */
    enum Suite { micro }

    @Option(names = "--suite", required = true, description = "Suite: ${COMPLETION-CANDIDATES}.")
    Suite suite;

    @Option(names = "--include", defaultValue = ".*", description = "Regex of benchmarks to run (default: all).")
    String include;

    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "Restrict a benchmark parameter, e.g. env=CartPole-v1 (repeatable).")
    java.util.Map<String, String> params = new java.util.LinkedHashMap<>();

    @Option(names = "--quick", description = "Short iterations (numbers are rougher; for a smoke test).")
    boolean quick;

    @Option(names = "--out", defaultValue = "benchmarks/results", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("dev\\.reins\\.bench\\.jmh\\." + include)
                .forks(1)
                .jvmArgsAppend("-Djava.awt.headless=true", "-Xmx1g", "--add-modules", "jdk.incubator.vector")
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
}
