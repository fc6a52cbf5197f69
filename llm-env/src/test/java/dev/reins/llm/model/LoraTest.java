package dev.reins.llm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class LoraTest {
    private static final TransformerConfig SMALL = new TransformerConfig(7, 12, 8, 2, 2, 12);
    private static final LoraConfig ALL = new LoraConfig(2, 4, List.of("c_attn", "c_proj", "c_fc"));
    private static final List<int[]> SEQS = List.of(new int[] {1, 4, 2, 6, 0, 3}, new int[] {5, 2, 2});

    @Test
    void aFreshAdapterLeavesTheOutputsExactlyTheBases() {
        Transformer model = TestModels.perturbed(SMALL, 1, 0.5);
        model.setEngine(Transformer.Engine.SAMEDIFF); // the engine adapters run in: the same graph plus a zero term
        double[] before = model.lastLogits(SEQS);
        model.addLora(ALL, 3);
        assertArrayEquals(before, model.lastLogits(SEQS), 0.0);
        // Only the adapters train: 2 layers × (c_attn, attn.c_proj, c_fc, mlp.c_proj) × (A, B).
        ParameterGradients grads = new ParameterGradients(model.parameters());
        assertEquals(16, grads.names().size());
        assertTrue(grads.names().stream().allMatch(n -> n.contains(".lora_")), grads.names().toString());
    }

    @Test
    void adapterGradientsMatchFiniteDifferences() {
        Transformer model = TestModels.perturbed(SMALL, 2, 0.5);
        model.addLora(ALL, 4);
        perturbAdapters(model, 5);
        double[] w = new double[SEQS.size() * 6];
        SplittableRandom rng = new SplittableRandom(6);
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextDouble() - 0.5;
        }
        ParameterGradients grads = new ParameterGradients(model.parameters());
        model.backward(SEQS, w, null, null, grads);
        int checked = 0;
        for (Parameter p : model.parameters().trainable()) {
            for (int k = 0; k < 3; k++) {
                long i = rng.nextInt((int) p.size());
                double saved = p.value().data().getDouble(i);
                p.value().data().put(i, saved + 1e-6);
                double plus = weighted(model.score(SEQS), w);
                p.value().data().put(i, saved - 1e-6);
                double minus = weighted(model.score(SEQS), w);
                p.value().data().put(i, saved);
                double numeric = (plus - minus) / 2e-6;
                assertEquals(numeric, grads.get(p.name()).data().getDouble(i), 1e-6 + 1e-5 * Math.abs(numeric), p.name() + "[" + i + "]");
                checked++;
            }
        }
        assertEquals(48, checked);
    }

    @Test
    void mergedOutputsEqualUnmergedOnesAndSavingWritesThemMerged(@TempDir Path dir) throws Exception {
        Transformer model = TestModels.perturbed(SMALL, 7, 0.5);
        model.addLora(new LoraConfig(3, 6, List.of("c_attn", "c_fc")), 8);
        perturbAdapters(model, 9);
        double[] adapted = model.lastLogits(SEQS);
        model.save(dir.resolve("merged"));
        assertArrayEquals(adapted, Transformer.load(dir.resolve("merged"), DataType.DOUBLE).lastLogits(SEQS), 1e-10);
        model.mergeLora();
        assertArrayEquals(adapted, model.lastLogits(SEQS), 1e-10);
        assertEquals(model.parameters().all().size(), model.parameters().trainable().size());
    }

    @Test
    void adaptersRoundTripThroughPeftsFormat(@TempDir Path dir) throws Exception {
        Transformer model = TestModels.perturbed(SMALL, 10, 0.5);
        Transformer base = model.copy();
        model.addLora(ALL, 11);
        perturbAdapters(model, 12);
        LoraAdapters.save(model, dir, "tiny-base");
        assertTrue(SafeTensors.read(dir.resolve("adapter_model.safetensors"), DataType.FLOAT)
                .containsKey("base_model.model.transformer.h.1.mlp.c_fc.lora_B.weight"));
        LoraAdapters.load(base, dir);
        assertArrayEquals(model.lastLogits(SEQS), base.lastLogits(SEQS), 1e-12);
        assertThrows(IllegalStateException.class, () -> base.addLora(ALL, 0), "adapters twice");
    }

    @Test
    void theSpecParsesAndBadSpecsAreNamed() {
        LoraConfig c = LoraConfig.parse("r=8,alpha=16,targets=c_attn,c_proj");
        assertEquals(new LoraConfig(8, 16, List.of("c_attn", "c_proj")), c);
        assertEquals(2.0, c.scale());
        assertEquals(new LoraConfig(4, 8, List.of("c_attn")), LoraConfig.parse("r=4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LoraConfig.parse("r=4,targets=q_proj")).getMessage()
                .contains("q_proj"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LoraConfig.parse("alpha=4")).getMessage().contains("needs r"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LoraConfig.parse("r=x")).getMessage().contains("'x'"));
    }

    private static void perturbAdapters(Transformer model, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (Parameter p : model.parameters().trainable()) {
            INDArray v = p.value();
            for (long i = 0; i < v.length(); i++) {
                v.data().put(i, v.data().getDouble(i) + 0.4 * (rng.nextDouble() - 0.5));
            }
        }
    }

    private static double weighted(Transformer.Scores s, double[] w) {
        double total = 0;
        for (int i = 0; i < w.length; i++) {
            total += w[i] * s.logProbs()[i];
        }
        return total;
    }
}
