package dev.reins.envs.classic;

import dev.reins.core.space.Box;
import dev.reins.core.space.Discrete;
import java.util.random.RandomGenerator;

/**
 * MountainCar-v0 (Moore, 1990): an underpowered car in a valley. State (position, velocity); actions 0 push left,
 * 1 none, 2 push right. −1 per step; terminates at position ≥ 0.5 with velocity ≥ {@code goal_velocity}.
 */
public final class MountainCarDynamics extends BaseDynamics<Integer> {
    static final double MIN_POSITION = -1.2;
    static final double MAX_POSITION = 0.6;
    static final double MAX_SPEED = 0.07;
    static final double GOAL_POSITION = 0.5;
    private static final double FORCE = 0.001;
    private static final double GRAVITY = 0.0025;
    private static final Box OBSERVATIONS = new Box(new float[] {(float) MIN_POSITION, (float) -MAX_SPEED},
            new float[] {(float) MAX_POSITION, (float) MAX_SPEED});
    private static final Discrete ACTIONS = new Discrete(3);

    private final double goalVelocity;

    public MountainCarDynamics(double goalVelocity) {
        super("MountainCar-v0", 2, OBSERVATIONS, ACTIONS);
        this.goalVelocity = goalVelocity;
    }

    @Override
    public void reset(RandomGenerator rng, double[] s, int o) {
        s[o] = -0.6 + rng.nextDouble() * 0.2;
        s[o + 1] = 0;
    }

    @Override
    public double step(double[] s, int o, Integer action, RandomGenerator rng) {
        double position = s[o];
        double velocity = s[o + 1];
        velocity += (action - 1) * FORCE + Math.cos(3 * position) * (-GRAVITY);
        velocity = Math.min(MAX_SPEED, Math.max(-MAX_SPEED, velocity));
        position += velocity;
        position = Math.min(MAX_POSITION, Math.max(MIN_POSITION, position));
        if (position == MIN_POSITION && velocity < 0) {
            velocity = 0;
        }
        s[o] = position;
        s[o + 1] = velocity;
        return -1.0;
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
