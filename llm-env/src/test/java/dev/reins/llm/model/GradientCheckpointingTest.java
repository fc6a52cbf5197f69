package dev.reins.llm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GradientCheckpointingTest {
    private static final TransformerConfig SHAPE = new TransformerConfig(9, 12, 16, 3, 2, 24);
    private static final List<int[]> BATCH = List.of(new int[] {1, 4, 2, 6, 0, 3, 1, 1, 4, 2}, new int[] {5, 2}, new int[] {0, 1, 2, 3, 0, 1});

    /** Block-by-block backward with recomputation gives the one-graph backward's log-probs and gradients. */
    @Test
    void checkpointedGradientsEqualTheOneGraphGradients() {
        check(TestModels.perturbed(SHAPE, 3, 0.6), NextTokenDistribution.MODEL, true);
        check(TestModels.perturbed(SHAPE.withTiedEmbeddings(false), 4, 0.6), new NextTokenDistribution(0.8, 5, 0.95), true);
        Transformer lora = TestModels.perturbed(SHAPE, 5, 0.6);
        lora.addLora(LoraConfig.parse("r=2,alpha=4,targets=c_attn,c_proj"), 1);
        TestModels.perturb(lora, 6, 0.3); // B ≠ 0, so the adapters matter
        check(lora, NextTokenDistribution.MODEL, false);
    }

    private static void check(Transformer model, NextTokenDistribution d, boolean withHidden) {
        SplittableRandom rng = new SplittableRandom(7);
        int n = BATCH.size() * Transformer.columns(BATCH);
        double[] w = rng.doubles(n, -1, 1).toArray();
        double[] wH = rng.doubles(n, -1, 1).toArray();
        double[] g = withHidden ? rng.doubles((long) n * SHAPE.dModel(), -1, 1).toArray() : null;
        model.setEngine(Transformer.Engine.SAMEDIFF); // checkpointing is a SameDiff mode: compare with the one-graph pass
        ParameterGradients plain = new ParameterGradients(model.parameters());
        Transformer.Scores a = model.backward(BATCH, d, w, wH, g, plain);
        model.setGradientCheckpointing(true);
        ParameterGradients checkpointed = new ParameterGradients(model.parameters());
        Transformer.Scores b = model.backward(BATCH, d, w, wH, g, checkpointed);
        model.setGradientCheckpointing(false);
        assertArrayEquals(a.logProbs(), b.logProbs(), 1e-12);
        assertArrayEquals(a.entropies(), b.entropies(), 1e-12);
        for (Parameter p : model.parameters().all()) {
            if (!p.isTrainable()) {
                assertNull(checkpointed.get(p.name()), "a frozen tensor gets no gradient");
                continue;
            }
            double[] x = plain.get(p.name()).data().asDouble();
            double[] y = checkpointed.get(p.name()).data().asDouble();
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], y[i], 1e-11 * (1 + Math.abs(x[i])), p.name() + "[" + i + "] under " + d);
            }
        }
    }
}
