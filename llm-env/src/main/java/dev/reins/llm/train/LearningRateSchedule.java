package dev.reins.llm.train;

/**
 * Linear warm-up from 0 to {@code peak} over {@code warmupSteps}, then cosine decay to 10 % of the peak at
 * {@code totalSteps} (and flat after): the schedule of every step-based LLM trainer (SFT, reward model, DPO).
 *
 * <pre>{@code
 * LearningRateSchedule lr = new LearningRateSchedule(1e-3, 50, 1000);
 * double atStep10 = lr.at(10);   // 2.2e-4, still warming up
 * }</pre>
 */
public record LearningRateSchedule(double peak, int warmupSteps, int totalSteps) {
    public LearningRateSchedule {
        if (!(peak > 0) || warmupSteps < 0 || totalSteps <= 0) {
            throw new IllegalArgumentException("a learning-rate schedule needs learning_rate > 0, warmup_steps >= 0 and steps > 0, got "
                    + peak + ", " + warmupSteps + ", " + totalSteps);
        }
    }

    /** The learning rate of (0-based) step {@code step}. */
    public double at(int step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        double progress = (step - warmupSteps) / (double) Math.max(1, totalSteps - warmupSteps);
        return peak * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress))));
    }
}
