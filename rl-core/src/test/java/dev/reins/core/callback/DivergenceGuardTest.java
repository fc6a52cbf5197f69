package dev.reins.core.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DivergenceGuardTest {
    private static Map<String, Double> metrics(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        }
        return m;
    }

    @Test
    void healthyUpdatesPass() {
        DivergenceGuard guard = new DivergenceGuard(1e10);
        TrainingContext ctx = new TrainingContext("td3", 100);
        ctx.setStep(10);
        guard.onUpdate(ctx, metrics("critic_loss", 1e6, "q_mean", -1600.0, "replay_size", 5e11, "epsilon", 0.1));
        assertFalse(guard.diverged());
        assertFalse(ctx.stopRequested());
        assertNull(guard.diagnosis());
    }

    @Test
    void aLossTurningNanStopsTrainingNamingItAndTheStep() {
        DivergenceGuard guard = new DivergenceGuard(1e10);
        TrainingContext ctx = new TrainingContext("dqn", 100);
        ctx.setStep(41);
        guard.onUpdate(ctx, metrics("epsilon", 0.5, "loss", 0.3));
        ctx.setStep(42);
        guard.onUpdate(ctx, metrics("epsilon", 0.5, "loss", Double.NaN));
        assertTrue(guard.diverged());
        assertEquals("loss = NaN at step 42", guard.diagnosis());
        assertEquals("diverged: loss = NaN at step 42", ctx.stopReason());
    }

    @Test
    void nanThatMeansNotApplicableIsNotDivergenceButInfinityIs() {
        DivergenceGuard guard = new DivergenceGuard(1e10);
        TrainingContext ctx = new TrainingContext("reinforce", 100);
        // REINFORCE without a baseline has no value loss; an arena that did not run has no score.
        guard.onUpdate(ctx, metrics("value_loss", Double.NaN, "arena_score", Double.NaN, "explained_variance", Double.NaN));
        guard.onUpdate(ctx, metrics("value_loss", Double.NaN, "explained_variance", 0.5));
        guard.onUpdate(ctx, metrics("explained_variance", Double.NaN));
        assertFalse(guard.diverged());
        guard.onUpdate(ctx, metrics("policy_loss", Double.NEGATIVE_INFINITY));
        assertEquals("policy_loss = -Infinity at step 0", guard.diagnosis());
    }

    @Test
    void lossesValuesTdErrorsAndGradientNormsAreBoundedCountersAreNot() {
        for (String name : new String[] {"critic_loss", "q_mean", "value_loss", "td_error_abs", "grad_norm", "max_value_change"}) {
            DivergenceGuard guard = new DivergenceGuard(1e10);
            TrainingContext ctx = new TrainingContext("x", 100);
            ctx.setStep(7);
            guard.onUpdate(ctx, metrics(name, -3e15));
            assertTrue(guard.diverged(), name);
            assertTrue(guard.diagnosis().startsWith(name + " = -3.00e+15 at step 7"), guard.diagnosis());
        }
        DivergenceGuard guard = new DivergenceGuard(1e10);
        guard.onUpdate(new TrainingContext("x", 1), metrics("replay_size", 3e15, "episodes", 2e12));
        assertFalse(guard.diverged());
    }

    @Test
    void theFirstDiagnosisIsKeptAndTheBoundMustBePositive() {
        DivergenceGuard guard = new DivergenceGuard(1.0);
        TrainingContext ctx = new TrainingContext("x", 1);
        guard.onUpdate(ctx, metrics("loss", 2.0));
        guard.onUpdate(ctx, metrics("loss", Double.NaN));
        guard.record("later");
        assertTrue(guard.diagnosis().startsWith("loss = 2.00"), guard.diagnosis());
        assertThrows(IllegalArgumentException.class, () -> new DivergenceGuard(0));
        assertThrows(IllegalArgumentException.class, () -> new DivergenceGuard(Double.NaN));
    }
}
