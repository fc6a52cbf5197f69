package dev.reins.envs.classic;

import dev.reins.core.space.Box;
import dev.reins.core.space.Discrete;
import java.util.random.RandomGenerator;

/**
 * Acrobot-v1 (Sutton, 1996; "book" dynamics): two links, torque −1, 0 or +1 on the joint between them, integrated
 * with one RK4 step of 0.2 s. State (θ1, θ2, θ̇1, θ̇2); observation (cos θ1, sin θ1, cos θ2, sin θ2, θ̇1, θ̇2). −1 per
 * step; terminates when the free end rises above the bar by a link's length: {@code −cos θ1 − cos(θ1 + θ2) > 1}.
 */
public final class AcrobotDynamics extends BaseDynamics<Integer> {
    // Not thread-safe: each env (and each vector env) owns its instance.
    private static final double DT = 0.2;
    private static final double LINK_LENGTH_1 = 1.0;
    private static final double LINK_MASS_1 = 1.0;
    private static final double LINK_MASS_2 = 1.0;
    private static final double LINK_COM_POS_1 = 0.5;
    private static final double LINK_COM_POS_2 = 0.5;
    private static final double LINK_MOI = 1.0;
    static final double MAX_VEL_1 = 4 * Math.PI;
    static final double MAX_VEL_2 = 9 * Math.PI;
    private static final double[] AVAIL_TORQUE = {-1.0, 0.0, +1};
    private static final Box OBSERVATIONS = new Box(new float[] {-1f, -1f, -1f, -1f, (float) -MAX_VEL_1, (float) -MAX_VEL_2},
            new float[] {1f, 1f, 1f, 1f, (float) MAX_VEL_1, (float) MAX_VEL_2});
    private static final Discrete ACTIONS = new Discrete(3);

    public AcrobotDynamics() {
        super("Acrobot-v1", 4, OBSERVATIONS, ACTIONS);
    }

    @Override
    public void reset(RandomGenerator rng, double[] s, int o) {
        for (int i = 0; i < 4; i++) {
            s[o + i] = (float) (-0.1 + rng.nextDouble() * 0.2); // Gymnasium casts the start state to float32
        }
    }

    /** Time derivative of (θ1, θ2, θ̇1, θ̇2) under torque {@code a}, written into {@code d}. */
    private static void derivatives(double theta1, double theta2, double dtheta1, double dtheta2, double a, double[] d) {
        double m1 = LINK_MASS_1;
        double m2 = LINK_MASS_2;
        double l1 = LINK_LENGTH_1;
        double lc1 = LINK_COM_POS_1;
        double lc2 = LINK_COM_POS_2;
        double i1 = LINK_MOI;
        double i2 = LINK_MOI;
        double g = 9.8;
        double cos2 = Math.cos(theta2);
        double sin2 = Math.sin(theta2);
        double d1 = m1 * (lc1 * lc1) + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * cos2) + i1 + i2;
        double d2 = m2 * (lc2 * lc2 + l1 * lc2 * cos2) + i2;
        double phi2 = m2 * lc2 * g * Math.cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -m2 * l1 * lc2 * (dtheta2 * dtheta2) * sin2
                - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sin2
                + (m1 * lc1 + m2 * l1) * g * Math.cos(theta1 - Math.PI / 2)
                + phi2;
        double ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * sin2 - phi2)
                / (m2 * (lc2 * lc2) + i2 - (d2 * d2) / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        d[0] = dtheta1;
        d[1] = dtheta2;
        d[2] = ddtheta1;
        d[3] = ddtheta2;
    }

    // RK4 scratch space, reused so stepping allocates nothing (an instance is used by one thread at a time).
    private final double[] y = new double[4];
    private final double[] k1 = new double[4];
    private final double[] k2 = new double[4];
    private final double[] k3 = new double[4];
    private final double[] k4 = new double[4];
    private final double[] next = new double[4];

    @Override
    public double step(double[] s, int o, Integer action, RandomGenerator rng) {
        double torque = AVAIL_TORQUE[action];
        System.arraycopy(s, o, y, 0, 4);
        double dt = DT - 0; // Gymnasium integrates over t = [0, dt]
        double dt2 = dt / 2.0;
        derivatives(y[0], y[1], y[2], y[3], torque, k1);
        derivatives(y[0] + dt2 * k1[0], y[1] + dt2 * k1[1], y[2] + dt2 * k1[2], y[3] + dt2 * k1[3], torque, k2);
        derivatives(y[0] + dt2 * k2[0], y[1] + dt2 * k2[1], y[2] + dt2 * k2[2], y[3] + dt2 * k2[3], torque, k3);
        derivatives(y[0] + dt * k3[0], y[1] + dt * k3[1], y[2] + dt * k3[2], y[3] + dt * k3[3], torque, k4);
        for (int i = 0; i < 4; i++) {
            next[i] = y[i] + dt / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
        s[o] = wrap(next[0], -Math.PI, Math.PI);
        s[o + 1] = wrap(next[1], -Math.PI, Math.PI);
        s[o + 2] = Math.min(Math.max(next[2], -MAX_VEL_1), MAX_VEL_1);
        s[o + 3] = Math.min(Math.max(next[3], -MAX_VEL_2), MAX_VEL_2);
        return terminated(s, o) ? 0.0 : -1.0;
    }

    private static double wrap(double x, double m, double max) {
        double diff = max - m;
        while (x > max) {
            x = x - diff;
        }
        while (x < m) {
            x = x + diff;
        }
        return x;
    }

    @Override
    public boolean terminated(double[] s, int o) {
        return -Math.cos(s[o]) - Math.cos(s[o + 1] + s[o]) > 1.0;
    }

    @Override
    public void observe(double[] s, int o, float[] obs, int p) {
        obs[p] = (float) Math.cos(s[o]);
        obs[p + 1] = (float) Math.sin(s[o]);
        obs[p + 2] = (float) Math.cos(s[o + 1]);
        obs[p + 3] = (float) Math.sin(s[o + 1]);
        obs[p + 4] = (float) s[o + 2];
        obs[p + 5] = (float) s[o + 3];
    }
}
