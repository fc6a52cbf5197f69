package dev.reins.algorithms.rlhf;

/**
 * The adaptive KL coefficient of Ziegler et al. (2019): after each batch, β ← β·(1 + K·e) with
 * e = clip(KL / target − 1, −0.2, 0.2) and K = (episodes in the batch) / horizon, so β grows while the policy's KL
 * to the reference is above target and shrinks while below. Fixed β when {@code adaptive} is false.
 *
 * <pre>{@code
 * AdaptiveKlController kl = new AdaptiveKlController(0.05, true, 6.0, 10_000);
 * kl.update(measuredKl, 64);
 * double beta = kl.value();
 * }</pre>
 */
public final class AdaptiveKlController {
    private final boolean adaptive;
    private final double target;
    private final double horizon;
    private double value;

    public AdaptiveKlController(double initial, boolean adaptive, double target, double horizon) {
        if (!(initial >= 0) || Double.isInfinite(initial) || (adaptive && (!(target > 0) || !(horizon > 0)))) {
            throw new IllegalArgumentException("the KL controller needs kl_coefficient >= 0 and, when adaptive, target_kl > 0 and kl_horizon > 0, "
                    + "got " + initial + ", " + target + ", " + horizon);
        }
        this.value = initial;
        this.adaptive = adaptive;
        this.target = target;
        this.horizon = horizon;
    }

    /** The current β. */
    public double value() {
        return value;
    }

    /** Adapts β to the KL measured on a batch of {@code episodes} episodes (per-episode KL summed over its steps). */
    public void update(double kl, int episodes) {
        if (!adaptive) {
            return;
        }
        double error = Math.max(-0.2, Math.min(0.2, kl / target - 1));
        value *= 1 + error * episodes / horizon;
    }

    /** Restores β (a resumed run). */
    public void set(double beta) {
        value = beta;
    }
}
