package dev.reins.envs.classic;

import dev.reins.core.space.Box;
import java.util.random.RandomGenerator;

/**
 * MountainCarContinuous-v0: the car with a continuous force in [−1, 1] (clipped). +100 on reaching position ≥ 0.45
 * with velocity ≥ {@code goal_velocity}, minus 0.1·a² every step. As in Gymnasium, the state is stored as float32
 * after every step (the arithmetic itself is float64).
 */
public final class MountainCarContinuousDynamics extends BaseDynamics<float[]> {
    private static final double MIN_POSITION = -1.2;
    private static final double MAX_POSITION = 0.6;
    private static final double MAX_SPEED = 0.07;
    private static final double GOAL_POSITION = 0.45;
    private static final double POWER = 0.0015;
    private static final Box OBSERVATIONS = new Box(new float[] {(float) MIN_POSITION, (float) -MAX_SPEED},
            new float[] {(float) MAX_POSITION, (float) MAX_SPEED});
    private static final Box ACTIONS = Box.uniform(-1f, 1f, 1);

    private final double goalVelocity;

    public MountainCarContinuousDynamics(double goalVelocity) {
        super("MountainCarContinuous-v0", 2, OBSERVATIONS, ACTIONS);
        this.goalVelocity = goalVelocity;
    }

    @Override
    public void reset(RandomGenerator rng, double[] s, int o) {
        s[o] = -0.6 + rng.nextDouble() * 0.2;
        s[o + 1] = 0;
    }

    @Override
    public double step(double[] s, int o, float[] action, RandomGenerator rng) {
        double position = s[o];
        double velocity = s[o + 1];
        double force = Math.min(Math.max(action[0], -1.0), 1.0);
        velocity += force * POWER - 0.0025 * Math.cos(3 * position);
        if (velocity > MAX_SPEED) {
            velocity = MAX_SPEED;
        }
        if (velocity < -MAX_SPEED) {
            velocity = -MAX_SPEED;
        }
        position += velocity;
        if (position > MAX_POSITION) {
            position = MAX_POSITION;
        }
        if (position < MIN_POSITION) {
            position = MIN_POSITION;
        }
        if (position == MIN_POSITION && velocity < 0) {
            velocity = 0;
        }
        s[o] = (float) position;
        s[o + 1] = (float) velocity;
        double reward = terminated(s, o) ? 100.0 : 0.0;
        double a = action[0];
        return reward - a * a * 0.1;
    }

    @Override
    public boolean terminated(double[] s, int o) {
        return s[o] >= GOAL_POSITION && s[o + 1] >= goalVelocity;
    }

    @Override
    public void observe(double[] s, int o, float[] obs, int p) {
        obs[p] = (float) s[o];
        obs[p + 1] = (float) s[o + 1];
    }
}
