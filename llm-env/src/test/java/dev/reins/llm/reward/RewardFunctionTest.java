package dev.reins.llm.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RewardFunctionTest {
    private static final PromptExample SUM = new PromptExample("37+48=", "85");

    @Test
    void extractorsFindTheFinalAnswer() {
        assertEquals(Optional.of("85"), AnswerExtractor.lastNumber().extract("12 then 85"));
        assertEquals(Optional.of("-3.5"), AnswerExtractor.lastNumber().extract("x = -3.5."));
        assertEquals(Optional.of("1234"), AnswerExtractor.lastNumber().extract("total 1,234"));
        assertEquals(Optional.empty(), AnswerExtractor.lastNumber().extract("no digits"));
        assertEquals(Optional.of("72"), AnswerExtractor.hashMarker().extract("48/2 = 24\n#### 72\nextra"));
        assertEquals(Optional.empty(), AnswerExtractor.hashMarker().extract("#### "));
        assertEquals(Optional.of("\\frac{1}{2}"), AnswerExtractor.boxed().extract("so \\boxed{1} or \\boxed{\\frac{1}{2}}"));
        assertEquals(Optional.empty(), AnswerExtractor.boxed().extract("\\boxed{12"));
        assertEquals(Optional.of("yes"), AnswerExtractor.whole().extract("  yes \n"));
        assertEquals("boxed", AnswerExtractor.named("BOXED").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AnswerExtractor.named("first"));
        assertTrue(e.getMessage().contains("'first'"), e.getMessage());
    }

    @Test
    void verifierComparesNumbersWithToleranceAndTextExactly() {
        ExactAnswerVerifier v = new ExactAnswerVerifier(AnswerExtractor.lastNumber(), 1e-6);
        assertEquals(1.0, v.reward(SUM, "85"));
        assertEquals(1.0, v.reward(SUM, "the answer is 85.0"));
        assertEquals(0.0, v.reward(SUM, "84"));
        assertEquals(0.0, v.reward(SUM, ""));
        ExactAnswerVerifier loose = new ExactAnswerVerifier(AnswerExtractor.lastNumber(), 0.5);
        assertEquals(1.0, loose.reward(SUM, "85.4"));
        ExactAnswerVerifier text = new ExactAnswerVerifier(AnswerExtractor.boxed(), 0);
        assertEquals(1.0, text.reward(new PromptExample("p", "\\pi"), "\\boxed{\\pi}"));
        assertEquals(0.0, text.reward(new PromptExample("p", "\\pi"), "\\boxed{pi}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> v.reward(new PromptExample("hi", null), "1"));
        assertTrue(e.getMessage().contains("'hi'"), e.getMessage());
    }

    @Test
    void onlyPlainDecimalsCountAsTheNumber() {
        // Double.parseDouble takes all of these; none of them is the answer 85 written as a model should write it.
        ExactAnswerVerifier whole = new ExactAnswerVerifier(AnswerExtractor.whole(), 0);
        for (String wrong : new String[] {"85d", "85f", "85.", "0x55p0", "8.5e1", "+85", " 85 x"}) {
            assertEquals(0.0, whole.reward(SUM, wrong), wrong);
        }
        assertEquals(1.0, whole.reward(SUM, " 85 "));
        assertEquals(1.0, whole.reward(new PromptExample("p", "1,234"), "1234"));
        // Commas group thousands only: 1,2,3 is three numbers, not 123.
        assertEquals(Optional.of("3"), AnswerExtractor.lastNumber().extract("1,2,3"));
        assertEquals(Optional.of("1234567"), AnswerExtractor.lastNumber().extract("1,234,567"));
        ExactAnswerVerifier last = new ExactAnswerVerifier(AnswerExtractor.lastNumber(), 0);
        assertEquals(0.0, last.reward(new PromptExample("p", "123"), "it is 1,2,3"));
        assertEquals(0.0, whole.reward(new PromptExample("p", "123"), "1,2,3"));
    }

    @Test
    void referencesWithoutAnAnswerAreNamed() {
        ExactAnswerVerifier v = new ExactAnswerVerifier(AnswerExtractor.lastNumber(), 1e-6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> v.reward(new PromptExample("hi", null), "1"));
        assertTrue(e.getMessage().contains("'hi'"), e.getMessage());
    }

    @Test
    void formatLengthAndWeightedTerms() {
        RegexFormatReward digitsOnly = new RegexFormatReward("^-?\\d+$");
        assertEquals(1.0, digitsOnly.reward(SUM, "85"));
        assertEquals(0.0, digitsOnly.reward(SUM, "85 apples"));
        LengthPenalty length = new LengthPenalty(3, 0.1);
        assertEquals(0.0, length.reward(SUM, "abc"));
        assertEquals(-0.2, length.reward(SUM, "abcde"), 1e-12);
        WeightedReward total = new WeightedReward(List.of(
                new WeightedReward.Term(1.0, new ExactAnswerVerifier(AnswerExtractor.lastNumber(), 0)),
                new WeightedReward.Term(0.5, digitsOnly),
                new WeightedReward.Term(1.0, length)));
        assertEquals(1.5, total.reward(SUM, "85"), 1e-12);
        assertEquals(1.0 - 0.3, total.reward(SUM, "is 85!"), 1e-12);
        double[] batch = total.rewards(List.of(SUM, SUM), List.of("85", "x"));
        assertEquals(1.5, batch[0], 1e-12);
        assertEquals(0.0, batch[1], 1e-12);
    }
}
