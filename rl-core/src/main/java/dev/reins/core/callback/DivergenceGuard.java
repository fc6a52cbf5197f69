package dev.reins.core.callback;

import java.util.Locale;
import java.util.Map;

/**
 * Stops training when an update's diagnostics diverge: a loss, value estimate, TD error or gradient norm beyond
 * {@code ±bound}, infinite, or NaN after it had been finite (algorithms report NaN for a quantity that does not apply,
 * such as the value loss of REINFORCE without a baseline, so NaN alone is not divergence). The stop reason names the quantity, its value and the step, e.g.
 * {@code critic_loss = 3.1e+12 at step 1200 (beyond ±1e+10)}; a trainer that sees {@link #diverged()} keeps its last
 * good checkpoint instead of writing the diverged state.
 *
 * <pre>{@code
 * DivergenceGuard guard = new DivergenceGuard(1e10);
 * algorithm.learn(steps, Callback.of(recorder, guard));
 * if (guard.diverged()) System.err.println(guard.diagnosis());
 * }</pre>
 */
public final class DivergenceGuard implements Callback {
    /** The default bound: far beyond any loss or value of a healthy run on the registry's envs, far below an exploded one. */
    public static final double DEFAULT_BOUND = 1e10;

    private final double bound;
    private final java.util.Set<String> seenFinite = new java.util.HashSet<>();
    private String diagnosis;

    /** @param bound the largest magnitude a loss, value estimate, TD error or gradient norm may reach */
    public DivergenceGuard(double bound) {
        if (!(bound > 0)) {
            throw new IllegalArgumentException("divergence_bound must be > 0, got " + bound);
        }
        this.bound = bound;
    }

    @Override
    public void onUpdate(TrainingContext ctx, Map<String, Double> metrics) {
        if (diagnosis != null) {
            return;
        }
        for (Map.Entry<String, Double> m : metrics.entrySet()) {
            String name = m.getKey();
            if (m.getValue() == null || !isBounded(name)) {
                continue;
            }
            double v = m.getValue();
            if (Double.isFinite(v)) {
                if (Math.abs(v) > bound) {
                    diagnosis = String.format(Locale.ROOT, "%s = %.3g at step %d (beyond ±%.0e, divergence_bound)", name, v,
                            ctx.step(), bound);
                }
                seenFinite.add(name);
            } else if (Double.isInfinite(v) || seenFinite.contains(name)) {
                diagnosis = String.format(Locale.ROOT, "%s = %s at step %d", name, v, ctx.step());
            }
            if (diagnosis != null) {
                ctx.requestStop("diverged: " + diagnosis);
                return;
            }
        }
    }

    /** Losses, value estimates, TD errors and gradient norms; counters, rates and ratios are not checked. */
    static boolean isBounded(String metric) {
        return metric.contains("loss") || metric.startsWith("q_") || metric.contains("value") || metric.contains("td_error")
                || metric.contains("grad_norm");
    }

    /** Whether training diverged. */
    public boolean diverged() {
        return diagnosis != null;
    }

    /** What diverged and when, or null. */
    public String diagnosis() {
        return diagnosis;
    }

    /** Records a divergence the algorithm itself detected (a {@code TrainingDivergedException}). */
    public void record(String message) {
        if (diagnosis == null) {
            diagnosis = message;
        }
    }
}
