package dev.reins.llm.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reins.algorithms.nn.Adam;
import dev.reins.llm.model.Parameter;
import dev.reins.llm.model.ParameterGradients;
import dev.reins.llm.model.TestModels;
import dev.reins.llm.model.Transformer;
import dev.reins.llm.model.TransformerConfig;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class AdamWTest {
    private static final TransformerConfig TINY = new TransformerConfig(5, 4, 4, 1, 2, 8);

    @Test
    void withoutWeightDecayItIsAdamOverTheFlatParameters() {
        Transformer model = TestModels.perturbed(TINY, 1, 0.2);
        double[] flat = TestModels.flat(model);
        Adam reference = new Adam(flat.length, 0.9, 0.999, 1e-8);
        AdamW adamW = new AdamW(model.parameters(), AdamW.Settings.defaults());
        ParameterGradients grads = new ParameterGradients(model.parameters());
        SplittableRandom rng = new SplittableRandom(2);
        for (int step = 0; step < 5; step++) {
            double[] g = new double[flat.length];
            int at = 0;
            for (Parameter p : model.parameters().all()) {
                INDArray buffer = grads.get(p.name());
                for (long i = 0; i < p.size(); i++) {
                    g[at] = rng.nextDouble() - 0.5;
                    buffer.data().put(i, g[at++]);
                }
            }
            reference.step(flat, g, 1e-2);
            adamW.step(grads, 1e-2);
            grads.zero();
            assertArrayEquals(flat, TestModels.flat(model), 1e-12, "step " + step);
        }
    }

    @Test
    void weightDecayShrinksMatricesButNotBiasesOrGains() {
        Transformer model = TestModels.perturbed(TINY, 3, 0.2);
        double weight = model.parameters().get("h.0.mlp.c_fc.weight").value().getDouble(0);
        double bias = model.parameters().get("h.0.mlp.c_fc.bias").value().getDouble(0);
        ParameterGradients zero = new ParameterGradients(model.parameters());
        new AdamW(model.parameters(), AdamW.Settings.defaults().withWeightDecay(0.1)).step(zero, 0.5);
        // With a zero gradient Adam's step is 0, so only the decay acts: w ← w·(1 − lr·λ).
        assertEquals(weight * (1 - 0.05), model.parameters().get("h.0.mlp.c_fc.weight").value().getDouble(0), 1e-15);
        assertEquals(bias, model.parameters().get("h.0.mlp.c_fc.bias").value().getDouble(0), 0);
    }
}
