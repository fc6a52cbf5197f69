package dev.reins.algorithms.tabular;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.core.algorithm.EvalResult;
import dev.reins.core.algorithm.Evaluator;
import dev.reins.core.callback.Callback;
import dev.reins.core.callback.TrainingContext;
import dev.reins.core.env.Env;
import dev.reins.core.env.StepResult;
import dev.reins.core.env.wrappers.EpisodeStatistics;
import dev.reins.core.env.wrappers.FlattenDiscreteObservation;
import dev.reins.core.schedule.Schedule;
import dev.reins.envs.registry.Envs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TabularControlTest {
    private static final TdControlConfig TEXTBOOK = new TdControlConfig(new Schedule.Constant(0.5), 1.0,
            new Schedule.Constant(0.1), 0.0);

    private static Env<Integer, Integer> cliff() {
        return Envs.make("CliffWalking-v1");
    }

    /** The states the greedy policy visits from the start, at most 100 steps. */
    private static List<Integer> greedyPath(TabularLearner agent, Env<Integer, Integer> env) {
        List<Integer> path = new ArrayList<>();
        int s = env.reset(0L).observation();
        path.add(s);
        for (int t = 0; t < 100; t++) {
            StepResult<Integer> r = env.step(agent.policy().act(s));
            s = r.observation();
            path.add(s);
            if (r.done()) {
                break;
            }
        }
        return path;
    }

    @Test
    void qLearningFindsTheOptimalCliffPath() {
        QLearning agent = new QLearning(cliff(), TEXTBOOK, 7L);
        agent.learn(20_000, Callback.NONE);
        EvalResult r = Evaluator.evaluate(cliff(), agent.policy(), 5, 0L, 1_000);
        assertEquals(-13.0, r.meanReturn(), "13 steps along the edge of the cliff");
    }

    @Test
    void sarsaTakesTheSafePathWhileQLearningTakesTheOptimalOne() {
        QLearning qLearning = new QLearning(cliff(), TEXTBOOK, 3L);
        Sarsa sarsa = new Sarsa(cliff(), TEXTBOOK, 3L);
        OnlineReturns qOnline = new OnlineReturns();
        OnlineReturns sarsaOnline = new OnlineReturns();
        qLearning.learn(30_000, qOnline);
        sarsa.learn(30_000, sarsaOnline);

        List<Integer> qPath = greedyPath(qLearning, cliff());
        List<Integer> sarsaPath = greedyPath(sarsa, cliff());
        assertEquals(14, qPath.size(), "Q-learning's greedy path is the 13-step path along the cliff: " + qPath);
        assertTrue(qPath.stream().anyMatch(s -> s / 12 == 2 && s % 12 >= 1 && s % 12 <= 10),
                "Q-learning walks the row next to the cliff: " + qPath);
        assertTrue(sarsaPath.size() > 14 && sarsaPath.get(sarsaPath.size() - 1) == CliffWalkingStates.GOAL,
                "SARSA reaches the goal by a longer path: " + sarsaPath);
        assertTrue(sarsaPath.stream().noneMatch(s -> s / 12 == 2 && s % 12 >= 1 && s % 12 <= 10),
                "SARSA keeps off the row next to the cliff: " + sarsaPath);
        // The textbook's Figure 6.4: with ε-greedy exploration SARSA earns more online than Q-learning.
        assertTrue(sarsaOnline.meanOfLast(200) > qOnline.meanOfLast(200),
                "online return SARSA " + sarsaOnline.meanOfLast(200) + " vs Q-learning " + qOnline.meanOfLast(200));
    }

    /** Goal index of CliffWalking. */
    private static final class CliffWalkingStates {
        static final int GOAL = 47;
    }

    private static final class OnlineReturns implements Callback {
        final List<Double> returns = new ArrayList<>();

        @Override
        public void onEpisodeEnd(TrainingContext ctx, EpisodeStatistics episode) {
            returns.add(episode.episodeReturn());
        }

        double meanOfLast(int n) {
            return returns.subList(returns.size() - n, returns.size()).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        }
    }

    @Test
    void everyTdMethodSolvesDeterministicFrozenLake() {
        Map<String, Object> notSlippery = Map.of("is_slippery", false);
        // A decaying step size: with a constant α = 0.5, SARSA's noisy on-policy values can leave a tie-broken greedy
        // action pointing into a wall at the end of the budget.
        TdControlConfig td = new TdControlConfig(new Schedule.Linear(0.5, 0.05, 1.0), 0.95, new Schedule.Linear(1.0, 0.05, 0.5), 0.0);
        TraceControlConfig traces = new TraceControlConfig(new Schedule.Linear(0.5, 0.05, 1.0), 0.95, new Schedule.Linear(1.0, 0.05, 0.5),
                0.0, 0.8, true);
        List<TabularLearner> agents = List.of(
                new QLearning(Envs.make("FrozenLake-v1", notSlippery), td, 1L),
                new Sarsa(Envs.make("FrozenLake-v1", notSlippery), td, 1L),
                new ExpectedSarsa(Envs.make("FrozenLake-v1", notSlippery), td, 1L),
                new SarsaLambda(Envs.make("FrozenLake-v1", notSlippery), traces, 1L),
                new QLambda(Envs.make("FrozenLake-v1", notSlippery), traces, 1L),
                new MonteCarloControl(Envs.make("FrozenLake-v1", notSlippery),
                        new MonteCarloConfig(0.95, new Schedule.Linear(1.0, 0.05, 0.5), 0.0), 1L));
        for (TabularLearner agent : agents) {
            agent.learn(20_000, Callback.NONE);
            EvalResult r = Evaluator.evaluate(Envs.make("FrozenLake-v1", notSlippery), agent.policy(), 3, 0L, 1_000);
            assertEquals(1.0, r.meanReturn(), agent.name() + " reaches the goal");
            assertEquals(6.0, r.meanLength(), agent.name() + " by a shortest path");
        }
    }

    @Test
    void qLearningSolvesTaxiOptimally() {
        Env<Integer, Integer> env = Envs.make("Taxi-v4");
        QLearning agent = new QLearning(env, new TdControlConfig(new Schedule.Constant(0.5), 0.99,
                new Schedule.Linear(1.0, 0.05, 0.4), 0.0), 11L);
        agent.learn(150_000, Callback.NONE);
        ValueIteration vi = new ValueIteration(Envs.make("Taxi-v4"), new DynamicProgrammingConfig(0.99, 1e-10));
        vi.learn(10_000, Callback.NONE);
        EvalResult learned = Evaluator.evaluate(Envs.make("Taxi-v4"), agent.policy(), 200, 1_000L, 1_000);
        EvalResult optimal = Evaluator.evaluate(Envs.make("Taxi-v4"), vi.policy(), 200, 1_000L, 1_000);
        // Deterministic dynamics and the same start states: an optimal policy earns exactly the optimal returns.
        assertEquals(optimal.returns(), learned.returns());
    }

    @Test
    void monteCarloLearnsBlackjackBetterThanAlwaysHitting() {
        Env<Integer, Integer> env = new FlattenDiscreteObservation<>(Envs.make("Blackjack-v1"));
        MonteCarloControl agent = new MonteCarloControl(env, new MonteCarloConfig(1.0, new Schedule.Constant(0.1), 0.0), 5L);
        agent.learn(300_000, Callback.NONE);
        Env<Integer, Integer> evalEnv = new FlattenDiscreteObservation<>(Envs.make("Blackjack-v1"));
        EvalResult learned = Evaluator.evaluate(evalEnv, agent.policy(), 20_000, 0L, 100);
        EvalResult stickAt20 = Evaluator.evaluate(evalEnv, s -> s / 22 >= 20 ? 0 : 1, 20_000, 0L, 100);
        assertTrue(learned.meanReturn() > stickAt20.meanReturn(),
                "learned " + learned.meanReturn() + " vs the stick-at-20 policy " + stickAt20.meanReturn());
    }

    @Test
    void sameSeedGivesTheSameQTableBitForBit() {
        SarsaLambda a = new SarsaLambda(Envs.make("Taxi-v4"), TraceControlConfig.defaults(), 42L);
        SarsaLambda b = new SarsaLambda(Envs.make("Taxi-v4"), TraceControlConfig.defaults(), 42L);
        a.learn(20_000, Callback.NONE);
        b.learn(20_000, Callback.NONE);
        assertArrayEquals(a.qTable().toArray(), b.qTable().toArray());
        SarsaLambda c = new SarsaLambda(Envs.make("Taxi-v4"), TraceControlConfig.defaults(), 43L);
        c.learn(20_000, Callback.NONE);
        assertTrue(!java.util.Arrays.equals(a.qTable().toArray(), c.qTable().toArray()), "another seed differs");
    }
}
