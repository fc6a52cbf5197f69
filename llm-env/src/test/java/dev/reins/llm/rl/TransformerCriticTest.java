package dev.reins.llm.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reins.algorithms.grpo.Episode;
import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.model.Parameter;
import dev.reins.llm.model.TestModels;
import dev.reins.llm.model.TransformerConfig;
import dev.reins.llm.optim.AdamW;
import dev.reins.llm.tokenizer.ByteTokenizer;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class TransformerCriticTest {
    private static final ByteTokenizer TOK = ByteTokenizer.withDefaultSpecials();
    private static final TransformerConfig SMALL = new TransformerConfig(TOK.vocabSize(), 12, 8, 2, 2, 12);

    private static Episode<int[]> episode(int[] prompt, int... actions) {
        return new Episode<>(0, prompt, actions, 0, true, Map.of());
    }

    @Test
    void valueHeadAndBackboneGradientsMatchFiniteDifferences() {
        TransformerCritic critic = TransformerCritic.fromLanguageModel(new LanguageModel(TOK, TestModels.perturbed(SMALL, 3, 0.6)),
                AdamW.Settings.defaults(), null, 5);
        critic.head().bias().value().assign(0.3);
        // Episodes of different prompt and completion lengths: values are read at prompt − 1 + t.
        List<Episode<int[]>> episodes = List.of(episode(new int[] {97, 98}, 99, 100, 101), episode(new int[] {102}, 103),
                episode(new int[] {97, 97, 98, 99}, 100, 97));
        int cols = 3;
        double[] w = new double[episodes.size() * cols];
        SplittableRandom rng = new SplittableRandom(1);
        for (int r = 0; r < episodes.size(); r++) {
            for (int t = 0; t < episodes.get(r).actions().length; t++) {
                w[r * cols + t] = rng.nextDouble() - 0.5;
            }
        }
        critic.accumulateGradient(episodes, w);
        dev.reins.llm.model.ParameterGradients grads = critic.gradients();
        List<Parameter> all = new java.util.ArrayList<>(critic.backbone().parameters().trainable());
        all.addAll(critic.head().parameters());
        for (Parameter p : all) {
            INDArray value = p.value();
            for (int k = 0; k < 3; k++) {
                long i = p.name().equals("wte.weight") ? 97L * SMALL.dModel() + rng.nextInt(SMALL.dModel()) : rng.nextInt((int) p.size());
                double saved = value.data().getDouble(i);
                double h = 1e-6;
                value.data().put(i, saved + h);
                double plus = weighted(critic.values(episodes), w);
                value.data().put(i, saved - h);
                double minus = weighted(critic.values(episodes), w);
                value.data().put(i, saved);
                double numeric = (plus - minus) / (2 * h);
                assertEquals(numeric, grads.get(p.name()).data().getDouble(i), 1e-7 + 1e-5 * Math.abs(numeric), p.name() + "[" + i + "]");
            }
        }
    }

    @Test
    void aSharedCriticAddsItsBackboneGradientToThePolicysAndStepsOnlyItsHead() {
        dev.reins.llm.model.Transformer model = TestModels.perturbed(SMALL, 4, 0.6);
        TransformerSequencePolicy policy = new TransformerSequencePolicy(model,
                dev.reins.llm.generate.DecodingConfig.sampling(3, TOK.endOfText()));
        TransformerCritic shared = TransformerCritic.sharingBackbone(policy, AdamW.Settings.defaults(), 2);
        TransformerCritic separate = TransformerCritic.fromLanguageModel(new LanguageModel(TOK, model), AdamW.Settings.defaults(), null, 2);
        List<Episode<int[]>> episodes = List.of(episode(new int[] {97, 98}, 99, 100), episode(new int[] {101}, 102));
        double[] w = {0.5, -1.0, 2.0, 0};
        shared.accumulateGradient(episodes, w);
        separate.accumulateGradient(episodes, w);
        // Same backbone and head weights, so the same gradient — in the policy's buffers for the shared critic.
        for (Parameter p : model.parameters().trainable()) {
            INDArray fromPolicy = policy.gradients().get(p.name());
            INDArray own = separate.gradients().get(p.name());
            assertEquals(0.0, fromPolicy.sub(own).norm2Number().doubleValue(), 1e-12, p.name());
        }
        double before = model.parameters().get("h.0.mlp.c_fc.weight").value().getDouble(0);
        shared.applyGradient(1e-2, 1.0);
        assertEquals(before, model.parameters().get("h.0.mlp.c_fc.weight").value().getDouble(0), 0.0, "the critic steps only its head");
    }

    @Test
    void theOneCallPathHandsTheLossTheValuesAndReturnsThem() {
        TransformerCritic critic = TransformerCritic.fromLanguageModel(new LanguageModel(TOK, TestModels.perturbed(SMALL, 6, 0.6)),
                AdamW.Settings.defaults(), null, 5);
        List<Episode<int[]>> episodes = List.of(episode(new int[] {97, 98}, 99, 100), episode(new int[] {101}, 102));
        double[] expected = critic.values(episodes);
        double[][] seen = new double[1][];
        double[] returned = critic.accumulateGradient(episodes, values -> {
            seen[0] = values.clone();
            return new double[] {0.5, -1.0, 2.0, 0};
        });
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, seen[0], 0.0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, returned, 0.0);
        TransformerCritic twin = TransformerCritic.fromLanguageModel(new LanguageModel(TOK, TestModels.perturbed(SMALL, 6, 0.6)),
                AdamW.Settings.defaults(), null, 5);
        twin.accumulateGradient(episodes, new double[] {0.5, -1.0, 2.0, 0});
        for (Parameter p : critic.backbone().parameters().trainable()) {
            assertEquals(0.0, critic.gradients().get(p.name()).sub(twin.gradients().get(p.name())).norm2Number().doubleValue(), 0.0, p.name());
        }
    }

    private static double weighted(double[] values, double[] w) {
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            s += values[i] * w[i];
        }
        return s;
    }
}
