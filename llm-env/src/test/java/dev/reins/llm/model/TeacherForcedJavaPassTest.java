package dev.reins.llm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Java pass against the SameDiff graphs (each is checked by finite differences in {@link TransformerTest}): the
 * same scores, hidden states, logits and gradients, in float64 to rounding and in float32 to float32 rounding.
 */
class TeacherForcedJavaPassTest {
    private static final TransformerConfig SMALL = new TransformerConfig(11, 12, 8, 2, 2, 12);
    /** Ragged rows: the Java pass packs them, the graph pads them. */
    private static final List<int[]> SEQUENCES = List.of(new int[] {1, 4, 2, 6, 0, 3, 1, 1, 4, 2, 9, 10},
            new int[] {5, 2}, new int[] {0, 1, 2, 3, 0, 1}, new int[] {7});
    private static final List<NextTokenDistribution> DISTRIBUTIONS = List.of(NextTokenDistribution.MODEL,
            new NextTokenDistribution(0.7, 0, 1), new NextTokenDistribution(1.3, 4, 0.9));

    @Test
    void float64EnginesAgreeOnScoresHiddenStatesLogitsAndGradients() {
        for (boolean tied : new boolean[] {true, false}) {
            Transformer model = TestModels.perturbed(SMALL.withTiedEmbeddings(tied), 3, 0.6);
            compare(model, 1e-10, 1e-9, "float64 tied=" + tied);
        }
    }

    @Test
    void float32EnginesAgreeToFloat32Rounding() {
        Transformer model = Transformer.create(SMALL, 4);
        TestModels.perturb(model, 4, 0.6);
        compare(model, 2e-5, 2e-4, "float32");
    }

    @Test
    void frozenTensorsGetNoGradientInJava() {
        Transformer model = TestModels.perturbed(SMALL, 5, 0.4);
        model.setEngine(Transformer.Engine.JAVA);
        model.parameters().freeze(name -> name.startsWith("wte") || name.startsWith("h.0.mlp"));
        try (ParameterGradients grads = new ParameterGradients(model.parameters())) {
            double[] w = weights(new SplittableRandom(1), SEQUENCES.size() * Transformer.columns(SEQUENCES));
            model.backward(SEQUENCES, w, null, null, grads);
            assertTrue(grads.get("h.0.attn.c_attn.weight").norm2Number().doubleValue() > 0);
            assertNull(grads.get("h.0.mlp.c_fc.weight"));
        }
    }

