package dev.reins.llm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RecyclingMemoryTest {
    private static final TransformerConfig SHAPE = new TransformerConfig(11, 12, 16, 2, 2, 32);

    /**
     * A model that reuses its graph calls' arrays computes exactly what a model with no pool does (a fresh
     * {@link Transformer} over the same weights, whose every array is newly allocated): log-probs, entropies,
     * gradients, hidden states and KV-cache logits, over calls of different widths, samplers and kinds interleaved.
     */
    @Test
    void reusedArraysGiveBitIdenticalResultsToFreshOnes() {
        Transformer pooled = sameDiff(TestModels.perturbed(SHAPE, 4, 0.5));
        SplittableRandom rng = new SplittableRandom(2);
        for (int call = 0; call < 12; call++) {
            List<int[]> batch = new ArrayList<>();
            int rows = 1 + rng.nextInt(4);
            for (int r = 0; r < rows; r++) {
                int[] seq = new int[2 + rng.nextInt(call % 2 == 0 ? 6 : 11)];
                for (int i = 0; i < seq.length; i++) {
                    seq[i] = rng.nextInt(SHAPE.vocabSize());
                }
                batch.add(seq);
            }
            NextTokenDistribution d = call % 3 == 0 ? NextTokenDistribution.MODEL : new NextTokenDistribution(0.9, 5, 0.95);
            Transformer fresh = sameDiff(new Transformer(pooled.parameters()));
            int n = rows * Transformer.columns(batch);
            double[] w = rng.doubles(n, -1, 1).toArray();
            ParameterGradients a = new ParameterGradients(pooled.parameters());
            ParameterGradients b = new ParameterGradients(pooled.parameters());
            Transformer.Scores sa = pooled.backward(batch, d, w, w, null, a);
            Transformer.Scores sb = fresh.backward(batch, d, w, w, null, b);
            assertArrayEquals(sb.logProbs(), sa.logProbs(), "call " + call);
            assertArrayEquals(sb.entropies(), sa.entropies());
            for (Parameter p : pooled.parameters().all()) {
                assertArrayEquals(b.get(p.name()).data().asDouble(), a.get(p.name()).data().asDouble(), p.name() + " at call " + call);
            }
            assertArrayEquals(fresh.hiddenStates(batch), pooled.hiddenStates(batch));
            assertArrayEquals(sameDiff(new Transformer(pooled.parameters())).score(batch, d).logProbs(), pooled.score(batch, d).logProbs());
            try (KvCacheSession x = pooled.startSession(rows); KvCacheSession y = new Transformer(pooled.parameters()).startSession(rows)) {
                for (int t = 0; t < 4; t++) {
                    int[] tokens = new int[rows];
                    Arrays.fill(tokens, (call + t) % SHAPE.vocabSize());
                    assertArrayEquals(y.step(tokens), x.step(tokens), "cached step " + t + " at call " + call);
                }
            }
        }
        long[] counts = pooled.memory().counts();
        assertTrue(counts[0] > counts[1], "most arrays come from the pool: reused " + counts[0] + ", allocated " + counts[1]);
    }

    @Test
    void idleArraysAreFreed() {
        Transformer model = sameDiff(TestModels.perturbed(SHAPE, 5, 0.5));
        model.score(List.of(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));  // width 16
        for (int i = 0; i <= RecyclingMemory.IDLE_CALLS_KEPT + 1; i++) {
            model.score(List.of(new int[] {1, 2, 3}));                   // width 8
        }
        long before = model.memory().counts()[1];
        model.score(List.of(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
        assertTrue(model.memory().counts()[1] > before, "the width-16 arrays were freed while idle and allocated again");
        long again = model.memory().counts()[1];
        model.score(List.of(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
        assertEquals(again, model.memory().counts()[1], "and reused by the next call of that width");
    }

    @Test
    void aCheckpointedStepReusesEveryArrayOfThePreviousStep() {
        TransformerConfig deep = new TransformerConfig(11, 12, 16, 4, 2, 32); // 9 calls per checkpointed step
        Transformer model = TestModels.perturbed(deep, 6, 0.5);
        model.setGradientCheckpointing(true);
        List<int[]> batch = List.of(new int[] {1, 2, 3, 4, 5, 6, 7}, new int[] {3, 1, 4, 1, 5});
        double[] w = new double[2 * 7];
        Arrays.fill(w, -0.1);
        try (ParameterGradients g = new ParameterGradients(model.parameters())) {
            model.backward(batch, w, null, null, g);
            long afterFirst = model.memory().counts()[1];
            model.backward(batch, w, null, null, g);
            model.backward(batch, w, null, null, g);
            assertEquals(afterFirst, model.memory().counts()[1], "steps after the first allocate nothing new");
        }
    }

    /** The pool serves the SameDiff graphs; models this small would otherwise run in Java. */
    private static Transformer sameDiff(Transformer model) {
        model.setEngine(Transformer.Engine.SAMEDIFF);
        return model;
    }
}
