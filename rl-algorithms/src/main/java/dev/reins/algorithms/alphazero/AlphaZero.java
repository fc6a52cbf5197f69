package dev.reins.algorithms.alphazero;

import dev.reins.algorithms.mcts.Mcts;
import dev.reins.algorithms.nn.Adam;
import dev.reins.core.algorithm.Algorithm;
import dev.reins.core.algorithm.TrainingDivergedException;
import dev.reins.core.callback.Callback;
import dev.reins.core.callback.TrainingContext;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.env.wrappers.EpisodeStatistics;
import dev.reins.core.game.BoardGame;
import dev.reins.core.game.GamePlayer;
import dev.reins.core.policy.Policy;
import dev.reins.core.random.Rng;
import dev.reins.core.random.SplitMix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AlphaZero (Silver et al., 2017 and 2018) on a {@link BoardGame}:
 *
 * <pre>
 * champion ← candidate ← random network
 * repeat until the budget of self-play moves is spent:
 *     play games_per_iteration games of the champion against itself, each move a PUCT search (root noise; the first
 *         random_opening_moves moves uniformly random, then up to temperature_moves drawn from the visit counts, then
 *         the most visited)
 *     store every position with its visit distribution π and the final outcome z for the player to move, and their
 *         images under the board's symmetries, in a window of the newest replay_capacity positions
 *     train_steps times: a batch from the window, one Adam step on mean(−π·log p + c_v (v − z)²) + L2 on the candidate
 *     arena (arena_games > 0): the candidate plays the champion; it becomes the champion if it scores ≥ arena_threshold
 *         (AlphaGo Zero's gating); without an arena every candidate is the champion (AlphaZero)
 * </pre>
 *
 * The trained agent ({@link #player}, {@link #policy}) is the champion searching {@code eval_simulations} per move
 * without noise. Games run on {@code threads} threads with per-game seeds, so the run is the same for any thread count;
 * a checkpoint (networks, optimizer, replay, generator) resumes bit for bit.
 *
 * <pre>{@code
 * AlphaZero<ConnectFour.Board> az = new AlphaZero<>(new ConnectFour(), config, 0L);
 * az.learn(200_000, Callback.NONE);
 * GamePlayer<ConnectFour.Board> agent = az.player();
 * }</pre>
 */
public final class AlphaZero<S> implements Algorithm<int[], Integer> {
    private final BoardGame<S> game;
    private final AlphaZeroConfig config;
    private final PolicyValueNetwork<S> candidate;
    private final PolicyValueNetwork<S> champion;
    private final Adam optimizer;
    private final PositionReplay replay;
    private final Rng rng;
    private final ParallelGames<Seats<S>> workers;
    private final int moves;
    private final double[] inputs;
    private final double[] outputs;
    private final double[] outputGradient;
    private final double[] targets;
    private final long[] legal;
    private final double[] outcomes;
    private long steps;
    private long iterations;
    private long championChanges;

    /** A thread's own copies of the two networks in play (networks are not thread-safe). */
    private record Seats<S>(PolicyValueNetwork<S> first, PolicyValueNetwork<S> second) {}

    public AlphaZero(BoardGame<S> game, AlphaZeroConfig config, long seed) {
        this.game = game;
        this.config = config;
        this.moves = game.actionCount();
        if (moves > 64) {
            throw new IllegalArgumentException("alphazero keeps legal moves in a 64-bit mask; " + game.name() + " has " + moves + " moves");
        }
        this.candidate = PolicyValueNetwork.mlp(game, config.boardFeatures(), config.hidden(), config.activation(), config.precision(),
                config.batchSize(), new Rng(SplitMix.derive(seed, 1)));
        this.champion = candidate.copy();
        this.optimizer = new Adam(candidate.network().parameters().length, 0.9, 0.999, 1e-8);
        this.replay = new PositionReplay(config.replayCapacity(), game.cellCount(), moves);
        this.rng = new Rng(SplitMix.derive(seed, 2));
        this.workers = new ParallelGames<>(config.threads(), t -> new Seats<>(champion.copy(), champion.copy()));
        int b = config.batchSize();
        this.inputs = new double[b * candidate.inputSize()];
        this.outputs = new double[b * (moves + 1)];
        this.outputGradient = new double[b * (moves + 1)];
        this.targets = new double[b * moves];
        this.legal = new long[b];
        this.outcomes = new double[b];
    }

    @Override
    public String name() {
        return "alphazero";
    }

    @Override
    public List<String> metricNames() {
        return List.of("policy_loss", "value_loss", "games", "first_player_score", "draws", "game_length", "replay_size",
                "arena_score", "champion_changes", "learning_rate");
    }

    @Override
    public long stepsDone() {
        return steps;
    }

    public BoardGame<S> game() {
        return game;
    }

    /** The current champion network (the one that plays). */
    public PolicyValueNetwork<S> champion() {
        return champion;
    }

    /** The trained agent: the champion searching {@code eval_simulations} per move without noise. */
    public GamePlayer<S> player() {
        return player(config.evalSimulations());
    }

    /** The champion searching {@code simulations} per move without noise (its own copy of the network). */
    public GamePlayer<S> player(int simulations) {
        return new Mcts<>(game, config.playSearch(simulations), champion.copy());
    }

    /** The agent as a policy of the board-game env: it reads the position from the observation and searches it. */
    @Override
    public Policy<int[], Integer> policy() {
        GamePlayer<S> agent = player();
        Rng searchRng = new Rng(0);
        return observation -> agent.move(game.fromCells(observation), searchRng);
    }

    @Override
    public void learn(long totalSteps, Callback callback) {
        TrainingContext ctx = new TrainingContext(name(), totalSteps);
        ctx.setStep(steps);
        callback.onTrainingStart(ctx);
        while (steps < totalSteps && !ctx.stopRequested()) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            List<SelfPlay.Game> games = selfPlay();
            double firstScore = 0;
            int draws = 0;
            long length = 0;
            for (SelfPlay.Game g : games) {
                for (Position p : g.positions()) {
                    replay.add(p);
                    for (BoardGame.Symmetry symmetry : game.symmetries()) {
                        replay.add(p.transformed(symmetry));
                    }
                }
                steps += g.moves().size();
                ctx.setStep(steps);
                callback.onEpisodeEnd(ctx, new EpisodeStatistics(g.firstPlayerOutcome(), g.moves().size()));
                firstScore += (g.firstPlayerOutcome() + 1) / 2;
                draws += g.firstPlayerOutcome() == 0 ? 1 : 0;
                length += g.moves().size();
            }
            callback.onRolloutEnd(ctx);
            double lr = config.learningRate().value(Math.min(1.0, (double) steps / totalSteps));
            double[] losses = train(lr);
            double arenaScore = Double.NaN;
            if (config.arenaGames() > 0) {
                arenaScore = arena();
                if (arenaScore >= config.arenaThreshold()) {
                    champion.copyFrom(candidate);
                    championChanges++;
                }
            } else {
                champion.copyFrom(candidate);
                championChanges++;
            }
            iterations++;
            metrics.put("policy_loss", losses[0]);
            metrics.put("value_loss", losses[1]);
            metrics.put("games", (double) games.size());
            metrics.put("first_player_score", firstScore / games.size());
            metrics.put("draws", (double) draws);
            metrics.put("game_length", (double) length / games.size());
            metrics.put("replay_size", (double) replay.size());
            metrics.put("arena_score", arenaScore);
            metrics.put("champion_changes", (double) championChanges);
            metrics.put("learning_rate", lr);
            callback.onUpdate(ctx, metrics);
            callback.onStep(ctx);
        }
        callback.onTrainingEnd(ctx);
    }

    /** The champion plays itself; game i is seeded from the run's generator, so threads do not change the games. */
    private List<SelfPlay.Game> selfPlay() {
        long[] seeds = new long[config.gamesPerIteration()];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = rng.nextLong();
        }
        for (Seats<S> w : workers.workers()) {
            w.first().copyFrom(champion);
        }
        return workers.map(seeds.length, (w, i) -> SelfPlay.play(w.first(), config.selfPlaySearch(), config.randomOpeningMoves(),
                config.temperatureMoves(), new Rng(seeds[i])));
    }

    /** The candidate's score against the champion, colours alternating. */
    private double arena() {
        long[] seeds = new long[config.arenaGames()];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = rng.nextLong();
        }
        for (Seats<S> w : workers.workers()) {
            w.first().copyFrom(candidate);
            w.second().copyFrom(champion);
        }
        List<Double> forCandidate = workers.map(seeds.length, (w, i) -> {
            boolean candidateFirst = i % 2 == 0;
            double first = Arena.play(candidateFirst ? w.first() : w.second(), candidateFirst ? w.second() : w.first(), config.arenaSearch(),
                    config.arenaOpeningMoves(), new Rng(seeds[i]));
            return candidateFirst ? first : -first;
        });
        double score = 0;
        for (double o : forCandidate) {
            score += (o + 1) / 2;
        }
        return score / seeds.length;
    }

    /** {@code train_steps} Adam steps on batches from the replay; returns the mean policy and value losses. */
    private double[] train(double lr) {
        int updates = replay.size() < config.batchSize() ? 0 : config.trainSteps();
        double policyLoss = 0;
        double valueLoss = 0;
        int b = config.batchSize();
        double[] params = candidate.network().parameters();
        double[] grads = candidate.network().gradients();
        for (int k = 0; k < updates; k++) {
            replay.sample(b, rng, candidate, inputs, targets, legal, outcomes);
            candidate.network().forward(inputs, b, outputs, true);
            PolicyValueLoss.Result loss = PolicyValueLoss.compute(outputs, b, moves, targets, legal, outcomes, config.valueCoef(),
                    outputGradient);
            if (!Double.isFinite(loss.total())) {
                throw new TrainingDivergedException("alphazero: the loss is " + loss.total() + " at self-play move " + steps
                        + " (policy " + loss.policyLoss() + ", value " + loss.valueLoss() + "); lower learning_rate");
            }
            candidate.network().zeroGradients();
            candidate.network().backward(outputGradient, null);
            for (int i = 0; i < params.length; i++) {
                grads[i] += config.weightDecay() * params[i];
            }
            optimizer.step(params, grads, lr);
            policyLoss += loss.policyLoss();
            valueLoss += loss.valueLoss();
        }
        return updates == 0 ? new double[] {Double.NaN, Double.NaN} : new double[] {policyLoss / updates, valueLoss / updates};
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        candidate.save(out, prefix + "candidate.");
        champion.save(out, prefix + "champion.");
        optimizer.save(out, prefix + "optimizer.");
        replay.save(out, prefix + "replay.");
        out.putLongs(prefix + "rng", rng.state());
        out.putLongs(prefix + "counters", new long[] {steps, iterations, championChanges});
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        candidate.load(in, prefix + "candidate.");
        champion.load(in, prefix + "champion.");
        optimizer.load(in, prefix + "optimizer.");
        replay.load(in, prefix + "replay.");
        rng.setState(in.longs(prefix + "rng"));
        long[] counters = in.longs(prefix + "counters", 3);
        steps = counters[0];
        iterations = counters[1];
        championChanges = counters[2];
    }
}
