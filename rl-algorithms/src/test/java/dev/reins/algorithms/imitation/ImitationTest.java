package dev.reins.algorithms.imitation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.algorithms.common.ResumeCheck;
import dev.reins.algorithms.tabular.DynamicProgrammingConfig;
import dev.reins.algorithms.tabular.ValueIteration;
import dev.reins.core.algorithm.Evaluator;
import dev.reins.core.callback.Callback;
import dev.reins.core.demo.Trajectory;
import dev.reins.core.demo.TrajectoryRecorder;
import dev.reins.core.env.Env;
import dev.reins.core.policy.Policy;
import dev.reins.envs.registry.Envs;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImitationTest {
    private static final Map<String, Object> NOT_SLIPPERY = Map.of("is_slippery", false);

    @Test
    void theScriptedExpertIsAnExpert() {
        @SuppressWarnings("unchecked")
        Env<float[], Integer> env = (Env<float[], Integer>) (Env<?, ?>) Envs.make("CartPole-v1");
        assertEquals(500.0, Evaluator.evaluate(env, ImitationTestData::cartPoleController, 20, 0L, 10_000).meanReturn(), 1e-9);
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void behaviourCloningLearnsAScriptedExpertExactlyOnATabularEnv() {
        Env<?, ?> env = Envs.make("FrozenLake8x8-v1", NOT_SLIPPERY);
        ValueIteration vi = new ValueIteration(env, new DynamicProgrammingConfig(0.99, 1e-12));
        vi.learn(10_000, Callback.NONE);
        Policy<Integer, Integer> expert = vi.policy();
        // The deterministic expert's path from the start is the data; the clone must act as the expert on all of it.
        List<Trajectory<?, ?>> demos = (List) TrajectoryRecorder.record((Env<Integer, Integer>) env, expert, 3, 0L, 200);
        BehaviorCloning bc = new BehaviorCloning(Envs.make("FrozenLake8x8-v1", NOT_SLIPPERY), new BcConfig("", 0, List.of(32),
                dev.reins.algorithms.nn.Activation.TANH, dev.reins.algorithms.nn.Precision.FLOAT64,
                new dev.reins.core.schedule.Schedule.Constant(1e-2), 16, 0.0, 0.0, false), demos, 1L);
        bc.learn(600, Callback.NONE);
        Set<Integer> visited = new HashSet<>();
        for (Trajectory<?, ?> t : demos) {
            for (int i = 0; i < t.length(); i++) {
                int s = (Integer) t.observations().get(i);
                visited.add(s);
                assertEquals(t.actions().get(i), bc.policy().act(s), "state " + s);
            }
        }
        assertTrue(visited.size() >= 14);
        assertEquals(1.0, Evaluator.evaluate((Env) Envs.make("FrozenLake8x8-v1", NOT_SLIPPERY), (Policy) bc.policy(), 5, 0L, 1_000)
                .meanReturn(), 1e-12);
    }

    @Test
    void behaviourCloningFromTenEpisodesBalancesThePoleAndReplaysBitForBit() throws Exception {
        List<Trajectory<?, ?>> demos = ImitationTestData.cartPoleDemos(10);
        BehaviorCloning a = new BehaviorCloning(Envs.make("CartPole-v1"), BcConfig.defaults(), demos, 3L);
        a.learn(3_000, Callback.NONE);
        @SuppressWarnings({"unchecked", "rawtypes"})
        double ret = Evaluator.evaluate((Env) Envs.make("CartPole-v1"), (Policy) a.policy(), 20, 0L, 10_000).meanReturn();
        assertTrue(ret >= 475, "BC return " + ret);
        ResumeCheck.assertResumeEqualsUninterrupted(() -> new BehaviorCloning(Envs.make("CartPole-v1"), BcConfig.defaults(), demos, 3L),
                700, 250, bc -> ResumeCheck.policyParameters(bc.network()));
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void daggerReachesTheExpertWithFewLabelsAndResumesBitForBit() throws Exception {
        Policy<float[], Integer> expert = ImitationTestData::cartPoleController;
        DaggerConfig d = DaggerConfig.defaults();
        DaggerConfig config = new DaggerConfig("", "", 0, 500, 3, 500, d.hidden(), d.activation(), d.precision(), d.learningRate(),
                d.batchSize(), d.entCoef(), d.l2Coef(), d.maxEpisodeSteps());
        Dagger dagger = new Dagger(Envs.make("CartPole-v1"), config, expert, List.of(), 0L);
        dagger.learn(4_000, Callback.NONE);
        assertEquals(4_000, dagger.expertLabels());
        assertEquals(4_000, dagger.data().size());
        double ret = Evaluator.evaluate((Env) Envs.make("CartPole-v1"), (Policy) dagger.policy(), 20, 0L, 10_000).meanReturn();
        assertTrue(ret >= 495, "DAgger return " + ret);
        assertEquals(1.0, dagger.beta(0));
        assertEquals(0.0, dagger.beta(3));
        ResumeCheck.assertResumeEqualsUninterrupted(() -> new Dagger(Envs.make("CartPole-v1"), config, expert, List.of(), 0L), 2_000,
                1_000, g -> {
                    double[] p = ResumeCheck.policyParameters(g.network());
                    double[] out = java.util.Arrays.copyOf(p, p.length + 2);
                    out[p.length] = g.expertLabels();
                    out[p.length + 1] = g.data().size();
                    return out;
                });
    }

    @Test
    void maximumEntropyIrlRecoversARewardWhoseOptimalPolicyIsTheExperts() {
        Env<?, ?> env = Envs.make("FrozenLake8x8-v1", NOT_SLIPPERY);
        ValueIteration vi = new ValueIteration(env, new DynamicProgrammingConfig(0.99, 1e-12));
        vi.learn(10_000, Callback.NONE);
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<Trajectory<?, ?>> demos = (List) TrajectoryRecorder.record((Env<Integer, Integer>) env, vi.policy(), 1, 0L, 200);
        MaxEntIrl irl = new MaxEntIrl(env, MaxEntIrlConfig.defaults(), demos);
        irl.learn(200, Callback.NONE);
        assertEquals(1.0, irl.expertAgreement());
        double[] reward = irl.reward();
        int goal = 63;
        assertTrue(reward[goal] > 0, "the goal is rewarding");
    }
}
