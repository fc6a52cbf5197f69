package dev.reins.llm.data;

import dev.reins.llm.reward.PromptExample;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The RLVR demo's task: addition of two non-negative integers below {@code 10^digits}, written
 * {@code "37+48="} → {@code "85"} (the completion is the decimal sum, then end-of-text). Every ordered pair is
 * one example; {@link #split} shuffles them with a seed and deals disjoint test, SFT and RL sets.
 *
 * <pre>{@code
 * ArithmeticTask.Split s = new ArithmeticTask(2).split(500, 1000, 7L);   // 500 test, 1000 SFT, the rest for RL
 * }</pre>
 */
public record ArithmeticTask(int digits) {
    public ArithmeticTask {
        if (digits < 1 || digits > 4) {
            throw new IllegalArgumentException("arithmetic digits must be in 1..4, got " + digits);
        }
    }

    /** Disjoint held-out test prompts, SFT examples, and RL prompts (everything else). */
    public record Split(List<PromptExample> test, List<PromptCompletion> sft, List<PromptExample> rl) {}

    public static String prompt(int a, int b) {
        return a + "+" + b + "=";
    }

    /**
     * The operands' digit counts of a prompt, {@code "2+1"} for {@code "37+4="}: sums whose operands differ in length do
     * not line up by position, and a small model learns them last, so the demo reports accuracy per form.
     */
    public static String form(String prompt) {
        int plus = prompt.indexOf('+');
        int eq = prompt.indexOf('=');
        if (plus <= 0 || eq != prompt.length() - 1 || eq <= plus + 1) {
            throw new IllegalArgumentException("not an addition prompt 'a+b=': '" + prompt + "'");
        }
        return plus + "+" + (eq - plus - 1);
    }

    /** Longest prompt + answer in characters (the byte tokenizer's tokens). */
    public int longestPromptChars() {
        return 2 * digits + 2;
    }

    public int longestAnswerChars() {
        return digits + 1;
    }

    public List<PromptExample> all() {
        int n = (int) Math.pow(10, digits);
        List<PromptExample> out = new ArrayList<>(n * n);
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                out.add(new PromptExample(prompt(a, b), Integer.toString(a + b)));
            }
        }
        return out;
    }

    public Split split(int testSize, int sftSize, long seed) {
        List<PromptExample> all = all();
        if (testSize + sftSize >= all.size()) {
            throw new IllegalArgumentException("test " + testSize + " + sft " + sftSize + " examples leave none for RL out of "
                    + all.size());
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = all.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            PromptExample t = all.get(i);
            all.set(i, all.get(j));
            all.set(j, t);
        }
        List<PromptExample> test = new ArrayList<>(all.subList(0, testSize));
        List<PromptCompletion> sft = new ArrayList<>();
        for (PromptExample e : all.subList(testSize, testSize + sftSize)) {
            sft.add(new PromptCompletion(e.prompt(), e.answer()));
        }
        List<PromptExample> rl = new ArrayList<>(all.subList(testSize + sftSize, all.size()));
        return new Split(test, sft, rl);
    }
}
