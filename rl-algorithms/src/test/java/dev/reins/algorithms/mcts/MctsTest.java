package dev.reins.algorithms.mcts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.core.game.GamePlayer;
import dev.reins.core.game.GameResult;
import dev.reins.core.mdp.ForwardModel;
import dev.reins.core.mdp.ModelStep;
import dev.reins.envs.games.ConnectFour;
import dev.reins.envs.games.Minimax;
import dev.reins.envs.games.TicTacToe;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class MctsTest {
    private final TicTacToe ttt = new TicTacToe();

    private TicTacToe.Board ttt(int... moves) {
        TicTacToe.Board b = ttt.initialState();
        for (int m : moves) {
            b = ttt.play(b, m);
        }
        return b;
    }

    @Test
    void findsTheWinningMoveAndTheForcedBlock() {
        Mcts<TicTacToe.Board> uct = new Mcts<>(ttt, MctsConfig.uct(400));
        assertEquals(2, uct.move(ttt(0, 3, 1, 4), new SplittableRandom(0))); // X completes the top row
        assertEquals(5, uct.move(ttt(0, 3, 1, 4, 8), new SplittableRandom(0))); // O completes the middle row
        assertEquals(2, uct.move(ttt(0, 4, 1), new SplittableRandom(0))); // O must block the top row
        ConnectFour c4 = new ConnectFour();
        ConnectFour.Board b = c4.initialState();
        for (int c : new int[] {3, 3, 4, 4, 5}) {
            b = c4.play(b, c); // X threatens 2 and 6
        }
        Mcts<ConnectFour.Board> c4uct = new Mcts<>(c4, MctsConfig.uct(2000));
        ConnectFour.Board lost = b;
        int reply = c4uct.move(lost, new SplittableRandom(1));
        assertTrue(reply == 2 || reply == 6, "O blocks one side: " + reply);
        // A fork of two threats: X to move wins at once wherever O blocked.
        ConnectFour.Board fork = c4.play(lost, reply);
        assertEquals(reply == 2 ? 6 : 2, c4uct.move(fork, new SplittableRandom(2)));
    }

    @Test
    void uctWithAThousandSimulationsNeverLosesToPerfectPlayFromAnyOpeningOnEitherSide() {
        Minimax<TicTacToe.Board> perfect = new Minimax<>(ttt);
        Mcts<TicTacToe.Board> uct = new Mcts<>(ttt, MctsConfig.uct(1000).withRolloutPolicy(MctsConfig.RolloutPolicy.DECISIVE));
        for (int opening = 0; opening < 9; opening++) {
            TicTacToe.Board start = ttt(opening);
            // UCT made the opening move (as X) and continues; perfect play answers.
            GameResult asX = GameResult.play(ttt, start, List.<GamePlayer<TicTacToe.Board>>of(uct, perfect), new SplittableRandom(opening));
            // Perfect play opened (as X); UCT answers as O.
            GameResult asO = GameResult.play(ttt, start, List.<GamePlayer<TicTacToe.Board>>of(perfect, uct), new SplittableRandom(opening));
            assertTrue(asX.outcome(0) >= 0, "UCT as X lost after opening " + opening + ": " + asX.moves());
            assertTrue(asO.outcome(1) >= 0, "UCT as O lost after opening " + opening + ": " + asO.moves());
        }
    }

    @Test
    void aSeedGivesTheSameSearchAndVisitsAddUpToTheSimulations() {
        Mcts<TicTacToe.Board> uct = new Mcts<>(ttt, MctsConfig.uct(300));
        Mcts.Result a = uct.search(ttt(4), new SplittableRandom(7));
        Mcts.Result b = uct.search(ttt(4), new SplittableRandom(7));
        assertArrayEquals(a.visits(), b.visits());
        assertArrayEquals(a.values(), b.values(), 0.0);
        assertEquals(300, java.util.Arrays.stream(a.visits()).sum());
        assertArrayEquals(new int[] {0, 1, 2, 3, 5, 6, 7, 8}, a.actions());
        assertThrows(IllegalArgumentException.class, () -> uct.search(ttt(0, 3, 1, 4, 2), new SplittableRandom(0)));
    }

    /** A single-agent chain: go right (+1 at the end after 5 steps) or stop now for 0.3. */
    private static class Chain implements ForwardModel<Integer, Integer> {
        @Override
        public Integer initialState(RandomGenerator rng) {
            return 0;
        }

        @Override
        public List<Integer> legalActions(Integer s) {
            return List.of(0, 1);
        }

        @Override
        public ModelStep<Integer> step(Integer s, Integer a, RandomGenerator rng) {
            if (a == 0) {
                return new ModelStep<>(-1, 0.3, true);
            }
            return s == 4 ? new ModelStep<>(5, 1.0, true) : new ModelStep<>(s + 1, 0.0, false);
        }
    }

    @Test
    void plansInASingleAgentModelWithDiscounting() {
        // Undiscounted, the far reward (1) beats stopping (0.3); with γ = 0.7 its value 0.7⁴ ≈ 0.24 does not.
        Mcts<Integer> patient = new Mcts<>(new Chain(), new MctsConfig(2000, 1.0, 1.0, 100));
        Mcts<Integer> impatient = new Mcts<>(new Chain(), new MctsConfig(2000, 1.0, 0.7, 100));
        assertEquals(1, patient.move(0, new SplittableRandom(0)));
        assertEquals(0, impatient.move(0, new SplittableRandom(0)));
    }

    @Test
    void skippingExhaustedSubtreesVisitsEachNodeOnceAndStopsWhenTheTreeIsEnumerated() {
        // The chain's tree has 10 nodes below the root (5 stops, 4 steps right, the far end); each simulation of a search
        // that skips exhausted subtrees reaches a node it has not reached before, so 1,000 asked become at most 10.
        Evaluator<Integer> uniform = (state, legal) -> new Evaluator.Evaluation(new double[] {0.5, 0.5}, 0.0);
        for (boolean withEvaluator : new boolean[] {false, true}) {
            java.util.Set<Integer> reached = new java.util.HashSet<>();
            Chain chain = new Chain() {
                @Override
                public ModelStep<Integer> step(Integer s, Integer a, RandomGenerator rng) {
                    ModelStep<Integer> step = super.step(s, a, rng);
                    reached.add(step.state());
                    return step;
                }
            };
            MctsConfig config = new MctsConfig(1000, 1.0, 1.0, 100).withExhaustedSkipped(true);
            Mcts<Integer> search = withEvaluator ? new Mcts<>(chain, config, uniform) : new Mcts<>(chain, config);
            Mcts.Result r = search.search(0, new SplittableRandom(3));
            int simulations = java.util.Arrays.stream(r.visits()).sum();
            assertTrue(simulations <= 10, "simulations: " + simulations);
            assertTrue(reached.contains(5), "the far end was reached");
        }
        Mcts.Result all = new Mcts<>(new Chain(), new MctsConfig(1000, 1.0, 1.0, 100)).search(0, new SplittableRandom(3));
        assertEquals(1000, java.util.Arrays.stream(all.visits()).sum(), "without the option every simulation is spent");
    }

    @Test
    void puctWithAUniformPriorAndRandomRolloutsChoosesAsUctDoes() {
        // Positions with one best move (a win, or the only block), so "the same choice" is well defined.
        TicTacToe.Board[] positions = {ttt(0, 3, 1, 4), ttt(0, 4, 1), ttt(3, 0, 4), ttt(4, 0, 2, 8)};
        for (TicTacToe.Board b : positions) {
            int uct = new Mcts<>(ttt, MctsConfig.uct(800)).move(b, new SplittableRandom(1));
            Mcts<TicTacToe.Board> puct = new Mcts<>(ttt, MctsConfig.puct(800),
                    Mcts.randomRollouts(ttt, MctsConfig.uct(1), new SplittableRandom(2)));
            assertEquals(uct, puct.move(b, new SplittableRandom(1)), ttt.render(b));
        }
    }

    @Test
    void puctWithAPerfectValueNeverLosesWithFewSimulations() {
        Minimax<TicTacToe.Board> perfect = new Minimax<>(ttt);
        Evaluator<TicTacToe.Board> oracle = (state, legal) -> {
            double[] priors = new double[legal.size()];
            java.util.Arrays.fill(priors, 1.0 / legal.size());
            return new Evaluator.Evaluation(priors, perfect.value(state));
        };
        Mcts<TicTacToe.Board> puct = new Mcts<>(ttt, MctsConfig.puct(60), oracle);
        for (int opening = 0; opening < 9; opening++) {
            GameResult asO = GameResult.play(ttt, ttt(opening), List.<GamePlayer<TicTacToe.Board>>of(perfect, puct),
                    new SplittableRandom(opening));
            assertTrue(asO.outcome(1) >= 0, "PUCT as O lost after " + opening + ": " + asO.moves());
        }
    }

    private Evaluator<TicTacToe.Board> oracle() {
        Minimax<TicTacToe.Board> perfect = new Minimax<>(ttt);
        return (state, legal) -> {
            double[] priors = new double[legal.size()];
            java.util.Arrays.fill(priors, 1.0 / legal.size());
            return new Evaluator.Evaluation(priors, perfect.value(state));
        };
    }

    @Test
    void aReusedTreeKeepsTheStatisticsOfThePositionReached() {
        MctsConfig config = MctsConfig.puct(100).withTreeReuse(true);
        Mcts<TicTacToe.Board> reusing = new Mcts<>(ttt, config, oracle());
        Mcts.Result first = reusing.search(ttt.initialState(), new SplittableRandom(0));
        int move = first.bestAction();
        int reply = (move + 1) % 9;
        // Our move and the reply: the grandchild's subtree is kept, so its visits carry over.
        Mcts.Result second = reusing.search(ttt(move, reply), new SplittableRandom(0));
        int kept = java.util.Arrays.stream(second.visits()).sum();
        assertTrue(kept >= 100, "visits at the reused root: " + kept);
        Mcts.Result fresh = new Mcts<>(ttt, MctsConfig.puct(100), oracle()).search(ttt(move, reply), new SplittableRandom(0));
        assertEquals(100, java.util.Arrays.stream(fresh.visits()).sum());
        // A position not in the kept tree starts afresh.
        Mcts.Result unrelated = reusing.search(ttt(0, 4, 8), new SplittableRandom(0));
        assertEquals(100, java.util.Arrays.stream(unrelated.visits()).sum());
    }

    @Test
    void thePrincipalVariationFollowsTheMostVisitedChildrenToTheEnd() {
        Mcts<TicTacToe.Board> puct = new Mcts<>(ttt, MctsConfig.puct(400), oracle());
        TicTacToe.Board b = ttt(0, 4, 1); // O must block at 2
        Mcts.Result r = puct.search(b, new SplittableRandom(0));
        List<Integer> line = puct.principalVariation();
        assertEquals(r.bestAction(), line.get(0));
        TicTacToe.Board end = b;
        for (int move : line) {
            end = ttt.play(end, move); // every move of the line is legal in turn
        }
        assertTrue(line.size() >= 2, "the line goes past the root's move: " + line);
    }

    @Test
    void gumbelRootsSpendFewSimulationsOnEveryMoveAndPickTheBestByValue() {
        // Sequential halving with as many simulations as moves tries each once and keeps the best by value.
        Mcts<TicTacToe.Board> gumbel = new Mcts<>(ttt, MctsConfig.puct(6).withGumbelRoot(16, 0.0), oracle());
        TicTacToe.Board mustBlock = ttt(0, 4, 1); // O must play 2
        Mcts.Result r = gumbel.search(mustBlock, new SplittableRandom(0));
        assertEquals(6, java.util.Arrays.stream(r.visits()).sum());
        assertTrue(java.util.Arrays.stream(r.visits()).allMatch(v -> v == 1), java.util.Arrays.toString(r.visits()));
        assertEquals(2, r.bestAction());
        double[] improved = r.improvedPolicy();
        assertEquals(1.0, java.util.Arrays.stream(improved).sum(), 1e-12);
        int block = java.util.Arrays.binarySearch(r.actions(), 2);
        for (int k = 0; k < improved.length; k++) {
            assertTrue(k == block || improved[k] < improved[block], "the improved policy favours the block");
        }
        // With a larger budget the halving concentrates visits on the survivors; total visits equal the budget.
        Mcts<TicTacToe.Board> more = new Mcts<>(ttt, MctsConfig.puct(40).withGumbelRoot(4, 1.0), oracle());
        Mcts.Result s = more.search(ttt.initialState(), new SplittableRandom(3));
        assertEquals(40, java.util.Arrays.stream(s.visits()).sum());
        assertEquals(4, java.util.Arrays.stream(s.visits()).filter(v -> v > 0).count(), "m = 4 moves considered");
        assertEquals(s.bestAction(), more.search(ttt.initialState(), new SplittableRandom(3)).bestAction(), "seeded");
        // UCT's rollouts work under a Gumbel root too (uniform logits): it still finds the win.
        Mcts<TicTacToe.Board> uctGumbel = new Mcts<>(ttt, MctsConfig.uct(200).withGumbelRoot(16, 0.0));
        assertEquals(2, uctGumbel.move(ttt(0, 3, 1, 4), new SplittableRandom(0)));
    }

    @Test
    void aBadEvaluatorIsNamedAndRootNoiseKeepsPriorsADistribution() {
        Mcts<TicTacToe.Board> broken = new Mcts<>(ttt, MctsConfig.puct(10), (state, legal) -> new Evaluator.Evaluation(new double[3], 0));
        String e = assertThrows(IllegalStateException.class, () -> broken.search(ttt.initialState(), new SplittableRandom(0))).getMessage();
        assertTrue(e.contains("returned 3 priors for 9 legal actions"), e);
        double[] d = Dirichlet.sample(9, 0.3, new SplittableRandom(4));
        assertEquals(1.0, java.util.Arrays.stream(d).sum(), 1e-12);
        double mean = 0;
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 4000; i++) {
            mean += Dirichlet.sample(4, 0.5, rng)[0] / 4000;
        }
        assertEquals(0.25, mean, 0.02);
        Mcts<TicTacToe.Board> noisy = new Mcts<>(ttt, MctsConfig.puct(200).withRootNoise(0.25, 0.3),
                Mcts.randomRollouts(ttt, MctsConfig.uct(1), new SplittableRandom(2)));
        Mcts.Result r = noisy.search(ttt.initialState(), new SplittableRandom(3));
        assertEquals(200, java.util.Arrays.stream(r.visits()).sum());
        double[] p = r.policy(1.0);
        assertEquals(1.0, java.util.Arrays.stream(p).sum(), 1e-12);
        assertEquals(1.0, r.policy(0)[java.util.Arrays.binarySearch(r.actions(), r.bestAction())]);
        assertEquals(r.sample(1.0, new SplittableRandom(9)), r.sample(1.0, new SplittableRandom(9)));
    }

    @Test
    void theSolversProofsAgreeWithMinimaxAndProveADraw() {
        Minimax<TicTacToe.Board> perfect = new Minimax<>(ttt);
        SplittableRandom rng = new SplittableRandom(11);
        int proofs = 0;
        for (int k = 0; k < 30; k++) {
            TicTacToe.Board b = ttt.initialState();
            int plies = 2 + rng.nextInt(4);
            for (int i = 0; i < plies && !ttt.isTerminal(b); i++) {
                List<Integer> legal = ttt.legalActions(b);
                b = ttt.play(b, legal.get(rng.nextInt(legal.size())));
            }
            if (ttt.isTerminal(b)) {
                continue;
            }
            Mcts.Result r = new Mcts<>(ttt, MctsConfig.uct(3000)).search(b, new SplittableRandom(k));
            for (int i = 0; i < r.actions().length; i++) {
                if (!Double.isNaN(r.proven()[i])) {
                    assertEquals(perfect.moveValue(b, r.actions()[i]), r.proven()[i], ttt.render(b) + " move " + r.actions()[i]);
                    proofs++;
                }
            }
        }
        assertTrue(proofs > 50, "proofs " + proofs);
        // O threatens the middle column: X's block there is proven a draw, every other move a loss.
        Mcts.Result r = new Mcts<>(ttt, MctsConfig.uct(20_000)).search(ttt(0, 4, 8, 1), new SplittableRandom(1));
        assertArrayEquals(new int[] {2, 3, 5, 6, 7}, r.actions());
        assertArrayEquals(new double[] {-1, -1, -1, -1, 0}, r.proven(), 0.0);
        assertEquals(7, r.bestAction());
    }

    @Test
    void withDecisiveRolloutsUctAtAThousandSimulationsHoldsPerfectPlayToADraw() {
        Minimax<TicTacToe.Board> perfect = new Minimax<>(ttt);
        Mcts<TicTacToe.Board> uct = new Mcts<>(ttt, MctsConfig.uct(1000).withRolloutPolicy(MctsConfig.RolloutPolicy.DECISIVE));
        for (int g = 0; g < 200; g++) {
            int side = g % 2;
            List<GamePlayer<TicTacToe.Board>> players = side == 0 ? List.of(uct, perfect) : List.of(perfect, uct);
            GameResult r = GameResult.play(ttt, ttt.initialState(), players, new SplittableRandom(1_000 + g));
            assertEquals(0.0, r.outcome(side), "game " + g + " as " + (side == 0 ? "X" : "O") + ": " + r.moves());
        }
    }
}
