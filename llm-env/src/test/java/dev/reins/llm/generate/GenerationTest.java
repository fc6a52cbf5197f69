package dev.reins.llm.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.llm.model.Transformer;
import dev.reins.llm.model.TransformerConfig;
import dev.reins.llm.model.TransformerParameters;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class GenerationTest {
    private static final TransformerConfig CONFIG = new TransformerConfig(7, 10, 8, 2, 2, 16);

    private static Transformer model(long seed) {
        return dev.reins.llm.model.TestModels.perturbed(CONFIG, seed, 0.8); // peaked distributions, so decoding choices matter
    }

    @Test
    void topKAndTopPTruncateToTheMostLikelyTokens() {
        double[] logits = {Math.log(0.5), Math.log(0.3), Math.log(0.15), Math.log(0.05)};
        double[] k2 = TokenSampler.probabilities(logits, 0, 4, new DecodingConfig(1, 1, 2, 1, null));
        assertArrayEquals(new double[] {0.625, 0.375, 0, 0}, k2, 1e-12);
        double[] p08 = TokenSampler.probabilities(logits, 0, 4, new DecodingConfig(1, 1, 0, 0.75, null));
        assertArrayEquals(new double[] {0.625, 0.375, 0, 0}, p08, 1e-12);
        double[] p081 = TokenSampler.probabilities(logits, 0, 4, new DecodingConfig(1, 1, 0, 0.81, null));
        assertEquals(0.15 / 0.95, p081[2], 1e-12);
        double[] hot = TokenSampler.probabilities(logits, 0, 4, new DecodingConfig(1, 2, 0, 1, null));
        double z = Math.sqrt(0.5) + Math.sqrt(0.3) + Math.sqrt(0.15) + Math.sqrt(0.05);
        assertEquals(Math.sqrt(0.5) / z, hot[0], 1e-12);
        assertEquals(0, TokenSampler.pick(logits, 0, 4, DecodingConfig.greedy(1), null));
    }

    @Test
    void sampledFrequenciesMatchTheDistribution() {
        double[] logits = {Math.log(0.5), Math.log(0.3), Math.log(0.2)};
        SplittableRandom rng = new SplittableRandom(1);
        int[] counts = new int[3];
        int n = 20000;
        for (int i = 0; i < n; i++) {
            counts[TokenSampler.pick(logits, 0, 3, DecodingConfig.sampling(1), rng)]++;
        }
        assertEquals(0.5, counts[0] / (double) n, 0.015);
        assertEquals(0.3, counts[1] / (double) n, 0.015);
        assertEquals(0.2, counts[2] / (double) n, 0.015);
    }

    @Test
    void batchedGenerationEqualsOnePromptAtATime() {
        Transformer m = model(3);
        List<int[]> prompts = List.of(new int[] {1, 2, 3}, new int[] {4}, new int[] {5, 6, 0, 1, 2});
        DecodingConfig sampling = new DecodingConfig(4, 1.0, 0, 1.0, new int[] {6});
        List<Completion> batched = Generator.generate(m, prompts, sampling, 42);
        List<Completion> again = Generator.generate(m, prompts, sampling, 42);
        for (int r = 0; r < prompts.size(); r++) {
            assertArrayEquals(batched.get(r).tokens(), again.get(r).tokens(), "same seed, same samples");
            Completion greedyAlone = Generator.generate(m, List.of(prompts.get(r)), DecodingConfig.greedy(4), 0).get(0);
            Completion greedyBatched = Generator.generate(m, prompts, DecodingConfig.greedy(4), 0).get(r);
            assertArrayEquals(greedyAlone.tokens(), greedyBatched.tokens(), "row " + r);
            assertTrue(batched.get(r).tokens().length <= 4);
        }
    }

    @Test
    void aBatchLargerThanAChunkSamplesRowForRowWhatSmallBatchesDo() {
        // Rows are decoded CHUNK_ROWS at a time: a row's tokens and log-probs must not depend on where the chunks fall.
        Transformer m = model(5);
        SplittableRandom rng = new SplittableRandom(9);
        List<int[]> prompts = new java.util.ArrayList<>();
        for (int r = 0; r < Generator.CHUNK_ROWS + 37; r++) {
            prompts.add(rng.ints(1 + rng.nextInt(4), 0, CONFIG.vocabSize()).toArray());
        }
        DecodingConfig sampling = new DecodingConfig(5, 1.0, 0, 1.0, new int[] {6});
        List<Completion> whole = Generator.generate(m, prompts, sampling, 11);
        for (int r = 0; r < prompts.size(); r++) {
            // Row r alone, with its own generator: the r-th split of the seed's root.
            SplittableRandom root = new SplittableRandom(11);
            for (int k = 0; k < r; k++) {
                root.split();
            }
            Completion alone = Generator.generateRows(m, List.of(prompts.get(r)), sampling, new SplittableRandom[] {root.split()}).get(0);
            assertArrayEquals(alone.tokens(), whole.get(r).tokens(), "row " + r);
            assertArrayEquals(alone.logProbs(), whole.get(r).logProbs(), "row " + r);
        }
    }

    @Test
    void greedyPicksTheTeacherForcedArgmaxAndStopsAtStopTokens() {
        Transformer m = model(4);
        int[] prompt = {1, 2};
        Completion c = Generator.generate(m, List.of(prompt), DecodingConfig.greedy(5), 0).get(0);
        assertEquals(5, c.tokens().length);
        assertFalse(c.stopped());
        int[] seq = new int[2 + 5];
        seq[0] = 1;
        seq[1] = 2;
        System.arraycopy(c.tokens(), 0, seq, 2, 5);
        Transformer.Scores s = m.score(List.of(seq));
        for (int i = 1; i < seq.length - 1; i++) {
            // the chosen token must be at least as likely as any other at that position
            int chosen = seq[i + 1];
            for (int other = 0; other < CONFIG.vocabSize(); other++) {
                int[] alt = seq.clone();
                alt[i + 1] = other;
                assertTrue(s.logProb(0, i) >= m.score(List.of(java.util.Arrays.copyOf(alt, i + 2))).logProb(0, i) - 1e-12,
                        "position " + i + ": greedy chose " + chosen + " over a likelier " + other);
            }
        }
        int stop = c.tokens()[1];
        Completion stopped = Generator.generate(m, List.of(prompt), DecodingConfig.greedy(5, stop), 0).get(0);
        assertTrue(stopped.stopped());
        assertEquals(stop, stopped.tokens()[stopped.tokens().length - 1]);
        assertEquals(stopped.tokens().length - 1, stopped.contentTokens().length);
    }

    @Test
    void beamSearchWithOneBeamIsGreedyAndWithFullWidthIsExact() {
        Transformer m = model(5);
        int[] prompt = {3, 1};
        Completion greedy = Generator.generate(m, List.of(prompt), DecodingConfig.greedy(3), 0).get(0);
        assertArrayEquals(greedy.tokens(), BeamSearch.search(m, prompt, 1, 3, 0).tokens());
        // As many beams as tokens over two steps keeps every prefix: the result is the most likely pair.
        Completion beam = BeamSearch.search(m, prompt, CONFIG.vocabSize(), 2, 0);
        double best = Double.NEGATIVE_INFINITY;
        int[] bestPair = null;
        for (int a = 0; a < CONFIG.vocabSize(); a++) {
            for (int b = 0; b < CONFIG.vocabSize(); b++) {
                Transformer.Scores s = m.score(List.of(new int[] {3, 1, a, b}));
                double lp = s.logProb(0, 1) + s.logProb(0, 2);
                if (lp > best) {
                    best = lp;
                    bestPair = new int[] {a, b};
                }
            }
        }
        assertArrayEquals(bestPair, beam.tokens());
    }

    @Test
    void sampledLogProbsEqualTeacherForcedOnesForPromptsOfDifferentLengths() {
        Transformer m = model(7);
        List<int[]> prompts = List.of(new int[] {1}, new int[] {2, 3, 4}, new int[] {5, 6}, new int[] {0, 1, 2, 3, 4});
        List<Completion> out = Generator.generate(m, prompts, DecodingConfig.sampling(4), 11);
        for (int r = 0; r < prompts.size(); r++) {
            int[] p = prompts.get(r);
            Completion c = out.get(r);
            int[] seq = java.util.Arrays.copyOf(p, p.length + c.tokens().length);
            System.arraycopy(c.tokens(), 0, seq, p.length, c.tokens().length);
            Transformer.Scores s = m.score(List.of(seq));
            for (int t = 0; t < c.tokens().length; t++) {
                assertEquals(s.logProb(0, p.length - 1 + t), c.logProbs()[t], 1e-9, "row " + r + " token " + t);
            }
        }
    }

    @Test
    void bestOfNKeepsTheHighestRewardedSample() {
        dev.reins.llm.tokenizer.ByteTokenizer tok = dev.reins.llm.tokenizer.ByteTokenizer.withDefaultSpecials();
        Transformer m = new Transformer(TransformerParameters.initialize(new TransformerConfig(tok.vocabSize(), 8, 16, 1, 2, 32), 1,
                DataType.DOUBLE));
        dev.reins.llm.model.LanguageModel lm = new dev.reins.llm.model.LanguageModel(tok, m);
        // Reward: the byte value of the first character, so the best sample is the one starting with the largest byte.
        dev.reins.llm.reward.RewardFunction firstByte = (example, completion) -> completion.isEmpty() ? -1 : completion.charAt(0);
        BestOfN.Choice c = BestOfN.select(lm, new dev.reins.llm.reward.PromptExample("x=", null), 16, firstByte,
                DecodingConfig.sampling(2, tok.endOfText()), 3);
        assertEquals(16, c.candidates().size());
        double max = c.rewards().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertEquals(max, c.bestReward());
        assertEquals(c.candidates().get(c.rewards().indexOf(max)), c.best());
        assertTrue(c.rewards().stream().distinct().count() > 1, "16 samples from an untrained model should differ");
    }

    @Test
    void promptsThatFillTheContextAreRejected() {
        Transformer m = model(6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Generator.generate(m, List.of(new int[10]), DecodingConfig.greedy(2), 0));
        assertTrue(e.getMessage().contains("10 tokens") && e.getMessage().contains("context_length is 10"), e.getMessage());
    }
}
