package dev.reins.llm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.llm.optim.AdamW;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class TransformerTest {
    private static final TransformerConfig SMALL = new TransformerConfig(7, 12, 8, 2, 2, 12);

    @Test
    void gradientOfTheWholeLossMatchesFiniteDifferencesInDoublePrecision() {
        checkGradient(SMALL);
    }

    @Test
    void gradientWithAnUntiedUnembeddingMatchesFiniteDifferences() {
        checkGradient(SMALL.withTiedEmbeddings(false));
    }

    @Test
    void gradientUnderATemperedAndATruncatedSamplerMatchesFiniteDifferences() {
        Transformer model = TestModels.perturbed(SMALL, 3, 0.6);
        checkGradientAt(model, 21, new NextTokenDistribution(0.7, 0, 1));
        checkGradientAt(model, 22, new NextTokenDistribution(1.3, 4, 0.9));
    }

    @Test
    void scoresUnderASamplerAreTheLogsOfTheSamplersProbabilities() {
        Transformer model = TestModels.perturbed(SMALL, 5, 0.8);
        // Prefixes of one sequence, so the last position of prefix k scores token k + 1 of the full sequence.
        int[] full = {1, 4, 2, 6, 0, 3, 5, 1};
        for (NextTokenDistribution d : List.of(new NextTokenDistribution(0.5, 0, 1), new NextTokenDistribution(1, 3, 1),
                new NextTokenDistribution(2, 0, 0.6), new NextTokenDistribution(0.8, 1, 1))) {
            Transformer.Scores s = model.score(List.of(full), d);
            for (int k = 1; k < full.length; k++) {
                double[] logits = model.lastLogits(List.of(Arrays.copyOf(full, k)));
                double[] p = d.probabilities(logits, 0, SMALL.vocabSize());
                int target = full[k];
                if (p[target] == 0) {
                    // Cut by the sampler's kept set: scoring keeps the target, renormalizing over the kept set plus it.
                    double[] raw = new NextTokenDistribution(d.temperature(), 0, 1).probabilities(logits, 0, SMALL.vocabSize());
                    double z = 0;
                    for (int j = 0; j < raw.length; j++) {
                        z += p[j] > 0 || j == target ? raw[j] : 0;
                    }
                    assertEquals(Math.log(raw[target] / z), s.logProb(0, k - 1), 1e-5, d + " position " + k + " (target cut)");
                    assertTrue(Double.isFinite(s.logProb(0, k - 1)));
                    continue;
                }
                assertEquals(Math.log(p[target]), s.logProb(0, k - 1), 1e-5, d + " position " + k);
                double entropy = 0;
                for (double q : p) {
                    entropy -= q > 0 ? q * Math.log(q) : 0;
                }
                assertEquals(entropy, s.entropy(0, k - 1), 1e-5, d + " entropy at " + k);
            }
        }
    }

    @Test
    void gradientsFollowInPlaceUpdatesOfTheWeights() {
        // The graphs read the parameter arrays themselves: a gradient taken after an optimizer step must be the
        // gradient at the new weights, not at the ones the graph first saw.
        Transformer model = TestModels.perturbed(SMALL, 12, 0.6);
        List<int[]> seqs = List.of(new int[] {1, 4, 2, 6, 0});
        double[] w = {-1, -1, -1, -1, 0};
        model.backward(seqs, w, null, null, new ParameterGradients(model.parameters()));
        TestModels.perturb(model, 99, 0.6);
        checkGradientAt(model, 13);
    }

    private static void checkGradient(TransformerConfig config) {
        // Larger weights than the 0.02 initialization so that attention and GELU are far from linear.
        checkGradientAt(TestModels.perturbed(config, 3, 0.6), 11);
    }

    private static void checkGradientAt(Transformer model, long seed) {
        checkGradientAt(model, seed, NextTokenDistribution.MODEL);
    }

    /** Checks both engines: the SameDiff graphs and the Java pass compute the same function independently. */
    private static void checkGradientAt(Transformer model, long seed, NextTokenDistribution distribution) {
        for (Transformer.Engine engine : List.of(Transformer.Engine.SAMEDIFF, Transformer.Engine.JAVA)) {
            model.setEngine(engine);
            checkGradientAt(model, seed, distribution, engine);
        }
        model.setEngine(Transformer.Engine.AUTO);
    }

    private static void checkGradientAt(Transformer model, long seed, NextTokenDistribution distribution, Transformer.Engine engine) {
        TransformerConfig config = model.config();
        SplittableRandom rng = new SplittableRandom(seed);
        // Rows of different lengths (padding), repeated tokens (the scatter-added embedding gradient must sum them).
        List<int[]> seqs = List.of(new int[] {1, 4, 2, 6, 0, 3, 1, 1, 4, 2}, new int[] {5, 2}, new int[] {0, 1, 2, 3, 0, 1});
        int cols = Transformer.columns(seqs);
        int n = seqs.size() * cols;
        double[] w = new double[n];
        double[] wH = new double[n];
        double[] g = new double[n * config.dModel()];
        for (int i = 0; i < n; i++) {
            w[i] = rng.nextDouble() - 0.5;
            wH[i] = rng.nextDouble() - 0.5;
        }
        for (int i = 0; i < g.length; i++) {
            g[i] = rng.nextDouble() - 0.5;
        }
        ParameterGradients analytic = new ParameterGradients(model.parameters());
        model.backward(seqs, distribution, w, wH, g, analytic);
        int checked = 0;
        for (Parameter p : model.parameters().all()) {
            INDArray value = p.value();
            INDArray grad = analytic.get(p.name());
            for (int k = 0; k < 4; k++) {
                long i = p.name().equals("wte.weight") || p.name().equals("lm_head.weight")
                        ? (k % 2 == 0 ? 1 : 4) * SMALL.dModel() + rng.nextInt(SMALL.dModel())
                        : rng.nextInt((int) p.size());
                double saved = value.data().getDouble(i);
                double h = 1e-6;
                value.data().put(i, saved + h);
                double plus = loss(model, distribution, seqs, w, wH, g);
                value.data().put(i, saved - h);
                double minus = loss(model, distribution, seqs, w, wH, g);
                value.data().put(i, saved);
                double numeric = (plus - minus) / (2 * h);
                assertEquals(numeric, grad.data().getDouble(i), 1e-6 + 1e-5 * Math.abs(numeric),
                        engine + ", " + distribution + ": d loss / d " + p.name() + "[" + i + "]");
                checked++;
            }
        }
        assertEquals(4 * model.parameters().all().size(), checked);
    }

    @Test
    void frozenParametersGetNoGradientAndNoUpdate() {
        Transformer model = TestModels.perturbed(SMALL, 4, 0.3);
        model.parameters().freeze(name -> name.startsWith("wte") || name.startsWith("h.0."));
        ParameterGradients grads = new ParameterGradients(model.parameters());
        assertNull(grads.get("wte.weight"));
        assertNull(grads.get("h.0.attn.c_attn.weight"));
        List<int[]> seqs = List.of(new int[] {1, 3, 1, 3});
        double[] w = {-1, -1, -1, 0};
        model.backward(seqs, w, null, null, grads);
        assertTrue(grads.get("h.1.attn.c_attn.weight").norm2Number().doubleValue() > 0);
        assertTrue(grads.get("wpe.weight").norm2Number().doubleValue() > 0);
        INDArray frozenBefore = model.parameters().get("h.0.mlp.c_fc.weight").value().dup();
        INDArray trainedBefore = model.parameters().get("h.1.mlp.c_fc.weight").value().dup();
        new AdamW(model.parameters(), AdamW.Settings.defaults().withWeightDecay(0.1)).step(grads, 1e-2);
        assertEquals(frozenBefore, model.parameters().get("h.0.mlp.c_fc.weight").value());
        assertTrue(!trainedBefore.equals(model.parameters().get("h.1.mlp.c_fc.weight").value()));
    }

    @Test
    void logProbsOfEarlierPositionsIgnoreLaterTokens() {
        // Guards the hand-built causal mask: the built-in attention has none.
        Transformer model = TestModels.perturbed(SMALL, 5, 0.3);
        for (Transformer.Engine engine : Transformer.Engine.values()) {
            model.setEngine(engine);
            Transformer.Scores a = model.score(List.of(new int[] {1, 2, 3, 4, 5, 6}));
            Transformer.Scores b = model.score(List.of(new int[] {1, 2, 3, 0, 0, 0}));
            for (int i = 0; i < 2; i++) {
                assertEquals(a.logProb(0, i), b.logProb(0, i), 1e-12, engine.toString());
            }
            assertTrue(Math.abs(a.logProb(0, 3) - b.logProb(0, 3)) > 1e-9, engine.toString());
        }
    }

    @Test
    void aSequenceScoresTheSameAloneAndPaddedInABatch() {
        Transformer model = TestModels.perturbed(SMALL, 6, 0.3);
        int[] shortOne = {2, 5, 1};
        Transformer.Scores alone = model.score(List.of(shortOne));
        Transformer.Scores batched = model.score(List.of(new int[] {1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4}, shortOne));
        assertEquals(8, Transformer.WIDTH_STEP);
        for (int i = 0; i < 2; i++) {
            assertEquals(alone.logProb(0, i), batched.logProb(1, i), 1e-12);
            assertEquals(alone.entropy(0, i), batched.entropy(1, i), 1e-12);
        }
        assertEquals(0, batched.logProb(1, 2));
    }

    @Test
    void layerNormOfAConstantRowStaysFinite() {
        // Guards the epsilon: SameDiff's fused layer norm has none, and a constant row divides 0 by 0.
        Transformer model = new Transformer(TransformerParameters.initialize(SMALL, 7, DataType.FLOAT));
        model.parameters().get("wte.weight").value().assign(0.25);
        model.parameters().get("wpe.weight").value().assign(0.5);
        for (Transformer.Engine engine : Transformer.Engine.values()) {
            model.setEngine(engine);
            Transformer.Scores s = model.score(List.of(new int[] {1, 2, 3}));
            for (double lp : s.logProbs()) {
                assertTrue(Double.isFinite(lp), engine + ": log-prob " + lp);
            }
            assertEquals(-Math.log(SMALL.vocabSize()), s.logProb(0, 0), 1e-5, engine.toString()); // hidden = the zero ln_f bias
        }
    }

    @Test
    void kvCacheLogitsEqualFullContextLogits() {
        Transformer model = TestModels.perturbed(SMALL, 6, 0.4);
        SplittableRandom rng = new SplittableRandom(2);
        List<int[]> seqs = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            int[] s = new int[SMALL.contextLength()];
            for (int i = 0; i < s.length; i++) {
                s[i] = rng.nextInt(SMALL.vocabSize());
            }
            seqs.add(s);
        }
        Transformer.Scores full = model.score(seqs);
        KvCacheSession session = model.startSession(3);
        int v = SMALL.vocabSize();
        for (int t = 0; t < SMALL.contextLength() - 1; t++) {
            int[] tokens = new int[3];
            List<int[]> prefixes = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                tokens[r] = seqs.get(r)[t];
                prefixes.add(Arrays.copyOf(seqs.get(r), t + 1));
            }
            double[] logits = session.step(tokens);
            assertArrayEquals(model.lastLogits(prefixes), logits, 1e-10, "step " + t + ": cached logits differ from full-context logits");
            for (int r = 0; r < 3; r++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < v; j++) {
                    max = Math.max(max, logits[r * v + j]);
                }
                double z = 0;
                for (int j = 0; j < v; j++) {
                    z += Math.exp(logits[r * v + j] - max);
                }
                double logp = logits[r * v + seqs.get(r)[t + 1]] - max - Math.log(z);
                assertEquals(full.logProb(r, t), logp, 1e-10, "row " + r + " position " + t);
            }
        }
    }

    @Test
    void hiddenStatesAreWhatTheLogitsAreComputedFrom() {
        Transformer model = TestModels.perturbed(SMALL, 8, 0.4);
        int[] seq = {3, 1, 4, 1, 5};
        double[] hidden = model.hiddenStates(List.of(seq));
        double[] logits = model.lastLogits(List.of(seq));
        INDArray wte = model.parameters().get("wte.weight").value();
        int d = SMALL.dModel();
        for (int token = 0; token < SMALL.vocabSize(); token++) {
            double dot = 0;
            for (int j = 0; j < d; j++) {
                dot += hidden[4 * d + j] * wte.getDouble(token, j);
            }
            assertEquals(logits[token], dot, 1e-10);
        }
    }

    @Test
    void saveAndLoadRoundTripBitForBitAndShapeMismatchIsNamed(@TempDir Path dir) throws Exception {
        Transformer model = Transformer.create(SMALL, 8);
        model.save(dir.resolve("m"));
        Transformer loaded = Transformer.load(dir.resolve("m"), DataType.FLOAT);
        assertEquals(SMALL, loaded.config());
        for (Parameter p : model.parameters().all()) {
            assertEquals(p.value(), loaded.parameters().get(p.name()).value(), p.name());
        }
        String wider = Files.readString(dir.resolve("m/config.json")).replace("\"n_embd\" : 8", "\"n_embd\" : 10");
        Files.writeString(dir.resolve("m/config.json"), wider);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transformer.load(dir.resolve("m"), DataType.FLOAT));
        assertTrue(e.getMessage().contains("wte.weight") && e.getMessage().contains("[7, 8]") && e.getMessage().contains("[7, 10]"),
                e.getMessage());
    }

    @Test
    void anUntiedModelSavesItsLmHeadAsHuggingFaceDoes(@TempDir Path dir) throws Exception {
        Transformer model = Transformer.create(SMALL.withTiedEmbeddings(false), 10);
        model.save(dir.resolve("m"));
        assertTrue(Files.readString(dir.resolve("m/config.json")).contains("\"tie_word_embeddings\" : false"));
        assertTrue(SafeTensors.read(dir.resolve("m/model.safetensors"), DataType.FLOAT).containsKey("lm_head.weight"));
        Transformer loaded = Transformer.load(dir.resolve("m"), DataType.FLOAT);
        assertEquals(model.parameters().get("lm_head.weight").value(), loaded.parameters().get("lm_head.weight").value());
        assertArrayEquals(model.lastLogits(List.of(new int[] {1, 2})), loaded.lastLogits(List.of(new int[] {1, 2})), 0);
    }

    @Test
    void badTokensAndTooLongSequencesAreNamed() {
        Transformer model = Transformer.create(SMALL, 9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.score(List.of(new int[] {1, 9})));
        assertTrue(e.getMessage().contains("token id 9") && e.getMessage().contains("[0, 7)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> model.score(List.of(new int[13])));
        assertTrue(e.getMessage().contains("13 tokens") && e.getMessage().contains("1..12"), e.getMessage());
    }

    private static double loss(Transformer model, NextTokenDistribution distribution, List<int[]> seqs, double[] w, double[] wH,
            double[] g) {
        Transformer.Scores s = model.score(seqs, distribution);
        double[] hidden = model.hiddenStates(seqs);
        double total = 0;
        for (int i = 0; i < w.length; i++) {
            total += w[i] * s.logProbs()[i] + wH[i] * s.entropies()[i];
        }
        for (int i = 0; i < g.length; i++) {
            total += g[i] * hidden[i];
        }
        return total;
    }
}
