package dev.reins.llm.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.core.env.StepResult;
import dev.reins.llm.reward.AnswerExtractor;
import dev.reins.llm.reward.ExactAnswerVerifier;
import dev.reins.llm.reward.PromptExample;
import dev.reins.llm.tokenizer.ByteTokenizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenEnvTest {
    private final ByteTokenizer tok = ByteTokenizer.withDefaultSpecials();
    private final List<PromptExample> prompts = List.of(new PromptExample("1+2=", "3"), new PromptExample("4+5=", "9"));
    private final ExactAnswerVerifier verifier = new ExactAnswerVerifier(AnswerExtractor.whole(), 0);

    private TokenEnv env(int maxNew, double perToken) {
        return new TokenEnv(tok, prompts, verifier, new TokenEnv.Limits(maxNew, 12, perToken, tok.endOfText()));
    }

    @Test
    void aCorrectAnswerThenStopTerminatesWithRewardOne() {
        TokenEnv env = env(3, 0);
        int[] obs = env.reset(1).observation();
        assertArrayEquals(tok.encode("4+5="), obs);
        StepResult<int[]> s = env.step((int) '9');
        assertEquals(0.0, s.reward());
        assertFalse(s.done());
        assertArrayEquals(tok.encode("4+5=9"), s.observation());
        s = env.step(tok.endOfText());
        assertTrue(s.terminated());
        assertFalse(s.truncated());
        assertEquals(1.0, s.reward());
        assertEquals("9", s.info().get("completion"));
        assertEquals(1, s.info().get("prompt_index"));
    }

    @Test
    void runningOutOfTokensTruncatesAndStillScores() {
        TokenEnv env = env(2, -0.1);
        env.reset(0);
        StepResult<int[]> s = env.step((int) '3');
        assertEquals(-0.1, s.reward(), 1e-12);
        s = env.step((int) '3');
        assertTrue(s.truncated());
        assertFalse(s.terminated());
        assertEquals(-0.1 + 0.0, s.reward(), 1e-12); // "33" is wrong
        assertEquals("33", s.info().get("completion"));
        assertThrows(IllegalStateException.class, () -> env.step((int) '3'));
    }

    @Test
    void seededResetsRepeatAPromptAndPlainResetsCycle() {
        TokenEnv env = env(2, 0);
        assertArrayEquals(env.reset(7).observation(), env.reset(7).observation());
        assertArrayEquals(tok.encode("1+2="), env.reset(-4).observation()); // floorMod(-4, 2) = 0
        assertArrayEquals(tok.encode("1+2="), env.reset().observation());
        assertArrayEquals(tok.encode("4+5="), env.reset().observation());
        assertArrayEquals(tok.encode("1+2="), env.reset().observation());
    }

    @Test
    void badActionsAndPromptsThatFillTheContextAreNamed() {
        TokenEnv env = env(2, 0);
        env.reset(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(500));
        assertTrue(e.getMessage().contains("500") && e.getMessage().contains("[0, 260)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TokenEnv(tok, List.of(new PromptExample("x".repeat(12), "1")),
                verifier, new TokenEnv.Limits(2, 12, 0, tok.endOfText())));
        assertTrue(e.getMessage().contains("12 tokens") && e.getMessage().contains("1..11"), e.getMessage());
    }
}
