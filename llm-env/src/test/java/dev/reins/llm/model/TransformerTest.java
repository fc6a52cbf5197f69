package dev.reins.llm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class TransformerTest {
    private static final TransformerConfig SMALL = new TransformerConfig(7, 6, 8, 2, 2, 12);

    @Test
    void gradientOfTheWholeLossMatchesFiniteDifferencesInDoublePrecision() {
        Transformer model = new Transformer(TransformerParameters.initialize(SMALL, 3), DataType.DOUBLE);
        // Larger weights than the 0.02 initialization so that attention and GELU are far from linear.
        SplittableRandom rng = new SplittableRandom(11);
        double[] p = model.parameters().values();
        for (int i = 0; i < p.length; i++) {
            p[i] += 0.3 * (rng.nextDouble() - 0.5);
        }
        List<int[]> seqs = List.of(new int[] {1, 4, 2, 6, 0, 3}, new int[] {5, 2}, new int[] {0, 1, 2, 3});
        int n = seqs.size() * SMALL.contextLength();
        double[] w = new double[n];
        double[] wH = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = rng.nextDouble() - 0.5;
            wH[i] = rng.nextDouble() - 0.5;
        }
        double[] analytic = model.gradient(seqs, w, wH).gradient();
        // Every tensor is probed at a few entries: embeddings, attention, layer norms, MLP and unembedding.
        int checked = 0;
        for (TransformerParameters.Tensor t : model.parameters().tensors()) {
            for (int k = 0; k < 3; k++) {
                int i = t.offset() + rng.nextInt(t.size());
                double saved = p[i];
                double h = 1e-6;
                p[i] = saved + h;
                double plus = loss(model.score(seqs), w, wH);
                p[i] = saved - h;
                double minus = loss(model.score(seqs), w, wH);
                p[i] = saved;
                double numeric = (plus - minus) / (2 * h);
                double tolerance = 1e-6 + 1e-5 * Math.abs(numeric);
                assertEquals(numeric, analytic[i], tolerance, "d loss / d " + t.name() + "[" + (i - t.offset()) + "]");
                checked++;
            }
        }
        assertTrue(checked >= 3 * model.parameters().tensors().size());
    }

    @Test
    void tokenEmbeddingGradientIsNonZeroOnlyForTokensThatOccur() {
        // Guards the one-hot embedding workaround: SameDiff's gather gradient was wrong.
        Transformer model = new Transformer(TransformerParameters.initialize(SMALL, 4), DataType.DOUBLE);
        List<int[]> seqs = List.of(new int[] {1, 3, 1, 3});
        double[] w = new double[SMALL.contextLength()];
        w[0] = w[1] = w[2] = -1;
        double[] g = model.gradient(seqs, w, null).gradient();
        TransformerParameters.Tensor emb = model.parameters().tensor("token_embedding");
        for (int token = 0; token < SMALL.vocabSize(); token++) {
            double norm = 0;
            for (int j = 0; j < SMALL.dModel(); j++) {
                norm += Math.abs(g[emb.offset() + token * SMALL.dModel() + j]);
            }
            if (token == 1 || token == 3) {
                assertTrue(norm > 0, "token " + token + " occurs, its embedding must get a gradient");
            } else {
                assertEquals(0, norm, 0, "token " + token + " does not occur");
            }
        }
    }

    @Test
    void logProbsOfEarlierPositionsIgnoreLaterTokens() {
        // Guards the hand-built causal mask: the built-in attention has none.
        Transformer model = new Transformer(TransformerParameters.initialize(SMALL, 5), DataType.DOUBLE);
        Transformer.Scores a = model.score(List.of(new int[] {1, 2, 3, 4, 5, 6}));
        Transformer.Scores b = model.score(List.of(new int[] {1, 2, 3, 0, 0, 0}));
        for (int i = 0; i < 2; i++) {
            assertEquals(a.logProb(0, i), b.logProb(0, i), 1e-12);
        }
        assertTrue(Math.abs(a.logProb(0, 3) - b.logProb(0, 3)) > 1e-9);
    }

    @Test
    void kvCacheLogitsEqualFullContextLogProbs() {
        Transformer model = new Transformer(TransformerParameters.initialize(SMALL, 6), DataType.DOUBLE);
        SplittableRandom rng = new SplittableRandom(2);
        double[] p = model.parameters().values();
        for (int i = 0; i < p.length; i++) {
            p[i] += 0.2 * (rng.nextDouble() - 0.5);
        }
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
        KvCacheSession logitSession = model.startSession(3);
        int v = SMALL.vocabSize();
        for (int t = 0; t < SMALL.contextLength() - 1; t++) {
            int[] tokens = new int[3];
            for (int r = 0; r < 3; r++) {
                tokens[r] = seqs.get(r)[t];
            }
            double[] logits = session.step(tokens);
            List<int[]> prefixes = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                prefixes.add(java.util.Arrays.copyOf(seqs.get(r), t + 1));
            }
            org.junit.jupiter.api.Assertions.assertArrayEquals(model.lastLogits(prefixes), logitSession.step(tokens), 1e-10,
                    "step " + t + ": cached logits differ from full-context logits");
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
    void saveAndLoadRoundTripAndShapeMismatchIsNamed(@TempDir Path dir) throws Exception {
        Transformer model = new Transformer(TransformerParameters.initialize(SMALL, 8), DataType.DOUBLE);
        model.save(dir.resolve("m"));
        Transformer loaded = Transformer.load(dir.resolve("m"), DataType.DOUBLE);
        assertEquals(SMALL, loaded.config());
        org.junit.jupiter.api.Assertions.assertArrayEquals(model.parameters().values(), loaded.parameters().values());

        String wider = Files.readString(dir.resolve("m/config.json")).replace("\"d_model\" : 8", "\"d_model\" : 10");
        Files.writeString(dir.resolve("m/config.json"), wider);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transformer.load(dir.resolve("m"),
                DataType.DOUBLE));
        assertTrue(e.getMessage().contains("token_embedding") && e.getMessage().contains("[7, 8]")
                && e.getMessage().contains("[7, 10]"), e.getMessage());
    }

    @Test
    void badTokensAndTooLongSequencesAreNamed() {
        Transformer model = new Transformer(TransformerParameters.initialize(SMALL, 9), DataType.FLOAT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.score(List.of(new int[] {1, 9})));
        assertTrue(e.getMessage().contains("token id 9") && e.getMessage().contains("[0, 7)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> model.score(List.of(new int[7])));
        assertTrue(e.getMessage().contains("7 tokens") && e.getMessage().contains("1..6"), e.getMessage());
    }

    private static double loss(Transformer.Scores s, double[] w, double[] wH) {
        double total = 0;
        for (int i = 0; i < w.length; i++) {
            // Entries past a sequence's end are 0 for log-probs; their entropies are real numbers times weights,
            // which the graph includes too, so sum everything the same way.
            total += w[i] * s.logProbs()[i] + wH[i] * s.entropies()[i];
        }
        return total;
    }
}
