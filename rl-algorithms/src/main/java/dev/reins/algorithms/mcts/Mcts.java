package dev.reins.algorithms.mcts;

import dev.reins.core.game.GamePlayer;
import dev.reins.core.mdp.ForwardModel;
import dev.reins.core.mdp.ModelStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Monte Carlo tree search over any {@link ForwardModel} with discrete actions: a two-player zero-sum game (rewards
 * count for the player who moved and against the other) or a single-agent env (one player, discounted rewards). Two
 * ways to grow and score the tree:
 * <ul>
 *   <li>UCT (Kocsis &amp; Szepesvári, 2006), without an {@link Evaluator}: each simulation walks down by
 *       Q + c·√(ln N / n), expands one untried action and plays random actions to the end;</li>
 *   <li>PUCT (Silver et al., 2017), with one: a new leaf is scored by the evaluator (value, and priors over its
 *       actions), selection maximizes Q + c·P·√N / (1 + n) with unvisited actions at Q = 0, and the root's priors can
 *       be mixed with Dirichlet noise for self-play.</li>
 * </ul>
 * Q is always seen from the player choosing. The search returns the root's visit counts; the move is the most
 * visited action, or one sampled with a temperature ({@link Result#sample}). In games the MCTS-Solver's proofs steer
 * both: a proven win is taken, a proven loss avoided. Two options at the root: the tree can be kept between searches
 * ({@code reuse_tree}: a position reached by one's move and the reply starts from its subtree), and the simulations
 * can be spent by Gumbel root selection with sequential halving ({@code root_selection: gumbel}), which picks well
 * with few simulations and gives an improved policy to learn from. Deterministic for a seed.
 *
 * <pre>{@code
 * Mcts<TicTacToe.Board> uct = new Mcts<>(new TicTacToe(), MctsConfig.uct(1000));
 * int move = uct.move(board, rng);
 * Mcts<TicTacToe.Board> puct = new Mcts<>(new TicTacToe(), MctsConfig.puct(200), network);
 * Mcts<TicTacToe.Board> gumbel = new Mcts<>(new TicTacToe(), MctsConfig.puct(16).withGumbelRoot(16, 0.0), network);
 * }</pre>
 */
public final class Mcts<S> implements GamePlayer<S> {
    private final ForwardModel<S, Integer> model;
    private final MctsConfig config;
    private final Evaluator<S> evaluator;
    /** MCTS-Solver (Winands et al., 2008) proofs are kept for games, whose terminal rewards are outcomes. */
    private final boolean solver;
    /** The root of the last search (searched again from when the tree is reused). */
    private Node lastRoot;

    /** UCT with random rollouts. */
    public Mcts(ForwardModel<S, Integer> model, MctsConfig config) {
        this(model, config, null);
    }

    /** PUCT with {@code evaluator} at the leaves (null: UCT with random rollouts). */
    public Mcts(ForwardModel<S, Integer> model, MctsConfig config, Evaluator<S> evaluator) {
        this.model = model;
        this.config = config;
        this.evaluator = evaluator;
        this.solver = model instanceof dev.reins.core.game.Game<?>;
    }

    /** A state reached by {@code action}, made by {@code mover}, who received {@code reward}. */
    private final class Node {
        final S state;
        final int action;
        final int mover;
        final double reward;
        final boolean terminal;
        final List<Integer> legal;
        /** Children by index into {@link #legal}, null until first visited. */
        final List<Node> children;
        /** UCT: indexes into {@link #legal} not expanded yet. PUCT: unused. */
        final List<Integer> untried;
        /** PUCT: priors over {@link #legal}, null until the node is evaluated. */
        double[] priors;
        /** PUCT: the evaluator's value for the player to move here. */
        double evaluation;
        int visits;
        /** Sum of the returns from this node's move onward, for {@link #mover}. */
        double valueSum;
        /** The game-theoretic value for {@link #mover} once proven (+1, 0, −1), NaN while unknown. */
        double proven = Double.NaN;
        /** Every node below has been evaluated or is terminal (tracked with {@code skip_exhausted}). */
        boolean exhausted;

        Node(S state, int action, int mover, double reward, boolean terminal) {
            this.state = state;
            this.action = action;
            this.mover = mover;
            this.reward = reward;
            this.terminal = terminal;
            this.exhausted = terminal;
            if (terminal && solver) {
                proven = reward; // a game's last move pays the mover's outcome
            }
            this.legal = terminal ? List.of() : model.legalActions(state);
            this.children = new ArrayList<>(java.util.Collections.nCopies(legal.size(), null));
            this.untried = new ArrayList<>();
            for (int i = 0; i < legal.size(); i++) {
                untried.add(i);
            }
        }

        double meanValue() {
            return valueSum / visits;
        }

        Node child(int i, RandomGenerator rng) {
            Node c = children.get(i);
            if (c == null) {
                ModelStep<S> step = model.step(state, legal.get(i), rng);
                c = new Node(step.state(), legal.get(i), model.playerToMove(state), step.reward(), step.terminal());
                children.set(i, c);
            }
            return c;
        }
    }

    /**
     * What a search found at the root: each legal action (increasing), its visit count, its mean return for the player
     * to move (NaN if never visited) and its proof (NaN if none); with Gumbel root selection also the action sequential
     * halving chose ({@code -1} otherwise) and the improved policy softmax(logits + σ(completed Q)) over {@code actions}
     * (null otherwise), Gumbel AlphaZero's policy target.
     */
    public record Result(int[] actions, int[] visits, double[] values, double[] proven, int recommended, double[] improvedPolicy) {
        /** A result of the tree policy at the root (no Gumbel recommendation). */
        public Result(int[] actions, int[] visits, double[] values, double[] proven) {
            this(actions, visits, values, proven, -1, null);
        }

        /**
         * Gumbel's choice when there is one; else the most visited proven win if there is one; otherwise the most
         * visited action that is not a proven loss, or of all when every action is one (ties: the higher value, then the
         * lower action).
         */
        public int bestAction() {
            if (recommended >= 0) {
                return recommended;
            }
            boolean won = false;
            boolean allLost = true;
            for (double p : proven) {
                won |= p == 1;
                allLost &= p == -1;
            }
            int best = -1;
            for (int i = 0; i < actions.length; i++) {
                if ((won && proven[i] != 1) || (proven[i] == -1 && !allLost)) {
                    continue;
                }
                if (best < 0 || visits[i] > visits[best] || (visits[i] == visits[best] && values[i] > values[best])) {
                    best = i;
                }
            }
            return actions[best];
        }

        /** Visit counts raised to 1/temperature and normalized: the policy target of AlphaZero (temperature 0 = argmax). */
        public double[] policy(double temperature) {
            double[] p = new double[actions.length];
            if (temperature == 0) {
                int best = 0;
                for (int i = 0; i < actions.length; i++) {
                    best = actions[i] == bestAction() ? i : best;
                }
                p[best] = 1;
                return p;
            }
            double sum = 0;
            for (int i = 0; i < p.length; i++) {
                p[i] = Math.pow(visits[i], 1 / temperature);
                sum += p[i];
            }
            for (int i = 0; i < p.length; i++) {
                p[i] /= sum;
            }
            return p;
        }

        /** An action drawn from {@link #policy}(temperature). */
        public int sample(double temperature, RandomGenerator rng) {
            double[] p = policy(temperature);
            double u = rng.nextDouble();
            for (int i = 0; i < p.length; i++) {
                u -= p[i];
                if (u < 0) {
                    return actions[i];
                }
            }
            return actions[actions.length - 1];
        }
    }

    @Override
    public int move(S state, RandomGenerator rng) {
        return search(state, rng).bestAction();
    }

    /**
     * Runs {@code simulations} simulations from {@code root} (on top of the kept subtree's, with tree reuse) and reports
     * the root's statistics.
     */
    public Result search(S root, RandomGenerator rng) {
        Node top = config.reuseTree() ? reusable(root) : null;
        if (top == null) {
            top = new Node(root, -1, -1, 0, false);
        }
        if (top.legal.isEmpty()) {
            throw new IllegalArgumentException("MCTS needs a state with a legal action; this one has none (the episode is over)");
        }
        if (evaluator != null && top.priors == null) {
            evaluate(top);
        }
        Result result;
        if (config.rootSelection() == MctsConfig.RootSelection.GUMBEL) {
            result = sequentialHalving(top, rng);
        } else {
            if (evaluator != null && config.rootNoise() > 0) {
                double[] noise = Dirichlet.sample(top.priors.length, config.dirichletAlpha(), rng);
                for (int i = 0; i < noise.length; i++) {
                    top.priors[i] = (1 - config.rootNoise()) * top.priors[i] + config.rootNoise() * noise[i];
                }
            }
            for (int i = 0; i < config.simulations() && !(config.skipExhausted() && top.exhausted); i++) {
                simulate(top, -1, rng);
            }
            result = statistics(top, -1, null);
        }
        lastRoot = top;
        return result;
    }

    /**
     * The line the last search expects: from its root, the most visited child (ties: the lower action) while there is
     * a visited one, ending at a terminal state or where the tree stops. The moves, in order.
     */
    public List<Integer> principalVariation() {
        List<Integer> line = new ArrayList<>();
        Node node = lastRoot;
        while (node != null && !node.terminal) {
            Node best = null;
            for (Node c : node.children) {
                if (c != null && c.visits > 0 && (best == null || c.visits > best.visits
                        || (c.visits == best.visits && c.action < best.action))) {
                    best = c;
                }
            }
            if (best == null) {
                break;
            }
            line.add(best.action);
            node = best;
        }
        return line;
    }

    /** The node of {@code state} among the last root, its children and grandchildren; or null. */
    private Node reusable(S state) {
        if (lastRoot == null) {
            return null;
        }
        if (lastRoot.state.equals(state)) {
            return lastRoot;
        }
        for (Node child : lastRoot.children) {
            if (child == null) {
                continue;
            }
            if (child.state.equals(state)) {
                return child;
            }
            for (Node grandchild : child.children) {
                if (grandchild != null && grandchild.state.equals(state)) {
                    return grandchild;
                }
            }
        }
        return null;
    }

    /** The root's statistics, actions in increasing order (and the improved policy, if any, in the same order). */
    private Result statistics(Node top, int recommendedIndex, double[] improved) {
        int n = top.legal.size();
        int[] actions = new int[n];
        int[] visits = new int[n];
        double[] values = new double[n];
        double[] proven = new double[n];
        double[] policy = improved == null ? null : new double[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(top.legal.get(a), top.legal.get(b)));
        for (int k = 0; k < n; k++) {
            Node c = top.children.get(order[k]);
            actions[k] = top.legal.get(order[k]);
            visits[k] = c == null ? 0 : c.visits;
            values[k] = c == null || c.visits == 0 ? Double.NaN : c.meanValue();
            proven[k] = c == null ? Double.NaN : c.proven;
            if (policy != null) {
                policy[k] = improved[order[k]];
            }
        }
        return new Result(actions, visits, values, proven, recommendedIndex < 0 ? -1 : top.legal.get(recommendedIndex), policy);
    }

    /**
     * Gumbel root selection (Danihelka et al., 2022): draw g(a) ~ Gumbel·scale, keep the m moves with the largest
     * g(a) + logit(a), then in ⌈log₂ m⌉ rounds give each remaining move an equal share of the simulations left and keep
     * the better half by g(a) + logit(a) + σ(q̂(a)); the best of the last round is the move. σ(q) = (c_visit + max N)·
     * c_scale·q̃ with q̃ the value rescaled to [0, 1] and the paper's c_visit = 50, c_scale = 1.
     */
    private Result sequentialHalving(Node top, RandomGenerator rng) {
        int n = top.legal.size();
        double[] logits = new double[n];
        double[] gumbel = new double[n];
        for (int i = 0; i < n; i++) {
            logits[i] = top.priors == null ? 0 : Math.log(Math.max(top.priors[i], 1e-30));
            gumbel[i] = config.gumbelScale() == 0 ? 0 : -config.gumbelScale() * Math.log(-Math.log(open(rng.nextDouble())));
        }
        int m = Math.min(Math.min(config.gumbelActions(), n), config.simulations());
        List<Integer> remaining = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            remaining.add(i);
        }
        remaining.sort((a, b) -> Double.compare(gumbel[b] + logits[b], gumbel[a] + logits[a]));
        remaining = new ArrayList<>(remaining.subList(0, m));
        int phases = Math.max(1, (int) Math.ceil(Math.log(m) / Math.log(2)));
        int used = 0;
        for (int phase = 0; phase < phases; phase++) {
            int each = Math.max(1, (config.simulations() - used) / ((phases - phase) * remaining.size()));
            for (int k = 0; k < each; k++) {
                for (int i : remaining) {
                    if (used < config.simulations()) {
                        simulate(top, i, rng);
                        used++;
                    }
                }
            }
            if (remaining.size() > 1 && phase < phases - 1) {
                double[] score = gumbelScores(top, gumbel, logits);
                remaining.sort((a, b) -> Double.compare(score[b], score[a]));
                remaining = new ArrayList<>(remaining.subList(0, (remaining.size() + 1) / 2));
            }
        }
        double[] score = gumbelScores(top, gumbel, logits);
        int chosen = remaining.get(0);
        for (int i : remaining) {
            chosen = score[i] > score[chosen] ? i : chosen;
        }
        return statistics(top, chosen, improvedPolicy(top, logits));
    }

    /** u kept inside (0, 1), where −log(−log u) is finite. */
    private static double open(double u) {
        return Math.min(Math.max(u, 1e-300), 1 - 1e-16);
    }

    /** g(a) + logit(a) + σ(q̂(a)) for every root move (q̂ the completed value: see {@link #completedValues}). */
    private double[] gumbelScores(Node top, double[] gumbel, double[] logits) {
        double[] q = completedValues(top);
        double sigma = sigmaScale(top);
        double[] score = new double[q.length];
        for (int i = 0; i < q.length; i++) {
            score[i] = gumbel[i] + logits[i] + sigma * (q[i] + 1) / 2;
        }
        return score;
    }

    /** (c_visit + max N)·c_scale with the paper's c_visit = 50 and c_scale = 1. */
    private double sigmaScale(Node top) {
        int maxVisits = 0;
        for (Node c : top.children) {
            maxVisits = c == null ? maxVisits : Math.max(maxVisits, c.visits);
        }
        return 50 + maxVisits;
    }

    /**
     * Each root move's value for the player to move: its proof if proven, its mean return if visited, else the
     * prior-weighted mean of the visited moves' values (the paper's completion, without the network's own value).
     */
    private double[] completedValues(Node top) {
        int n = top.legal.size();
        double[] q = new double[n];
        double weighted = 0;
        double weight = 0;
        for (int i = 0; i < n; i++) {
            Node c = top.children.get(i);
            if (c != null && c.visits > 0) {
                double p = top.priors == null ? 1.0 / n : top.priors[i];
                weighted += p * c.meanValue();
                weight += p;
            }
        }
        double fallback = weight > 0 ? weighted / weight : 0;
        for (int i = 0; i < n; i++) {
            Node c = top.children.get(i);
            q[i] = c == null || c.visits == 0 ? fallback : Double.isNaN(c.proven) ? c.meanValue() : c.proven;
        }
        return q;
    }

    /** softmax(logit + σ(q̂)) over the root moves. */
    private double[] improvedPolicy(Node top, double[] logits) {
        double[] q = completedValues(top);
        double sigma = sigmaScale(top);
        double[] p = new double[q.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < p.length; i++) {
            p[i] = logits[i] + sigma * (q[i] + 1) / 2;
            max = Math.max(max, p[i]);
        }
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(p[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** One simulation; at the root it takes the move with index {@code rootChild} if that is ≥ 0, else the tree policy's. */
    private void simulate(Node root, int rootChild, RandomGenerator rng) {
        List<Node> path = new ArrayList<>();
        path.add(root);
        Node node = root;
        double[] future = null;
        while (!node.terminal) {
            boolean forced = node == root && rootChild >= 0;
            if (evaluator == null && !node.untried.isEmpty() && (!forced || node.untried.contains(rootChild))) {
                int i = forced ? rootChild : node.untried.get(rng.nextInt(node.untried.size()));
                node.untried.remove(Integer.valueOf(i));
                node = node.child(i, rng);
                path.add(node);
                if (!node.terminal) {
                    future = rollout(node.state, rng);
                }
                break;
            }
            int next = forced ? rootChild : evaluator == null ? selectUct(node) : selectPuct(node);
            node = node.child(next, rng);
            path.add(node);
            if (evaluator != null && node.priors == null && !node.terminal) {
                future = leafValue(node, evaluate(node));
                break;
            }
        }
        if (future == null) {
            future = new double[2]; // the path ended in a terminal state: nothing after it
        }
        for (int i = path.size() - 1; i >= 1; i--) {
            Node n = path.get(i);
            accumulate(future, n.mover, n.reward);
            n.visits++;
            n.valueSum += future[n.mover];
        }
        root.visits++;
        if (config.skipExhausted()) {
            for (int i = path.size() - 1; i >= 0 && markIfExhausted(path.get(i)); i--) {
                // a node can be exhausted only if the child on the path just was
            }
        }
        if (solver) {
            for (int i = path.size() - 2; i >= 1; i--) {
                if (!prove(path.get(i))) {
                    break; // nothing above can become proven if this did not
                }
            }
        }
    }

    /** Marks {@code node} exhausted if it is terminal or expanded with every child exhausted; returns whether it is. */
    private boolean markIfExhausted(Node node) {
        if (!node.exhausted) {
            boolean expanded = evaluator != null ? node.priors != null : node.untried.isEmpty();
            boolean all = expanded;
            for (int i = 0; all && i < node.children.size(); i++) {
                Node c = node.children.get(i);
                all = c != null && c.exhausted;
            }
            node.exhausted = all;
        }
        return node.exhausted;
    }

    /**
     * Sets {@code node}'s proof from its children's, if it has one now: the player to move wins if one move is a proven
     * win, and the game's value is settled once every move is proven. Returns whether the node is proven.
     */
    private boolean prove(Node node) {
        if (!Double.isNaN(node.proven)) {
            return true;
        }
        int toMove = model.playerToMove(node.state);
        double best = Double.NEGATIVE_INFINITY;
        boolean all = true;
        for (Node c : node.children) {
            if (c == null || Double.isNaN(c.proven)) {
                all = false;
                continue;
            }
            best = Math.max(best, c.proven);
        }
        if (best == 1 || (all && !node.children.isEmpty())) {
            node.proven = node.mover == toMove ? best : -best;
            return true;
        }
        return false;
    }

    private double evaluate(Node node) {
        Evaluator.Evaluation e = evaluator.evaluate(node.state, node.legal);
        if (e.priors().length != node.legal.size()) {
            throw new IllegalStateException("the evaluator returned " + e.priors().length + " priors for " + node.legal.size()
                    + " legal actions " + node.legal);
        }
        node.priors = e.priors().clone();
        node.evaluation = e.value();
        return e.value();
    }

    /** The returns after a leaf whose player to move expects {@code value}: the same for one player, its negation for the other. */
    private double[] leafValue(Node leaf, double value) {
        int toMove = model.playerToMove(leaf.state);
        double[] future = new double[2];
        future[toMove] = value;
        future[1 - toMove] = -value;
        return future;
    }

    /** Prepends a step's reward to the returns: +reward for its mover, −reward for the other player (zero-sum). */
    private void accumulate(double[] future, int mover, double reward) {
        for (int p = 0; p < 2; p++) {
            future[p] = (p == mover ? reward : -reward) + config.gamma() * future[p];
        }
    }

    private int selectUct(Node node) {
        double logN = Math.log(node.visits);
        boolean allLost = true;
        for (Node c : node.children) {
            if (c.proven == 1) {
                return node.children.indexOf(c); // a proven win needs no more exploring
            }
            allLost &= c.proven == -1;
        }
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < node.children.size(); i++) {
            Node c = node.children.get(i);
            if (c.exhausted && config.skipExhausted()) {
                continue; // enumerated to its end: another visit would only repeat what it has found
            }
            // A proven loss is not worth another visit — unless every move is one: then the averages rank the delays.
            double q = allLost || Double.isNaN(c.proven) ? c.meanValue() : c.proven;
            double score = c.proven == -1 && !allLost ? -1e9 : q + config.exploration() * Math.sqrt(logN / c.visits);
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        return best;
    }

    private int selectPuct(Node node) {
        double sqrtN = Math.sqrt(Math.max(1, node.visits));
        boolean allLost = true;
        for (int i = 0; i < node.children.size(); i++) {
            Node c = node.children.get(i);
            if (c != null && c.proven == 1) {
                return i; // as in UCT: a proven win needs no more exploring
            }
            allLost &= c != null && c.proven == -1;
        }
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < node.legal.size(); i++) {
            Node c = node.children.get(i);
            if (c != null && c.proven == -1 && !allLost) {
                continue;
            }
            if (c != null && c.exhausted && config.skipExhausted()) {
                continue; // enumerated to its end: another visit would only repeat what it has found
            }
            double unvisited = config.unvisitedValue() == MctsConfig.UnvisitedValue.PARENT ? node.evaluation : 0;
            double q = c == null || c.visits == 0 ? unvisited : Double.isNaN(c.proven) || allLost ? c.meanValue() : c.proven;
            int n = c == null ? 0 : c.visits;
            double score = q + config.exploration() * node.priors[i] * sqrtN / (1 + n);
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        return best;
    }

    private double[] rollout(S state, RandomGenerator rng) {
        List<Integer> movers = new ArrayList<>();
        List<Double> rewards = new ArrayList<>();
        S s = state;
        for (int t = 0; t < config.maxRolloutSteps(); t++) {
            List<Integer> legal = model.legalActions(s);
            if (legal.isEmpty()) {
                break;
            }
            int mover = model.playerToMove(s);
            int action = config.rolloutPolicy() == MctsConfig.RolloutPolicy.DECISIVE && model instanceof dev.reins.core.game.Game<S> game
                    ? decisiveMove(game, s, legal, rng) : legal.get(rng.nextInt(legal.size()));
            ModelStep<S> step = model.step(s, action, rng);
            movers.add(mover);
            rewards.add(step.reward());
            s = step.state();
            if (step.terminal()) {
                break;
            }
        }
        double[] future = new double[2];
        for (int t = rewards.size() - 1; t >= 0; t--) {
            accumulate(future, movers.get(t), rewards.get(t));
        }
        return future;
    }

    /** A winning move if there is one; else a random move that does not let the opponent win at once (if any). */
    private static <S> int decisiveMove(dev.reins.core.game.Game<S> game, S state, List<Integer> legal, RandomGenerator rng) {
        int mover = game.playerToMove(state);
        List<Integer> safe = new ArrayList<>(legal.size());
        for (int a : legal) {
            S next = game.play(state, a);
            if (game.isTerminal(next)) {
                if (game.outcome(next, mover) > 0) {
                    return a;
                }
                safe.add(a);
                continue;
            }
            boolean givesWin = false;
            for (int b : game.legalActions(next)) {
                S reply = game.play(next, b);
                if (game.isTerminal(reply) && game.outcome(reply, mover) < 0) {
                    givesWin = true;
                    break;
                }
            }
            if (!givesWin) {
                safe.add(a);
            }
        }
        List<Integer> pool = safe.isEmpty() ? legal : safe;
        return pool.get(rng.nextInt(pool.size()));
    }

    /**
     * An evaluator that scores a leaf by one random rollout and gives every action the same prior: PUCT with it
     * behaves as UCT does with random rollouts.
     */
    public static <S> Evaluator<S> randomRollouts(ForwardModel<S, Integer> model, MctsConfig config, RandomGenerator rng) {
        Mcts<S> helper = new Mcts<>(model, config);
        return (state, legal) -> {
            double[] priors = new double[legal.size()];
            Arrays.fill(priors, 1.0 / legal.size());
            return new Evaluator.Evaluation(priors, helper.rollout(state, rng)[model.playerToMove(state)]);
        };
    }
}
