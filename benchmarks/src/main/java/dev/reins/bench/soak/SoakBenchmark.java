package dev.reins.bench.soak;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reins.bench.Zoo;
import dev.reins.bench.experiment.RunConfig;
import dev.reins.bench.experiment.TrainingRun;
import dev.reins.core.checkpoint.AtomicFiles;
import dev.reins.core.config.Configs;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The memory soak (#19): trains DQN (CleanRL {@code dqn.py}'s settings) and PPO (the zoo's CartPole config) for a long
 * budget each, through the same path as {@code reins train} (metrics, checkpoint, evaluation), sampling the process's
 * memory every few seconds; writes {@code soak.md}, {@code soak.csv} and {@code soak.png}. Resident memory must be
 * flat once the heap has grown to its working size: the table gives its slope over the run's last three quarters.
 *
 * <pre>{@code
 * ./reins bench --suite soak --steps 1000000 --out benchmarks/results/soak
 * }</pre>
 */
public final class SoakBenchmark {
    /** The part of a run treated as warm-up: the heap grows to its working size, the JIT compiles. */
    static final double WARM_UP_FRACTION = 0.25;

    /** CleanRL dqn.py's CartPole settings (Q-network 120-84, 10k replay, a gradient step every 10 env steps). */
    private static final String DQN_CLEANRL = """
            learning_rate: 2.5e-4
            buffer_size: 10000
            learning_starts: 10000
            batch_size: 128
            gamma: 0.99
            tau: 1.0
            target_update_interval: 500
            train_frequency: 10
            gradient_steps: 1
            exploration_initial_eps: 1.0
            exploration_final_eps: 0.05
            exploration_fraction: 0.5
            hidden: [120, 84]
            loss: mse
            """;

    private SoakBenchmark() {}

    /** One soaked run: its samples and what they say. */
    public record Run(String algo, String env, long steps, double wallSeconds, List<MemorySample> samples) {
        /** The samples taken while the run trained: all but the last, which is taken after its evaluation and output. */
        List<MemorySample> training() {
            return samples.subList(0, samples.size() - 1);
        }

        /** The training samples after warm-up. */
        List<MemorySample> steady() {
            double from = WARM_UP_FRACTION * samples.get(samples.size() - 1).seconds();
            return training().stream().filter(s -> s.seconds() >= from).toList();
        }

        /** The sample after the run: final evaluation, checkpoint, metrics and plot written. */
        MemorySample end() {
            return samples.get(samples.size() - 1);
        }

        /** Least-squares slope of resident memory while training after warm-up, in KB per second. */
        public double rssSlopeKbPerSecond() {
            List<MemorySample> steady = steady();
            int n = steady.size();
            if (n < 2) {
                return Double.NaN;
            }
            double mx = steady.stream().mapToDouble(MemorySample::seconds).average().orElse(0);
            double my = steady.stream().mapToDouble(MemorySample::rssMb).average().orElse(0);
            double sxy = 0;
            double sxx = 0;
            for (MemorySample s : steady) {
                sxy += (s.seconds() - mx) * (s.rssMb() - my);
                sxx += (s.seconds() - mx) * (s.seconds() - mx);
            }
            return sxx == 0 ? Double.NaN : 1024 * sxy / sxx;
        }
    }

    /** The configs the suite soaks: DQN and PPO on CartPole-v1 for {@code steps} each. */
    public static List<RunConfig> configs(long steps) {
        JsonNode dqn = Configs.readYamlTree(DQN_CLEANRL, "the soak's DQN settings");
        RunConfig ppo = Zoo.lookup("ppo", "CartPole-v1").orElseThrow();
        return List.of(new RunConfig("dqn", "CartPole-v1", 0, steps, 10, 0, 0, java.util.Map.of(), dqn),
                new RunConfig("ppo", "CartPole-v1", 0, steps, 10, 0, 0, ppo.envOptions(), ppo.hyperparameters()));
    }

    /** Trains {@code config} into {@code runDir}, sampling memory every {@code intervalSeconds}. */
    public static Run measure(RunConfig config, Path runDir, double intervalSeconds, PrintStream out) throws Exception {
        TrainingRun run = TrainingRun.prepare(config);
        System.gc(); // start each run from the previous one's live set, not its garbage
        MemorySampler sampler = MemorySampler.start(intervalSeconds, () -> run.algorithm().stepsDone());
        long start = System.nanoTime();
        run.execute(runDir, new TrainingRun.RunOptions(false, Long.MAX_VALUE), out);
        double wall = (System.nanoTime() - start) / 1e9;
        List<MemorySample> samples = sampler.stop();
        Run result = new Run(config.algo(), config.env(), config.steps(), wall, samples);
        out.printf(Locale.ROOT, "%s: %d steps in %.0f s, %d samples, RSS %.0f MB at start, %.0f MB after the run; while training "
                + "after warm-up %.1f KB/s%n", config.algo(), config.steps(), wall, samples.size(), samples.get(0).rssMb(),
                result.end().rssMb(), result.rssSlopeKbPerSecond());
        return result;
    }

    /** Writes soak.md (the table), soak.csv (every sample) and soak.png (resident memory and heap against time). */
    public static void write(Path root, List<Run> runs, double intervalSeconds, String command) throws IOException {
        StringBuilder md = new StringBuilder("# Memory soak\n\n");
        md.append("`").append(command).append("` — max heap ")
                .append(String.format(Locale.ROOT, "%.0f MB", Runtime.getRuntime().maxMemory() / 1024.0 / 1024.0))
                .append(", memory sampled every ").append(fmt(intervalSeconds)).append(" s; \"after warm-up\" is the last ")
                .append((int) Math.round(100 * (1 - WARM_UP_FRACTION))).append(" % of each run's training time; \"after the run\" is ")
                .append("sampled once the final evaluation, checkpoint, metrics and plot are written.\n\n");
        md.append("| algo | env | steps | wall s | samples | RSS at warm-up end MB | RSS max while training MB "
                + "| RSS slope while training KB/s | RSS after the run MB | heap used max MB | heap committed max MB "
                + "| native (JavaCPP) MB |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        StringBuilder csv = new StringBuilder("algo,seconds,steps,rss_mb,heap_used_mb,heap_committed_mb,native_mb\n");
        for (Run r : runs) {
            List<MemorySample> steady = r.steady();
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %d | %.0f | %.0f | %.1f | %.0f | %.0f | %.0f | %.0f |%n", r.algo(),
                    r.env(), r.steps(), r.wallSeconds(), r.samples().size(),
                    // A run shorter than a sampling interval or two has no training sample after warm-up: NaN, not a crash.
                    steady.isEmpty() ? Double.NaN : steady.get(0).rssMb(),
                    steady.stream().mapToDouble(MemorySample::rssMb).max().orElse(Double.NaN), r.rssSlopeKbPerSecond(),
                    r.end().rssMb(),
                    r.samples().stream().mapToDouble(MemorySample::heapUsedMb).max().orElse(Double.NaN),
                    r.samples().stream().mapToDouble(MemorySample::heapCommittedMb).max().orElse(Double.NaN),
                    r.samples().stream().mapToDouble(MemorySample::nativeMb).max().orElse(Double.NaN)));
            for (MemorySample s : r.samples()) {
                csv.append(String.format(Locale.ROOT, "%s,%.2f,%d,%.1f,%.1f,%.1f,%.1f%n", r.algo(), s.seconds(), s.steps(), s.rssMb(),
                        s.heapUsedMb(), s.heapCommittedMb(), s.nativeMb()));
            }
        }
        AtomicFiles.writeString(root.resolve("soak.md"), md.toString());
        AtomicFiles.writeString(root.resolve("soak.csv"), csv.toString());
        writePlot(root.resolve("soak.png"), runs);
    }

    private static void writePlot(Path file, List<Run> runs) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(520).title("Memory during training (soak)").xAxisTitle("seconds")
                .yAxisTitle("MB").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        Color[] colors = {new Color(20, 60, 160), new Color(200, 80, 30), new Color(40, 140, 60)};
        int k = 0;
        for (Run r : runs) {
            List<Double> t = new ArrayList<>();
            List<Double> rss = new ArrayList<>();
            List<Double> heap = new ArrayList<>();
            for (MemorySample s : r.samples()) {
                t.add(s.seconds());
                rss.add(s.rssMb());
                heap.add(s.heapUsedMb());
            }
            XYSeries a = chart.addSeries(r.algo() + " RSS", t, rss);
            a.setLineColor(colors[k % colors.length]);
            a.setMarker(SeriesMarkers.CIRCLE);
            XYSeries b = chart.addSeries(r.algo() + " heap used", t, heap);
            b.setLineColor(colors[k % colors.length].brighter());
            b.setMarker(SeriesMarkers.NONE);
            b.setLineStyle(new java.awt.BasicStroke(1.2f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f,
                    new float[] {5f, 4f}, 0f));
            k++;
        }
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(file, out -> out.write(png));
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
