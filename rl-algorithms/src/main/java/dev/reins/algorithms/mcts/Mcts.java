package dev.reins.algorithms.mcts;

import dev.reins.core.game.GamePlayer;
import dev.reins.core.mdp.ForwardModel;
import dev.reins.core.mdp.ModelStep;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Monte Carlo tree search with UCT (Kocsis &amp; Szepesvári, 2006) and random rollouts over any {@link ForwardModel}
 * with discrete actions: a two-player zero-sum game (rewards count for the player who moved and against the other)
 * or a single-agent env (one player, discounted rewards). Each simulation walks down the tree choosing the child
 * with the highest Q + c·√(ln N / n) — Q from the point of view of the player choosing — expands one untried action,
 * plays random actions to the end (or {@code max_rollout_steps}) and adds the return, seen from each node's mover, on
 * the way back up. The move is the most visited root action. Deterministic for a seed.
 *
 * <pre>{@code
 * Mcts<TicTacToe.Board> uct = new Mcts<>(new TicTacToe(), MctsConfig.uct(1000));
 * int move = uct.move(board, rng);
 * }</pre>
 */
public final class Mcts<S> implements GamePlayer<S> {
    private final ForwardModel<S, Integer> model;
    private final MctsConfig config;

    public Mcts(ForwardModel<S, Integer> model, MctsConfig config) {
        this.model = model;
        this.config = config;
    }

    /** A search tree node: the state reached by {@code action}, made by {@code mover}, which paid {@code reward}. */
    private final class Node {
        final S state;
        final int action;
        final int mover;
        final double reward;
        final boolean terminal;
        final List<Integer> untried;
        final List<Node> children = new ArrayList<>();
        int visits;
        /** Sum of the returns from this node's move onward, for {@link #mover}. */
        double valueSum;

        Node(S state, int action, int mover, double reward, boolean terminal) {
            this.state = state;
            this.action = action;
            this.mover = mover;
            this.reward = reward;
            this.terminal = terminal;
            this.untried = terminal ? new ArrayList<>() : new ArrayList<>(model.legalActions(state));
        }

        double meanValue() {
            return valueSum / visits;
        }
    }

    /** What a search found at the root: each legal action's visit count and mean return for the player to move. */
    public record Result(int[] actions, int[] visits, double[] values) {
        /** The most visited action (ties: the higher value, then the lower action). */
        public int bestAction() {
            int best = 0;
            for (int i = 1; i < actions.length; i++) {
                if (visits[i] > visits[best] || (visits[i] == visits[best] && values[i] > values[best])) {
                    best = i;
                }
            }
            return actions[best];
        }
    }

    @Override
    public int move(S state, RandomGenerator rng) {
        return search(state, rng).bestAction();
    }

    /** Runs {@code simulations} simulations from {@code root}. */
    public Result search(S root, RandomGenerator rng) {
        Node top = new Node(root, -1, -1, 0, false);
        if (top.untried.isEmpty()) {
            throw new IllegalArgumentException("MCTS needs a state with a legal action; this one has none (the episode is over)");
        }
        for (int i = 0; i < config.simulations(); i++) {
            simulate(top, rng);
        }
        int n = top.children.size();
        int[] actions = new int[n];
        int[] visits = new int[n];
        double[] values = new double[n];
        List<Node> sorted = new ArrayList<>(top.children);
        sorted.sort((a, b) -> Integer.compare(a.action, b.action));
        for (int i = 0; i < n; i++) {
            actions[i] = sorted.get(i).action;
            visits[i] = sorted.get(i).visits;
            values[i] = sorted.get(i).meanValue();
        }
        return new Result(actions, visits, values);
    }

    private void simulate(Node root, RandomGenerator rng) {
        List<Node> path = new ArrayList<>();
        path.add(root);
        Node node = root;
        while (!node.terminal) {
            if (!node.untried.isEmpty()) {
                int action = node.untried.remove(rng.nextInt(node.untried.size()));
                ModelStep<S> step = model.step(node.state, action, rng);
                Node child = new Node(step.state(), action, model.playerToMove(node.state), step.reward(), step.terminal());
                node.children.add(child);
                path.add(child);
                node = child;
                break;
            }
            node = select(node);
            path.add(node);
        }
        // The return after the leaf, for each player (index 0 and 1), from a random rollout.
        double[] future = node.terminal ? new double[2] : rollout(node.state, rng);
        for (int i = path.size() - 1; i >= 1; i--) {
            Node n = path.get(i);
            accumulate(future, n.mover, n.reward);
            n.visits++;
            n.valueSum += future[n.mover];
        }
        root.visits++;
    }

    /** Prepends a step's reward to the returns: +reward for its mover, −reward for the other player (zero-sum). */
    private void accumulate(double[] future, int mover, double reward) {
        for (int p = 0; p < 2; p++) {
            future[p] = (p == mover ? reward : -reward) + config.gamma() * future[p];
        }
    }

    private Node select(Node node) {
        double logN = Math.log(node.visits);
        Node best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Node child : node.children) {
            double score = child.meanValue() + config.exploration() * Math.sqrt(logN / child.visits);
            if (score > bestScore) {
                bestScore = score;
                best = child;
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
            ModelStep<S> step = model.step(s, legal.get(rng.nextInt(legal.size())), rng);
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
}
