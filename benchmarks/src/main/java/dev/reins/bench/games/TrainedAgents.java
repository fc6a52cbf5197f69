package dev.reins.bench.games;

import dev.reins.algorithms.alphazero.AlphaZero;
import dev.reins.bench.experiment.RunConfig;
import dev.reins.bench.experiment.TrainingRun;
import java.nio.file.Path;

/**
 * Board-game agents trained by a run: an {@code alphazero} run folder's champion network, searching as it was
 * configured to play.
 *
 * <pre>{@code
 * AlphaZero<?> trained = TrainedAgents.load(Path.of("runs/alphazero-ConnectFour-v0-seed0"));
 * }</pre>
 */
public final class TrainedAgents {
    private TrainedAgents() {}

    /** The run's AlphaZero, restored from its checkpoint; a run of another algorithm is one line naming it. */
    public static AlphaZero<?> load(Path runDir) {
        RunConfig config = TrainingRun.readConfig(runDir);
        if (!config.algo().equals("alphazero")) {
            throw new IllegalArgumentException(runDir + " is a " + config.algo() + " run on " + config.env()
                    + "; a board-game agent comes from an alphazero run");
        }
        TrainingRun run = TrainingRun.prepare(config);
        run.loadCheckpoint(runDir);
        return (AlphaZero<?>) run.algorithm();
    }
}
