package dev.reins.llm.reward;

import java.util.Optional;

/**
 * 1 when the answer extracted from the completion equals the reference answer, else 0. Two answers that both
 * parse as numbers are equal when they differ by at most {@code tolerance} (absolute); otherwise the trimmed
 * strings must match exactly.
 *
 * <pre>{@code
 * var verifier = new ExactAnswerVerifier(AnswerExtractor.lastNumber(), 1e-6);
 * verifier.reward(new PromptExample("37+48=", "85"), "85");     // 1.0
 * verifier.reward(new PromptExample("37+48=", "85"), "84");     // 0.0
 * }</pre>
 */
public record ExactAnswerVerifier(AnswerExtractor extractor, double tolerance) implements RewardFunction, java.io.Serializable {
    public ExactAnswerVerifier {
        if (extractor == null) {
            throw new IllegalArgumentException("ExactAnswerVerifier needs an answer extractor");
        }
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("answer tolerance must be >= 0, got " + tolerance);
        }
    }

    @Override
    public double reward(PromptExample example, String completion) {
        if (example.answer() == null) {
            throw new IllegalArgumentException("ExactAnswerVerifier needs a reference answer; prompt '" + example.prompt()
                    + "' has none");
        }
        return isCorrect(example.answer(), completion) ? 1.0 : 0.0;
    }

    /** Whether {@code completion}'s extracted answer equals {@code reference}. */
    public boolean isCorrect(String reference, String completion) {
        Optional<String> extracted = extractor.extract(completion);
        if (extracted.isEmpty()) {
            return false;
        }
        String got = extracted.get().trim();
        Double a = parse(got);
        Double b = parse(reference.trim());
        if (a != null && b != null) {
            return Math.abs(a - b) <= tolerance;
        }
        return got.equals(reference.trim());
    }

    /**
     * A plain decimal — optional minus, digits (or comma-grouped thousands), optional fraction — or null. Not
     * {@link Double#parseDouble}, which also takes {@code 85d}, {@code 85.}, {@code 0x55p0} and {@code 1e2}: a
     * completion written so is not the answer {@code 85}.
     */
    static Double parse(String s) {
        if (!PLAIN_NUMBER.matcher(s).matches()) {
            return null;
        }
        return Double.parseDouble(s.replace(",", ""));
    }

    private static final java.util.regex.Pattern PLAIN_NUMBER = java.util.regex.Pattern.compile("-?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?");
}
