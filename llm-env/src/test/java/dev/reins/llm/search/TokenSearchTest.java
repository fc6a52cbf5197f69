package dev.reins.llm.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.llm.generate.Completion;
import dev.reins.llm.generate.DecodingConfig;
import dev.reins.llm.generate.Generator;
import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.model.TestModels;
import dev.reins.llm.model.TransformerConfig;
import dev.reins.llm.reward.AnswerExtractor;
import dev.reins.llm.reward.ExactAnswerVerifier;
import dev.reins.llm.reward.PromptExample;
import dev.reins.llm.reward.RewardModel;
import dev.reins.llm.tokenizer.ByteTokenizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenSearchTest {
    private static final ExactAnswerVerifier VERIFIER = new ExactAnswerVerifier(AnswerExtractor.whole(), 0);
    private final LanguageModel lm = new LanguageModel(ByteTokenizer.withDefaultSpecials(),
            TestModels.perturbed(new TransformerConfig(260, 12, 16, 1, 2, 32), 3, 0.5));
    private final List<PromptExample> prompts = List.of(new PromptExample("1+1=", "2"), new PromptExample("2+3=", "5"),
            new PromptExample("4+4=", "8"), new PromptExample("0+7=", "7"), new PromptExample("9+0=", "9"));

    @Test
    void greedySearchIsGreedyDecodingAndCountsOneForwardPassPerToken() {
        TokenSearch search = new TokenSearch(lm, new LeafValue.Verifier(VERIFIER), TokenSearch.Settings.defaults(3));
        for (PromptExample p : prompts) {
            TokenSearch.Outcome o = search.run(SearchMethod.GREEDY, p, 1, 0L);
            Completion c = Generator.generate(lm.transformer(), List.of(lm.tokenizer().encode(p.prompt())),
                    DecodingConfig.greedy(3, lm.tokenizer().endOfText()), 0L).get(0);
            assertEquals(lm.tokenizer().decode(c.contentTokens()), o.completion());
            assertEquals(c.tokens().length, o.policyForwards());
            assertEquals(0, o.valueForwards());
        }
    }

    @Test
    void mctsWithTheVerifierFindsAnAnswerGreedyDecodingMisses() {
        // Answers the policy ranks second to eighth at the first position: greedy misses them, a search over the 8 most
        // probable tokens that the verifier pays finds them.
        TokenSearch search = new TokenSearch(lm, new LeafValue.Verifier(VERIFIER), new TokenSearch.Settings(1, 8, 0.0, 1.0));
        int found = 0;
        for (int i = 0; i < 30; i++) {
            PromptExample p = new PromptExample(i % 10 + "+" + i / 10 + "=", "?");
            SearchEpisode e = new SearchEpisode(lm, new DirectModelCalls(lm, null), p, 1);
            int[] top = e.topTokens(new int[0], 8);
            String answer = null;
            for (int k = 1; k < 8 && answer == null; k++) {
                answer = top[k] > 32 && top[k] < 127 ? String.valueOf((char) top[k]) : null;
            }
            if (answer == null) {
                continue;
            }
            found++;
            PromptExample hidden = new PromptExample(p.prompt(), answer);
            assertNotEquals(answer, search.run(SearchMethod.GREEDY, hidden, 1, 0L).completion());
            TokenSearch.Outcome o = search.run(SearchMethod.MCTS, hidden, 16, 0L);
            assertEquals(answer, o.completion());
            assertEquals(1, o.policyForwards(), "one distribution, at the root");
        }
        assertTrue(found >= 3, "prompts with a printable answer ranked 2-4: " + found);
    }

    @Test
    void mctsAnswersWithTheBestCompletionItJudgedSoMoreSimulationsNeverLoseAnAnswer() {
        // Two-token answers the policy does not produce greedily: with the verifier as the value, every budget finds
        // at least what the smaller one did (a search of n simulations is the start of one of 2n), and prior
        // temperature spreads the simulations over more first tokens.
        TokenSearch search = new TokenSearch(lm, new LeafValue.Verifier(VERIFIER), new TokenSearch.Settings(2, 6, 0.0, 1.0, 3.0));
        int foundBeyondGreedy = 0;
        for (int i = 0; i < 12; i++) {
            PromptExample p = new PromptExample(i + "*" + (i + 3) + "=", "?");
            SearchEpisode e = new SearchEpisode(lm, new DirectModelCalls(lm, null), p, 2);
            int[] top = e.topTokens(new int[0], 6);
            int[] second = e.topTokens(new int[] {top[2]}, 6);
            int[] answerTokens = {top[2], second[1]}; // the third first token, then its second continuation
            if (e.finished(new int[] {top[2]}) || e.finished(answerTokens) && answerTokens[1] == lm.tokenizer().endOfText()) {
                continue;
            }
            PromptExample hidden = new PromptExample(p.prompt(), e.text(answerTokens));
            if (hidden.answer().isBlank() || search.run(SearchMethod.GREEDY, hidden, 1, 0L).completion().equals(hidden.answer())) {
                continue;
            }
            boolean before = false;
            for (int budget : new int[] {1, 2, 4, 8, 16, 32}) {
                boolean right = search.run(SearchMethod.MCTS, hidden, budget, 0L).completion().equals(hidden.answer());
                assertTrue(right || !before, "a larger budget lost the answer at " + budget + " for " + p.prompt());
                before = right;
            }
            foundBeyondGreedy += before ? 1 : 0;
        }
        assertTrue(foundBeyondGreedy >= 3, "answers found beyond greedy: " + foundBeyondGreedy);
    }

    @Test
    void batchedSearchesEqualOneByOneSearchesAndSpendBoundedForwardPasses() {
        RewardModel prm = RewardModel.fromLanguageModel(new LanguageModel(lm.tokenizer(), lm.transformer().copy()), 5L);
        TokenSearch search = new TokenSearch(lm, new LeafValue.ProcessReward(prm), TokenSearch.Settings.defaults(3));
        long[] seeds = {11, 12, 13, 14, 15};
        for (SearchMethod m : SearchMethod.values()) {
            List<TokenSearch.Outcome> batched = search.runAll(m, prompts, 6, seeds);
            for (int i = 0; i < prompts.size(); i++) {
                TokenSearch.Outcome alone = search.run(m, prompts.get(i), 6, seeds[i]);
                assertEquals(alone, batched.get(i), m + " on " + prompts.get(i));
                if (m == SearchMethod.MCTS) {
                    // The root and each simulation's new node: a distribution and a value each; then a greedy finish.
                    assertTrue(alone.valueForwards() <= 6 + 1 && alone.policyForwards() <= 6 + 1 + 3, alone.toString());
                }
                if (m == SearchMethod.BEST_OF_N) {
                    assertEquals(6, alone.valueForwards(), "one value per sample");
                }
            }
        }
        String e = assertThrows(IllegalArgumentException.class, () -> search.run(SearchMethod.MCTS, prompts.get(0), 0, 0L)).getMessage();
        assertEquals("--budget must be > 0, got 0", e);
    }

    @Test
    void processRewardLabelsAreSharesOfRightRolloutsAndTheLossHasTheRightGradient() {
        List<LabelledPrefix> labels = ProcessRewardData.fromRollouts(lm, prompts, VERIFIER, 3, 4, 2, 0L);
        int stop = lm.tokenizer().endOfText();
        assertTrue(labels.size() >= prompts.size());
        for (LabelledPrefix l : labels) {
            double quarters = l.label() * 4;
            assertEquals(Math.rint(quarters), quarters, 1e-12, "a share of 4 rollouts");
            boolean finished = l.tokens()[l.tokens().length - 1] == stop;
            assertTrue(!finished || l.label() == 0 || l.label() == 1);
        }
        for (double s : new double[] {-30, -2, 0, 0.7, 25}) {
            for (double y : new double[] {0, 0.25, 1}) {
                double h = 1e-6;
                double numeric = (ProcessRewardTrainer.loss(s + h, y) - ProcessRewardTrainer.loss(s - h, y)) / (2 * h);
                assertEquals(numeric, ProcessRewardTrainer.gradient(s, y), 1e-7, "s " + s + ", y " + y);
                assertTrue(Double.isFinite(ProcessRewardTrainer.loss(s, y)));
            }
        }
    }

    @Test
    void aProcessRewardModelLearnsItsLabels() {
        // Labels that depend on the last token: the model must tell them apart after a short training.
        List<LabelledPrefix> data = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int[] seq = lm.tokenizer().encode((i % 10) + "+" + (i / 10) + "=" + (char) ('0' + i % 3));
            data.add(new LabelledPrefix(seq, i % 3 == 0 ? 1.0 : 0.0));
        }
        RewardModel prm = RewardModel.fromLanguageModel(new LanguageModel(lm.tokenizer(), lm.transformer().copy()), 1L);
        ProcessRewardTrainer t = new ProcessRewardTrainer(prm, data, data, new ProcessRewardConfig(1, 1, 150, 16, 1e-2, 10, 1.0, 0.0, 0),
                2L);
        double before = t.evaluate().get("eval_loss");
        while (!t.finished()) {
            t.step();
        }
        var after = t.evaluate();
        assertTrue(after.get("eval_loss") < before / 3, before + " -> " + after);
        assertEquals(1.0, after.get("eval_accuracy"));
    }
}