    @Test
    void autoPicksJavaForSmallModelsAndSameDiffForAdaptersCheckpointingAndLargePasses() {
        Transformer model = Transformer.create(SMALL, 6);
        assertTrue(model.runsInJava(SEQUENCES));
        long bytes = TeacherForcedJavaPass.heapBytes(SMALL, 21, 12);
        assertTrue(model.runsInJava(SEQUENCES, 4 * bytes));
        assertFalse(model.runsInJava(SEQUENCES, 4 * bytes - 1), "a pass that would take over a quarter of the heap");
        model.setGradientCheckpointing(true);
        assertFalse(model.runsInJava(SEQUENCES));
        model.setGradientCheckpointing(false);
        model.addLora(new LoraConfig(2, 4, List.of("c_attn")), 1);
        assertFalse(model.runsInJava(SEQUENCES));
        model.setEngine(Transformer.Engine.JAVA);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.score(SEQUENCES));
        assertTrue(e.getMessage().contains("LoRA"), e.getMessage());
        Transformer pinned = Transformer.create(SMALL, 7);
        pinned.setEngine(Transformer.Engine.SAMEDIFF);
        assertEquals(Transformer.Engine.SAMEDIFF, pinned.copy().engine(), "a copy (a frozen reference) keeps the engine");
        Transformer large = Transformer.create(new TransformerConfig(5000, 64, 256, 4, 4, 1024), 1);
        assertTrue(large.parameters().count() > Transformer.JAVA_MAX_PARAMETERS);
        assertFalse(large.runsInJava(SEQUENCES));
    }

    @Test
    void aKeptScoringPassGivesBackwardsGradientBitForBitAndScoresOnlyFromEachStart() {
        Transformer model = TestModels.perturbed(SMALL, 8, 0.6);
        int columns = Transformer.columns(SEQUENCES);
        int[] from = {4, 0, 2, 0};
        // Weights only where scored: from each sequence's start to its last position with a next token.
        double[] w = weights(new SplittableRandom(2), SEQUENCES.size() * columns);
        double[] wH = weights(new SplittableRandom(3), w.length);
        for (int r = 0; r < SEQUENCES.size(); r++) {
            for (int t = 0; t < columns; t++) {
                if (t < from[r] || t >= SEQUENCES.get(r).length - 1) {
                    w[r * columns + t] = 0;
                    wH[r * columns + t] = 0;
                }
            }
        }
        NextTokenDistribution distribution = new NextTokenDistribution(1.3, 4, 0.9);
        for (Transformer.Engine engine : new Transformer.Engine[] {Transformer.Engine.JAVA, Transformer.Engine.SAMEDIFF}) {
            model.setEngine(engine);
            Transformer.Scores all = model.score(SEQUENCES, distribution);
            Transformer.Scores some = model.score(SEQUENCES, distribution, from);
            for (int r = 0; r < SEQUENCES.size(); r++) {
                for (int t = 0; t < SEQUENCES.get(r).length - 1; t++) {
                    if (t >= from[r]) {
                        assertEquals(all.logProb(r, t), some.logProb(r, t), 0.0, engine + ": scored position");
                        assertEquals(all.entropy(r, t), some.entropy(r, t), 0.0, engine + ": scored position");
                    } else if (engine == Transformer.Engine.JAVA) {
                        assertTrue(Double.isNaN(some.logProb(r, t)), "an unscored position reads NaN");
                    }
                }
            }
            try (ParameterGradients twoPasses = new ParameterGradients(model.parameters());
                    ParameterGradients onePass = new ParameterGradients(model.parameters())) {
                model.backward(SEQUENCES, distribution, w, wH, null, twoPasses);
                Transformer.ScoredBatch kept = model.scoreForBackward(SEQUENCES, distribution, from);
                assertArrayEquals(some.logProbs(), kept.scores().logProbs(), 0.0);
                kept.backward(w, wH, null, onePass);
                assertSameGradients(twoPasses, onePass, 0.0, true, engine + ": one pass kept for the backward");
                assertThrows(IllegalStateException.class, () -> kept.backward(w, wH, null, onePass), "one backward per batch");
            }
        }
        model.setEngine(Transformer.Engine.JAVA);
        double[] early = new double[w.length];
        early[0] = 1; // sequence 0, position 0: before its start (4)
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.scoreForBackward(SEQUENCES, NextTokenDistribution.MODEL, from).backward(early, null, null,
                        new ParameterGradients(model.parameters())));
        assertTrue(e.getMessage().contains("not scored"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> model.score(SEQUENCES, NextTokenDistribution.MODEL, new int[] {0, 2, 0, 0}));
        assertTrue(bad.getMessage().contains("scoredFrom[1]"), bad.getMessage());
    }

    private static void compare(Transformer model, double valueTolerance, double gradientTolerance, String what) {
        SplittableRandom rng = new SplittableRandom(7);
        int n = SEQUENCES.size() * Transformer.columns(SEQUENCES);
        int d = model.config().dModel();
        double[] w = weights(rng, n);
        double[] wH = weights(rng, n);
        double[] g = weights(rng, n * d);
        for (NextTokenDistribution distribution : DISTRIBUTIONS) {
            String where = what + ", " + distribution;
            Transformer.Scores[] scores = new Transformer.Scores[2];
            ParameterGradients[] grads = new ParameterGradients[2];
            double[][] hidden = new double[2][];
            double[][] logits = new double[2][];
            double[] hiddenOnlyNorm = new double[2];
            ParameterGradients[] backbone = new ParameterGradients[2];
            Transformer.Engine[] engines = {Transformer.Engine.SAMEDIFF, Transformer.Engine.JAVA};
            for (int e = 0; e < 2; e++) {
                model.setEngine(engines[e]);
                grads[e] = new ParameterGradients(model.parameters());
                scores[e] = model.backward(SEQUENCES, distribution, w, wH, g, grads[e]);
                hidden[e] = model.hiddenStates(SEQUENCES);
                logits[e] = model.lastLogits(SEQUENCES);
                backbone[e] = new ParameterGradients(model.parameters());
                model.backwardThroughHidden(SEQUENCES, g, backbone[e]);
                hiddenOnlyNorm[e] = backbone[e].globalNorm();
                assertArrayEquals(scores[e].logProbs(), model.score(SEQUENCES, distribution).logProbs(), 1e-12,
                        where + ": backward's scores are score()'s");
            }
            model.setEngine(Transformer.Engine.AUTO);
            assertArrayEquals(scores[0].logProbs(), scores[1].logProbs(), valueTolerance, where + ": log-probs");
            assertArrayEquals(scores[0].entropies(), scores[1].entropies(), valueTolerance, where + ": entropies");
            assertArrayEquals(hidden[0], hidden[1], valueTolerance, where + ": hidden states");
            assertArrayEquals(logits[0], logits[1], valueTolerance * 10, where + ": last logits");
            assertEquals(hiddenOnlyNorm[0], hiddenOnlyNorm[1], gradientTolerance * hiddenOnlyNorm[0], where + ": backbone gradient norm");
            assertSameGradients(grads[0], grads[1], gradientTolerance, true, where);
            // Through the hidden states only, an untied lm_head gets no gradient.
            assertSameGradients(backbone[0], backbone[1], gradientTolerance, false, where + ", backbone only");
            for (int e = 0; e < 2; e++) {
                grads[e].close();
                backbone[e].close();
            }
        }
    }

    /** Every tensor's gradient equal to {@code tolerance} of its largest entry (and, when asked, not all zero). */
    private static void assertSameGradients(ParameterGradients expected, ParameterGradients actual, double tolerance,
            boolean nonZero, String where) {
        for (String name : expected.names()) {
            double[] a = NdArrays.toDoubles(expected.get(name));
            double[] b = NdArrays.toDoubles(actual.get(name));
            double scale = 0;
            for (double x : a) {
                scale = Math.max(scale, Math.abs(x));
            }
            if (nonZero) {
                assertTrue(scale > 0, where + ": " + name + " has a zero gradient");
            }
            assertArrayEquals(a, b, tolerance * scale, where + ": gradient of " + name);
        }
    }

    private static double[] weights(SplittableRandom rng, int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = rng.nextDouble() - 0.5;
        }
        return w;
    }
}
