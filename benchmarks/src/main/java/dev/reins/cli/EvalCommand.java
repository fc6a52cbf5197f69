package dev.reins.cli;

import dev.reins.bench.experiment.RunConfig;
import dev.reins.bench.experiment.TrainingRun;
import dev.reins.core.algorithm.EvalResult;
import dev.reins.core.checkpoint.AtomicFiles;
import dev.reins.core.config.Configs;
import dev.reins.core.random.SplitMix;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reins eval}: evaluates a trained run's policy. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a run's policy deterministically; writes eval.json into the run folder.")
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--run", required = true, paramLabel = "RUN_DIR", description = "The run folder.")
    Path run;

    @Option(names = "--episodes", description = "Episodes (default: ${DEFAULT-VALUE}).", defaultValue = "100")
    int episodes;

    @Option(names = "--seed", description = "Evaluation seed (default: derived from the run's seed).")
    Long seed;

    @Override
    public Integer call() throws Exception {
        if (episodes <= 0) {
            throw new IllegalArgumentException("--episodes must be > 0, got " + episodes);
        }
        RunConfig config = TrainingRun.readConfig(run);
        TrainingRun training = TrainingRun.prepare(config);
        training.loadCheckpoint(run);
        long evalSeed = seed != null ? seed : SplitMix.derive(config.seed(), 2);
        EvalResult result = training.evaluate(episodes, evalSeed);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("algo", config.algo());
        json.put("env", config.env());
        json.put("steps", training.algorithm().stepsDone());
        json.put("seed", evalSeed);
        json.put("eval", result);
        AtomicFiles.writeString(run.resolve("eval.json"), Configs.toJson(json));
        System.out.println(config.algo() + " on " + config.env() + " after " + training.algorithm().stepsDone() + " steps: "
                + TrainingRun.describe(result));
        return 0;
    }
}
