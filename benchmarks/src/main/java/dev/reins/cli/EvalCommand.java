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
            "Or play a board-game match, colours alternating: --run ALPHAZERO_RUN (or --env TicTacToe-v0|ConnectFour-v0 with",
            "--agent uct:N|uct-decisive:N|alphabeta:D|minimax|random) --opponent (the same kinds) --games N;",
            "writes wins, draws, losses from the agent's side to --out (default: eval.json in the run folder, or here)."})
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

    @Option(names = "--out", paramLabel = "FILE", description = "Where the result goes (default: eval.json in the run "
            + "folder with --run, else in the current directory); an existing file is replaced only with --overwrite, "
            + "except a run's own eval.json.")
    Path out;

    @Option(names = "--overwrite", description = "Replace an existing --out file.")
    boolean overwrite;

    @Option(names = "--best", description = "Evaluate the run's best periodic evaluation (best/, kept with --eval-every) "
            + "instead of its last checkpoint; writes eval_best.json.")
    boolean best;

    @Option(names = "--simulations", paramLabel = "N", description = "Search simulations per move of an alphazero run's agent "
            + "(default: its eval_simulations).")
    Integer simulations;

    @Option(names = "--episodes", description = "Episodes (default: ${DEFAULT-VALUE}).", defaultValue = "100")
    int episodes;

    @Option(names = "--seed", description = "Evaluation seed (default: derived from the run's seed).")
    Long seed;

    @Override
    public Integer call() throws Exception {
        if (agent != null || opponent != null) {
            if (best) {
                throw new IllegalArgumentException("--best evaluates a run's best checkpoint; a board-game match plays its last");
            }
            return match();
        }
        if (simulations != null) {
            throw new IllegalArgumentException("--simulations belongs to a board-game match (with --opponent)");
        }
        if (run == null) {
            throw new IllegalArgumentException("eval needs --run RUN_DIR, or --agent, --opponent and --env for a board-game match");
        }
        if (episodes <= 0) {
            throw new IllegalArgumentException("--episodes must be > 0, got " + episodes);
        }
        if (out != null) {
            OutputFile.claim(out, overwrite, "--out");
        }
        RunConfig config = TrainingRun.readConfig(run);
        TrainingRun training = TrainingRun.prepare(config);
        training.loadCheckpoint(run, best);
        long evalSeed = seed != null ? seed : SplitMix.derive(config.seed(), 2);
        EvalResult result = training.evaluate(episodes, evalSeed);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("algo", config.algo());
        json.put("env", config.env());
        json.put("steps", training.algorithm().stepsDone());
        json.put("seed", evalSeed);
        json.put("eval", result);
        if (best) {
            json.put("checkpoint", TrainingRun.BEST);
        }
        AtomicFiles.writeString(out != null ? out : run.resolve(best ? "eval_best.json" : "eval.json"), Configs.toJson(json));
        System.out.println(config.algo() + " on " + config.env() + (best ? " (best checkpoint)" : "") + " after " + training.algorithm().stepsDone() + " steps: "
                + TrainingRun.describe(result));
        return 0;
    }

    private Integer match() throws java.io.IOException {
        if (opponent == null) {
            throw new IllegalArgumentException("a board-game match needs --opponent (uct:N, uct-decisive:N, alphabeta:D, minimax or random)");
        }
        if (run != null) {
            if (agent != null) {
                throw new IllegalArgumentException("give the agent once: --run RUN_DIR (a trained alphazero run) or --agent PLAYER, not both");
            }
            return trainedMatch(dev.reins.bench.games.TrainedAgents.load(run));
        }
        if (agent == null || env == null) {
            throw new IllegalArgumentException("a board-game match needs --agent and --env (or --run with a trained alphazero run)");
        }
        if (simulations != null) {
            throw new IllegalArgumentException("--simulations sets a trained run's search; a named --agent carries its own (e.g. uct:1000)");
        }
        return match(dev.reins.bench.games.GamePlayers.game(env));
    }

    private <S> Integer trainedMatch(dev.reins.algorithms.alphazero.AlphaZero<S> trained) throws java.io.IOException {
        if (env != null && !env.equals(trained.game().name())) {
            throw new IllegalArgumentException("--env " + env + " does not match the run, which plays " + trained.game().name());
        }
        if (simulations != null && simulations <= 0) {
            throw new IllegalArgumentException("--simulations must be > 0, got " + simulations);
        }
        var player = simulations == null ? trained.player() : trained.player(simulations);
        String name = "alphazero run " + run + (simulations == null ? "" : " (" + simulations + " simulations)");
        return play(trained.game(), player, name, trained.game().name(), run.resolve("eval.json"));
    }

    private <S> Integer match(dev.reins.core.game.Game<S> game) throws java.io.IOException {
        return play(game, dev.reins.bench.games.GamePlayers.parse(game, agent), agent, env, Path.of("eval.json"));
    }

    private <S> Integer play(dev.reins.core.game.Game<S> game, dev.reins.core.game.GamePlayer<S> agentPlayer, String agentName,
            String envId, Path defaultOut) throws java.io.IOException {
        var opponentPlayer = dev.reins.bench.games.GamePlayers.parse(game, opponent);
        Path target = out != null ? out : defaultOut;
        if (out != null || defaultOut.equals(Path.of("eval.json"))) {
            // Files the user names, or the default in the current directory, are not replaced silently; a run's own eval.json is.
            OutputFile.claim(target, overwrite, out != null ? "--out" : "eval.json (the default --out)");
        }
        long matchSeed = seed == null ? 0 : seed;
        dev.reins.bench.games.Match.Result r = dev.reins.bench.games.Match.play(game, agentPlayer, opponentPlayer, games, matchSeed);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("env", envId);
        json.put("agent", agentName);
        json.put("opponent", opponent);
        json.put("games", r.games());
        json.put("wins", r.wins());
        json.put("draws", r.draws());
        json.put("losses", r.losses());
        json.put("wins_as_first", r.winsAsFirst());
        json.put("losses_as_first", r.lossesAsFirst());
        json.put("distinct_games", r.distinctGames());
        json.put("seed", matchSeed);
        json.put("wall_seconds", r.seconds());
        AtomicFiles.writeString(target, Configs.toJson(json));
        System.out.printf(java.util.Locale.ROOT, "%s vs %s on %s, %d games (colours alternating, %d distinct): %d wins, %d draws, "
                + "%d losses; wrote %s%n", agentName, opponent, envId, r.games(), r.distinctGames(), r.wins(), r.draws(), r.losses(), target);
        return 0;
    }
}
