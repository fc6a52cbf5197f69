package dev.reins.llm.rl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.algorithms.grpo.Grpo;
import dev.reins.algorithms.grpo.GrpoConfig;
import dev.reins.algorithms.grpo.GrpoMetrics;
import dev.reins.llm.env.TokenEnv;
import dev.reins.llm.generate.DecodingConfig;
import dev.reins.llm.model.Transformer;
import dev.reins.llm.model.TransformerConfig;
import dev.reins.llm.model.TransformerParameters;
import dev.reins.llm.reward.PromptExample;
import dev.reins.llm.reward.RegexFormatReward;
import dev.reins.llm.tokenizer.ByteTokenizer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class TransformerGrpoTest {
    @Test
    void grpoTeachesAnUntrainedTransformerToAnswerWithADigit() {
        ByteTokenizer tok = ByteTokenizer.withDefaultSpecials();
        int eos = tok.endOfText();
        Transformer model = Transformer.create(new TransformerConfig(tok.vocabSize(), 6, 16, 1, 2, 32), 1);
        // Reward: the one-token answer is a digit. A random 260-way policy hits one of 10 digits 4 % of the time.
        RegexFormatReward digit = new RegexFormatReward("^[0-9]$");
        TokenEnv.Limits limits = new TokenEnv.Limits(1, 6, 0, eos);
        List<PromptExample> prompts = List.of(new PromptExample("a=", null), new PromptExample("b=", null));
        GrpoConfig config = GrpoConfig.defaults().withStartsPerIteration(4).withGroupSize(16).withMinibatchSize(64)
                .withLearningRate(1e-2).withKlCoefficient(0).withMaxEpisodeSteps(1);
        Grpo<int[]> grpo = new Grpo<>(new TransformerSequencePolicy(model, DecodingConfig.sampling(1, eos)),
                () -> new TokenEnv(tok, prompts, digit, limits), config, 4);
        GrpoMetrics first = grpo.iterate();
        GrpoMetrics m = first;
        double best = 0;
        for (int i = 0; i < 40; i++) {
            m = grpo.iterate();
            best = Math.max(best, m.rewardMean());
        }
        assertTrue(first.rewardMean() < 0.2, "first " + first.rewardMean());
        assertTrue(m.rewardMean() > 0.8, "last " + m.rewardMean() + " (first " + first.rewardMean() + ")");
    }

    @Test
    void aResumedRunEqualsAnUninterruptedOneAndTheReferenceSavesNoOptimizerState(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // beta > 0 keeps a frozen reference; two minibatches per iteration.
        GrpoConfig config = GrpoConfig.defaults().withStartsPerIteration(2).withGroupSize(4).withMinibatchSize(4)
                .withLearningRate(1e-2).withKlCoefficient(0.05).withMaxEpisodeSteps(2);
        java.util.function.Supplier<Grpo<int[]>> make = () -> twoTokenGrpo(List.of("a=", "b="), "^[0-9]", config, 5);
        Grpo<int[]> straight = make.get();
        for (int i = 0; i < 3; i++) {
            straight.iterate();
        }
        Grpo<int[]> first = make.get();
        first.iterate();
        first.iterate();
        dev.reins.core.checkpoint.CheckpointWriter w = new dev.reins.core.checkpoint.CheckpointWriter();
        first.save(w, "grpo.");
        w.writeTo(dir.resolve("grpo.ckpt"));
        dev.reins.core.checkpoint.CheckpointReader in = dev.reins.core.checkpoint.CheckpointReader.read(dir.resolve("grpo.ckpt"));
        assertTrue(in.names().stream().anyMatch(n -> n.startsWith("grpo.policy.optimizer.")));
        assertTrue(in.names().stream().noneMatch(n -> n.startsWith("grpo.reference.optimizer.")), "a frozen reference has no optimizer state");
        Grpo<int[]> resumed = make.get();
        resumed.load(in, "grpo.");
        resumed.iterate();
        assertSameParameters(straight, resumed);
    }

    /** GRPO on an untrained 1-layer transformer whose completions are one or two tokens, rewarded by a regex. */
    private static Grpo<int[]> twoTokenGrpo(List<String> prompts, String rewardRegex, GrpoConfig config, long seed) {
        ByteTokenizer tok = ByteTokenizer.withDefaultSpecials();
        int eos = tok.endOfText();
        TokenEnv.Limits limits = new TokenEnv.Limits(2, 6, 0, eos);
        List<PromptExample> examples = prompts.stream().map(p -> new PromptExample(p, null)).toList();
        RegexFormatReward reward = new RegexFormatReward(rewardRegex);
        return new Grpo<>(new TransformerSequencePolicy(Transformer.create(new TransformerConfig(tok.vocabSize(), 6, 16, 1, 2, 32), 3),
                DecodingConfig.sampling(2, eos)), () -> new TokenEnv(tok, examples, reward, limits), config, seed);
    }

    private static void assertSameParameters(Grpo<int[]> x, Grpo<int[]> y) {
        TransformerSequencePolicy a = (TransformerSequencePolicy) x.policy();
        TransformerSequencePolicy b = (TransformerSequencePolicy) y.policy();
        for (var p : a.model().parameters().all()) {
            org.junit.jupiter.api.Assertions.assertEquals(p.value(), b.model().parameters().get(p.name()).value(), p.name());
        }
    }

    /**
     * Self-imitation on the transformer: completions of one or two tokens (the replayed rows are padded with the
     * minibatch's), kept episodes in the checkpoint as start seed + tokens and their prompts rebuilt by resetting a
     * token env — the resumed run equals the uninterrupted one.
     */
    @Test
    void selfImitationReplaysKeptCompletionsAndResumesExactly() {
        GrpoConfig config = GrpoConfig.defaults().withStartsPerIteration(4).withGroupSize(8).withMinibatchSize(16)
                .withLearningRate(1e-2).withKlCoefficient(0).withMaxEpisodeSteps(2).withSelfImitation(0.5, 0.1, 3, 8);
        // Almost every completion passes, so the few that fail make their group's passing ones beat it (a small advantage).
        java.util.function.Supplier<Grpo<int[]>> make = () -> twoTokenGrpo(List.of("a=", "bcd="), "^[^0-9]", config, 2);
        Grpo<int[]> straight = make.get();
        GrpoMetrics last = null;
        for (int i = 0; i < 6; i++) {
            last = straight.iterate();
        }
        assertTrue(Double.isFinite(last.selfImitationNll()) && last.selfImitationNll() > 0, "replayed: " + last.selfImitationNll());
        Grpo<int[]> first = make.get();
        GrpoMetrics atSave = null;
        for (int i = 0; i < 3; i++) {
            atSave = first.iterate();
        }
        assertTrue(atSave.selfImitationBuffer() > 0, "the checkpoint holds kept episodes");
        dev.reins.core.checkpoint.CheckpointWriter w = new dev.reins.core.checkpoint.CheckpointWriter();
        first.save(w, "grpo.");
        Grpo<int[]> resumed = make.get();
        resumed.load(dev.reins.core.checkpoint.CheckpointReader.fromBytes(w.toBytes(), "grpo.ckpt"), "grpo.");
        for (int i = 0; i < 3; i++) {
            resumed.iterate();
        }
        assertSameParameters(straight, resumed);
    }

    /**
     * The GRPO loss through the transformer, as one minibatch after the first sees it: padded episodes of different
     * prompt and completion lengths, old log-probs away from the current ones (ratios on both sides of an asymmetric
     * clip, some clipped), β &gt; 0 with k3 to a different reference, an entropy bonus, Dr. GRPO's normalizer, and a
     * tempered top-k / top-p sampler. The policy's parameter gradient equals finite differences of the loss.
     */
    @Test
    void grpoLossGradientThroughThePolicyMatchesFiniteDifferences() {
        TransformerConfig shape = new TransformerConfig(9, 10, 8, 2, 2, 12);
        Transformer model = dev.reins.llm.model.TestModels.perturbed(shape, 7, 0.6);
        DecodingConfig sampler = new DecodingConfig(4, 0.8, 6, 0.97, new int[] {0});
        TransformerSequencePolicy policy = new TransformerSequencePolicy(model, sampler);
        TransformerSequencePolicy reference = new TransformerSequencePolicy(dev.reins.llm.model.TestModels.perturbed(shape, 8, 0.6), sampler);
        List<dev.reins.algorithms.grpo.Episode<int[]>> batch = List.of(episode(new int[] {1, 2}, 3, 4, 5, 0),
                episode(new int[] {3, 1, 4, 1, 5}, 6), episode(new int[] {2}, 7, 8), episode(new int[] {4, 4, 4}, 2, 2, 2, 2));
        var current = policy.score(batch);
        int rows = current.rows();
        int cols = current.columns();
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        double[] old = new double[rows * cols];
        double[] adv = new double[rows * cols];
        double[] mask = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            double a = rng.nextDouble(-1.5, 1.5);
            for (int t = 0; t < batch.get(r).actions().length; t++) {
                int i = r * cols + t;
                old[i] = current.logProbs()[i] + rng.nextDouble(-0.45, 0.45);
                adv[i] = a;
                mask[i] = 1;
            }
        }
        double[] ref = reference.score(batch).logProbs();
        var loss = new dev.reins.algorithms.loss.ClippedSurrogateLoss(new dev.reins.algorithms.loss.ClippedSurrogateLoss.Config(0.2,
                Double.NaN, 0.01, 0.1, dev.reins.algorithms.loss.ClippedSurrogateLoss.KlEstimator.K3,
                dev.reins.algorithms.loss.ClippedSurrogateLoss.Aggregation.DR_GRPO, 0.28, 4));
        var result = loss.compute(current.logProbs(), old, ref, adv, mask, current.entropies(), rows, cols);
        assertTrue(result.clipFraction() > 0 && result.clipFraction() < 1, "some, not all, tokens clipped: " + result.clipFraction());
        policy.accumulateGradient(batch, result.logProbGradient(), result.entropyGradient());
        // Scoring and differentiating in one call (one forward pass kept for the backward) gives the same bits.
        TransformerSequencePolicy onePass = new TransformerSequencePolicy(model.copy(), sampler);
        var seen = onePass.accumulateGradient(batch, s -> {
            var r = loss.compute(s.logProbs(), old, ref, adv, mask, s.entropies(), rows, cols);
            return new dev.reins.algorithms.grpo.SequencePolicy.LossWeights(r.logProbGradient(), r.entropyGradient());
        });
        org.junit.jupiter.api.Assertions.assertArrayEquals(current.logProbs(), seen.logProbs(), 0.0);
        for (var p : model.parameters().all()) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(
                    dev.reins.llm.model.NdArrays.toDoubles(policy.gradients().get(p.name())),
                    dev.reins.llm.model.NdArrays.toDoubles(onePass.gradients().get(p.name())), 0.0, "one-pass gradient of " + p.name());
        }
        java.util.function.DoubleSupplier lossNow = () -> {
            var s = policy.score(batch);
            return loss.compute(s.logProbs(), old, ref, adv, mask, s.entropies(), rows, cols).loss();
        };
        int checked = 0;
        for (var p : model.parameters().all()) {
            var value = p.value();
            var grad = policy.gradients().get(p.name());
            for (int k = 0; k < 3; k++) {
                long i = rng.nextInt((int) p.size());
                double saved = value.data().getDouble(i);
                double h = 1e-6;
                value.data().put(i, saved + h);
                double plus = lossNow.getAsDouble();
                value.data().put(i, saved - h);
                double minus = lossNow.getAsDouble();
                value.data().put(i, saved);
                double numeric = (plus - minus) / (2 * h);
                org.junit.jupiter.api.Assertions.assertEquals(numeric, grad.data().getDouble(i), 1e-7 + 1e-5 * Math.abs(numeric),
                        "d loss / d " + p.name() + "[" + i + "]");
                checked++;
            }
        }
        assertTrue(checked > 30);
    }

    /** Two epochs of two minibatches: after the first step the ratio moves off 1 and the (asymmetric) clip engages. */
    @Test
    void laterMinibatchesSeeRatiosOffOneAndClipping() {
        ByteTokenizer tok = ByteTokenizer.withDefaultSpecials();
        int eos = tok.endOfText();
        TokenEnv.Limits limits = new TokenEnv.Limits(3, 8, 0, eos);
        List<PromptExample> prompts = List.of(new PromptExample("a=", null), new PromptExample("bb=", null));
        GrpoConfig config = GrpoConfig.defaults().withStartsPerIteration(2).withGroupSize(4).withMinibatchSize(4).withEpochs(2)
                .withLearningRate(3e-2).withKlCoefficient(0.05).withClipHigh(0.28).withMaxEpisodeSteps(3)
                .withAggregation(dev.reins.algorithms.loss.ClippedSurrogateLoss.Aggregation.DR_GRPO);
        Grpo<int[]> grpo = new Grpo<>(new TransformerSequencePolicy(Transformer.create(new TransformerConfig(tok.vocabSize(), 8, 16, 1, 2, 32), 4),
                new DecodingConfig(3, 1.2, 0, 0.98, new int[] {eos})), () -> new TokenEnv(tok, prompts, new RegexFormatReward("^[0-9]"), limits),
                config, 9);
        double clip = 0;
        double approxKl = 0;
        double kl = 0;
        for (int i = 0; i < 4; i++) {
            GrpoMetrics m = grpo.iterate();
            clip = Math.max(clip, m.clipFraction());
            approxKl = Math.max(approxKl, m.approxKl());
            kl = Math.max(kl, m.referenceKl());
        }
        assertTrue(clip > 0, "clip fraction " + clip);
        assertTrue(approxKl > 0, "approx KL " + approxKl);
        assertTrue(kl > 0, "KL to the reference " + kl);
    }

    private static dev.reins.algorithms.grpo.Episode<int[]> episode(int[] prompt, int... actions) {
        return new dev.reins.algorithms.grpo.Episode<>(0, prompt, actions, 0, true, java.util.Map.of());
    }
}
