package dev.reins.bench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.reins.core.checkpoint.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;

/**
 * The table of a microbenchmark run. Env benchmarks are reported as transitions per second; CartPole rows also show
 * the ratio to Gymnasium 1.4 on this kind of machine (shared/reference/README.md: ~100k–130k steps/s for one env,
 * ~90k transitions/s for a SyncVectorEnv of 8), taking the middle of the published range.
 */
public final class MicroBenchmarkReport {
    /** Gymnasium 1.4 CartPole-v1, one env, steps/s (middle of 100k–130k). */
    static final double GYMNASIUM_CARTPOLE_SINGLE = 115_000;
    /** Gymnasium 1.4 CartPole-v1, SyncVectorEnv of 8, transitions/s. */
    static final double GYMNASIUM_CARTPOLE_VECTOR_8 = 90_000;

    /** One measured row. */
    public record Row(String benchmark, Map<String, String> params, double opsPerSecond, double error, double transitionsPerSecond,
            Double ratioToGymnasium) {}

    private final List<Row> rows;

    private MicroBenchmarkReport(List<Row> rows) {
        this.rows = rows;
    }

    public List<Row> rows() {
        return rows;
    }

    public static MicroBenchmarkReport of(Collection<RunResult> results) {
        List<Row> rows = new ArrayList<>();
        for (RunResult r : results) {
            var params = r.getParams();
            String name = params.getBenchmark().replace("dev.reins.bench.jmh.", "");
            Map<String, String> p = new LinkedHashMap<>();
            for (String key : params.getParamsKeys()) {
                p.put(key, params.getParam(key));
            }
            double ops = r.getPrimaryResult().getScore();
            double error = r.getPrimaryResult().getScoreError();
            int envs = p.containsKey("numEnvs") ? Integer.parseInt(p.get("numEnvs")) : 1;
            double transitions = ops * envs;
            Double ratio = null;
            if ("CartPole-v1".equals(p.get("env"))) {
                if (envs == 1) {
                    ratio = transitions / GYMNASIUM_CARTPOLE_SINGLE;
                } else if (envs == 8) {
                    ratio = transitions / GYMNASIUM_CARTPOLE_VECTOR_8;
                }
            }
            rows.add(new Row(name, p, ops, Double.isNaN(error) ? 0 : error, transitions, ratio));
        }
        return new MicroBenchmarkReport(rows);
    }

    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| benchmark | params | ops/s | ± (99.9%) | µs/op | env transitions/s | vs Gymnasium 1.4 |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            boolean envBench = r.params().containsKey("env");
            sb.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | %,.1f | %s | %s |%n", r.benchmark(), r.params(),
                    r.opsPerSecond(), r.error(), 1e6 / r.opsPerSecond(),
                    envBench ? String.format(Locale.ROOT, "%,.0f", r.transitionsPerSecond()) : "",
                    r.ratioToGymnasium() == null ? "" : String.format(Locale.ROOT, "%.0f×", r.ratioToGymnasium())));
        }
        return sb.toString();
    }

    /** Writes {@code micro.md} and {@code micro.json} into {@code dir}. */
    public void write(Path dir) throws IOException {
        String header = "# Microbenchmarks\n\nJMH throughput; \"vs Gymnasium\" divides by Gymnasium 1.4's CartPole-v1 figures on "
                + "this kind of machine (115k steps/s single, 90k transitions/s with 8 synchronous envs). MLP: 4 → 64 → 64 → 2, tanh, "
                + "float64. Transformer: one op = 24 greedy tokens for a batch of 16 (d 64, 2 layers, 32-token context).\n\n";
        AtomicFiles.writeString(dir.resolve("micro.md"), header + markdown());
        AtomicFiles.writeString(dir.resolve("micro.json"),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
    }
}
