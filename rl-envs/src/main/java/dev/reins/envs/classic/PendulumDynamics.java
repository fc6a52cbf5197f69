package dev.reins.envs.classic;

import dev.reins.core.space.Box;
import java.util.random.RandomGenerator;

/**
 * Pendulum-v1: swing a pendulum up and hold it. State (θ, θ̇), observation (cos θ, sin θ, θ̇), torque in [−2, 2]
 * (clipped). Reward −(θ̂² + 0.1·θ̇² + 0.001·u²) with θ̂ the angle normalized to [−π, π); never terminates.
 */
public final class PendulumDynamics extends BaseDynamics<float[]> {
    private static final double MAX_SPEED = 8;
    private static final double MAX_TORQUE = 2.0;
    private static final double DT = 0.05;
    private static final double M = 1.0;
    private static final double L = 1.0;
    private static final Box OBSERVATIONS = new Box(new float[] {-1f, -1f, (float) -MAX_SPEED}, new float[] {1f, 1f, (float) MAX_SPEED});
    private static final Box ACTIONS = Box.uniform((float) -MAX_TORQUE, (float) MAX_TORQUE, 1);

    private final double g;

    public PendulumDynamics(double g) {
        super("Pendulum-v1", 2, OBSERVATIONS, ACTIONS);
        this.g = g;
    }

    @Override
    public void reset(RandomGenerator rng, double[] s, int o) {
        s[o] = -Math.PI + rng.nextDouble() * 2 * Math.PI;
        s[o + 1] = -1.0 + rng.nextDouble() * 2.0;
    }

    /** Gymnasium's angle_normalize: ((x + π) mod 2π) − π with the sign of the divisor, as numpy's remainder. */
    static double angleNormalize(double x) {
        double twoPi = 2 * Math.PI;
        double m = (x + Math.PI) % twoPi;
        if (m != 0 && m < 0) {
            m += twoPi;
        }
        return m - Math.PI;
    }

    @Override
    public double step(double[] s, int o, float[] action, RandomGenerator rng) {
        double th = s[o];
        double thDot = s[o + 1];
        double u = Math.min(MAX_TORQUE, Math.max(-MAX_TORQUE, action[0]));
        double normalized = angleNormalize(th);
        double costs = normalized * normalized + 0.1 * (thDot * thDot) + 0.001 * (u * u);
        double newThDot = thDot + (3 * g / (2 * L) * Math.sin(th) + 3.0 / (M * (L * L)) * u) * DT;
        newThDot = Math.min(MAX_SPEED, Math.max(-MAX_SPEED, newThDot));
        s[o] = th + newThDot * DT;
        s[o + 1] = newThDot;
        return -costs;
    }

    @Override
    public boolean terminated(double[] s, int o) {
        return false;
    }

    @Override
    public void observe(double[] s, int o, float[] obs, int p) {
        obs[p] = (float) Math.cos(s[o]);
        obs[p + 1] = (float) Math.sin(s[o]);
        obs[p + 2] = (float) s[o + 1];
    }
}
