package dev.reins.envs.classic;

import dev.reins.core.space.Box;
import dev.reins.core.space.Discrete;
import java.util.random.RandomGenerator;

/**
 * CartPole-v1 (Barto, Sutton &amp; Anderson, 1983), Euler integration with τ = 0.02 s. State (x, ẋ, θ, θ̇); action 0
 * pushes left, 1 right, with 10 N. Terminates when |x| &gt; 2.4 or |θ| &gt; 12°. Reward 1 per step, or with
 * {@code sutton_barto_reward} 0 per step and −1 on termination.
 */
public final class CartPoleDynamics extends BaseDynamics<Integer> {
    private static final double GRAVITY = 9.8;
    private static final double MASS_CART = 1.0;
    private static final double MASS_POLE = 0.1;
    private static final double TOTAL_MASS = MASS_POLE + MASS_CART;
    private static final double LENGTH = 0.5; // half the pole's length
    private static final double POLEMASS_LENGTH = MASS_POLE * LENGTH;
    private static final double FORCE_MAG = 10.0;
    private static final double TAU = 0.02;
    static final double THETA_THRESHOLD = 12 * 2 * Math.PI / 360;
    static final double X_THRESHOLD = 2.4;
    private static final Box OBSERVATIONS = new Box(
            new float[] {(float) -(X_THRESHOLD * 2), Float.NEGATIVE_INFINITY, (float) -(THETA_THRESHOLD * 2), Float.NEGATIVE_INFINITY},
            new float[] {(float) (X_THRESHOLD * 2), Float.POSITIVE_INFINITY, (float) (THETA_THRESHOLD * 2), Float.POSITIVE_INFINITY});
    private static final Discrete ACTIONS = new Discrete(2);

    private final boolean suttonBartoReward;

    public CartPoleDynamics(boolean suttonBartoReward) {
        super("CartPole-v1", 4, OBSERVATIONS, ACTIONS);
        this.suttonBartoReward = suttonBartoReward;
    }

    @Override
    public void reset(RandomGenerator rng, double[] s, int o) {
        for (int i = 0; i < 4; i++) {
            s[o + i] = -0.05 + rng.nextDouble() * 0.1;
        }
    }

    @Override
    public double step(double[] s, int o, Integer action, RandomGenerator rng) {
        double x = s[o];
        double xDot = s[o + 1];
        double theta = s[o + 2];
        double thetaDot = s[o + 3];
        double force = action == 1 ? FORCE_MAG : -FORCE_MAG;
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        // Same operations in the same order as Gymnasium, so the float64 results agree.
        double temp = (force + POLEMASS_LENGTH * (thetaDot * thetaDot) * sin) / TOTAL_MASS;
        double thetaAcc = (GRAVITY * sin - cos * temp) / (LENGTH * (4.0 / 3.0 - MASS_POLE * (cos * cos) / TOTAL_MASS));
        double xAcc = temp - POLEMASS_LENGTH * thetaAcc * cos / TOTAL_MASS;
        s[o] = x + TAU * xDot;
        s[o + 1] = xDot + TAU * xAcc;
        s[o + 2] = theta + TAU * thetaDot;
        s[o + 3] = thetaDot + TAU * thetaAcc;
        if (!terminated(s, o)) {
            return suttonBartoReward ? 0.0 : 1.0;
        }
        return suttonBartoReward ? -1.0 : 1.0;
    }

    @Override
    public boolean terminated(double[] s, int o) {
        double x = s[o];
        double theta = s[o + 2];
        return x < -X_THRESHOLD || x > X_THRESHOLD || theta < -THETA_THRESHOLD || theta > THETA_THRESHOLD;
    }

    @Override
    public void observe(double[] s, int o, float[] obs, int p) {
        obs[p] = (float) s[o];
        obs[p + 1] = (float) s[o + 1];
        obs[p + 2] = (float) s[o + 2];
        obs[p + 3] = (float) s[o + 3];
    }
}
