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

/** {@code reins eval}: evaluates a trained run's policy, or plays a board-game match between named players. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a run's policy deterministically; writes eval.json into the run folder.",
            "Or, with --agent, play a board-game match: --env TicTacToe-v0|ConnectFour-v0 --agent uct:N|uct-decisive:N|alphabeta:D|minimax|random",
            "--opponent (the same kinds) --games N, colours alternating; writes wins, draws, losses to --out (eval.json)."})
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--run", paramLabel = "RUN_DIR", description = "The run folder.")
    Path run;

    @Option(names = "--agent", paramLabel = "PLAYER", description = "A named board-game player instead of --run: uct:N, uct-decisive:N, "
            + "alphabeta:D, minimax (tic-tac-toe) or random.")
    String agent;

    @Option(names = "--opponent", paramLabel = "PLAYER", description = "The board-game opponent (same kinds as --agent).")
    String opponent;

    @Option(names = "--env", paramLabel = "ID", description = "The board game with --agent: TicTacToe-v0 or ConnectFour-v0.")
    String env;

    @Option(names = "--games", defaultValue = "100", description = "Games of a match (default: ${DEFAULT-VALUE}).")
    int games;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "eval.json", description = "Where a match's result goes "
            + "(default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--episodes", description = "Episodes (default: ${DEFAULT-VALUE}).", defaultValue = "100")
    int episodes;

    @Option(names = "--seed", description = "Evaluation seed (default: derived from the run's seed).")
    Long seed;

    @Override
    public Integer call() throws Exception {
        if (agent != null || opponent != null) {
            return match();
        }
        if (run == null) {
            throw new IllegalArgumentException("eval needs --run RUN_DIR, or --agent, --opponent and --env for a board-game match");
        }
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

    private Integer match() throws java.io.IOException {
        if (run != null) {
            throw new IllegalArgumentException("--opponent plays named players (--agent); trained board-game agents come with AlphaZero, "
                    + "not built yet");
        }
        if (agent == null || opponent == null || env == null) {
            throw new IllegalArgumentException("a board-game match needs --agent, --opponent and --env");
        }
        return match(dev.reins.bench.games.GamePlayers.game(env));
    }

    private <S> Integer match(dev.reins.core.game.Game<S> game) throws java.io.IOException {
        var agentPlayer = dev.reins.bench.games.GamePlayers.parse(game, agent);
        var opponentPlayer = dev.reins.bench.games.GamePlayers.parse(game, opponent);
        long matchSeed = seed == null ? 0 : seed;
        dev.reins.bench.games.Match.Result r = dev.reins.bench.games.Match.play(game, agentPlayer, opponentPlayer, games, matchSeed);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("env", env);
        json.put("agent", agent);
        json.put("opponent", opponent);
        json.put("games", r.games());
        json.put("wins", r.wins());
        json.put("draws", r.draws());
        json.put("losses", r.losses());
        json.put("wins_as_first", r.winsAsFirst());
        json.put("losses_as_first", r.lossesAsFirst());
        json.put("seed", matchSeed);
        json.put("wall_seconds", r.seconds());
        AtomicFiles.writeString(out, Configs.toJson(json));
        System.out.printf(java.util.Locale.ROOT, "%s vs %s on %s, %d games (colours alternating): %d wins, %d draws, %d losses; wrote %s%n",
                agent, opponent, env, r.games(), r.wins(), r.draws(), r.losses(), out);
        return 0;
    }
}
