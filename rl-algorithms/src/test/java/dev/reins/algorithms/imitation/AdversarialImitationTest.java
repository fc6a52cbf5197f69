package dev.reins.algorithms.imitation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.algorithms.common.ResumeCheck;
import dev.reins.algorithms.nn.NetworkBackend;
import dev.reins.algorithms.ppo.PpoConfig;
import dev.reins.core.callback.Callback;
import dev.reins.core.callback.TrainingContext;
import dev.reins.core.demo.Trajectory;
import dev.reins.core.demo.TrajectoryRecorder;
import dev.reins.core.env.Env;
import dev.reins.core.random.Rng;
import dev.reins.envs.registry.Envs;
import dev.reins.core.schedule.Schedule;
import dev.reins.envs.registry.EnvFactories;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdversarialImitationTest {
    private static AdversarialConfig config(Schedule generatorLearningRate, int numEnvs, int nSteps) {
        AdversarialConfig d = AdversarialConfig.defaults();
        PpoConfig g = d.generator();
        PpoConfig generator = new PpoConfig(numEnvs, nSteps, Math.min(g.batchSize(), numEnvs * nSteps), g.nEpochs(), generatorLearningRate,
                g.gamma(), g.gaeLambda(), g.clipRange(), g.clipRangeVf(), g.normalizeAdvantage(), g.entCoef(), g.vfCoef(), g.maxGradNorm(),
                g.targetKl(), g.hidden(), g.activation(), g.precision(), NetworkBackend.JAVA, g.adamEpsilon(), false,
                g.normalizeRewards(), g.policyLoss(),
                g.klCoefInit(), g.adaptiveKlTarget());
        return new AdversarialConfig("", 0, generator, d.discHidden(), d.discActivation(), d.discPrecision(), new Schedule.Constant(1e-3),
                Math.min(d.discBatchSize(), numEnvs * nSteps), 10, d.gamma(), d.bcWarmStartSteps());
    }

    @Test
    void gailsDiscriminatorSeparatesTheExpertFromARandomPolicy() {
        List<Trajectory<?, ?>> demos = ImitationTestData.cartPoleDemos(5);
        // A generator that never learns stays the random initial policy.
        AdversarialImitation gail = new AdversarialImitation(EnvFactories.of("CartPole-v1", Map.of()),
                config(new Schedule.Constant(0.0), 8, 128), AdversarialImitation.Variant.GAIL, demos, 0L);
        List<Map<String, Double>> updates = new ArrayList<>();
        gail.learn(8 * 128 * 12, new Callback() {
            @Override
            public void onUpdate(TrainingContext ctx, Map<String, Double> metrics) {
                updates.add(metrics);
            }
        });
        assertTrue(updates.get(updates.size() - 1).get("disc_loss") < updates.get(0).get("disc_loss") - 0.05, "the discriminator learned");
        // On fresh data: expert transitions of other episodes against a uniformly random policy's. Random actions agree
        // with the expert's half the time in states the expert also visits, so perfect separation is impossible; rank
        // them: the probability that an expert transition scores above a random one (the AUC) must be high.
        double[] expert = logits(gail, ImitationTestData.cartPoleDemos(3).subList(1, 3));
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<Trajectory<?, ?>> random = (List) TrajectoryRecorder.record((Env<float[], Integer>) (Env<?, ?>) Envs.make("CartPole-v1"),
                obs -> new Rng(java.util.Arrays.hashCode(obs)).nextInt(2), 40, 7L, 10_000);
        double[] generated = logits(gail, random);
        double above = 0;
        for (double e : expert) {
            for (double g : generated) {
                above += e > g ? 1 : e == g ? 0.5 : 0;
            }
        }
        double auc = above / ((double) expert.length * generated.length);
        assertTrue(auc > 0.8, "AUC " + auc);
    }

    private static double[] logits(AdversarialImitation a, List<Trajectory<?, ?>> trajectories) {
        TransitionSet set = TransitionSet.of(trajectories, ObservationFeatures.of(Envs.make("CartPole-v1").observationSpace()), 1);
        double[] out = new double[set.size()];
        TransitionBatch batch = new TransitionBatch(1, 4, 1);
        double[] one = new double[1];
        for (int k = 0; k < set.size(); k++) {
            batch.set(0, set, k);
            a.discriminator().logits(batch, 1, one, false);
            out[k] = one[0];
        }
        return out;
    }

    @Test
    void gailAndAirlResumeBitForBit() throws Exception {
        List<Trajectory<?, ?>> demos = ImitationTestData.cartPoleDemos(2);
        for (AdversarialImitation.Variant variant : AdversarialImitation.Variant.values()) {
            AdversarialConfig c = config(new Schedule.Constant(3e-4), 2, 64);
            ResumeCheck.assertResumeEqualsUninterrupted(() -> new AdversarialImitation(EnvFactories.of("CartPole-v1", Map.of()), c, variant,
                    demos, 5L), 640, 300, a -> {
                        double[] policy = ResumeCheck.policyParameters(a.generator().actorCritic());
                        double[] disc = a.discriminator().networks().get(0).parameters();
                        double[] out = java.util.Arrays.copyOf(policy, policy.length + disc.length);
                        System.arraycopy(disc, 0, out, policy.length, disc.length);
                        return out;
                    });
        }
    }
}
