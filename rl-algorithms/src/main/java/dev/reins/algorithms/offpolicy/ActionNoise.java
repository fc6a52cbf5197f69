package dev.reins.algorithms.offpolicy;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.checkpoint.Checkpointable;
import java.util.random.RandomGenerator;

/**
 * Exploration noise added to a deterministic policy's [−1, 1] actions (DDPG, TD3), one process per env.
 *
 * <pre>{@code
 * ActionNoise noise = ActionNoise.create(ActionNoise.Type.ORNSTEIN_UHLENBECK, 0.1, numEnvs, actionDim);
 * noise.sample(env, rng, out, offset);   // adds nothing; writes the noise
 * noise.reset(env);                       // at the env's episode end (OU keeps state between steps)
 * }</pre>
 */
public sealed interface ActionNoise extends Checkpointable {

    /** The kinds of noise. */
    enum Type {
        /** Independent N(0, σ²) per step. */
        NORMAL,
        /** Ornstein–Uhlenbeck: {@code x ← x + θ(−x)dt + σ√dt·N(0, 1)}, θ 0.15, dt 0.01 (as SB3). */
        ORNSTEIN_UHLENBECK
    }

    /** Writes env {@code env}'s next noise vector into {@code out[offset ..]}. */
    void sample(int env, RandomGenerator rng, double[] out, int offset);

    /** Restarts env {@code env}'s process (its episode ended). */
    void reset(int env);

    static ActionNoise create(Type type, double sigma, int numEnvs, int dim) {
        return switch (type) {
            case NORMAL -> new Normal(sigma, dim);
            case ORNSTEIN_UHLENBECK -> new OrnsteinUhlenbeck(sigma, 0.15, 1e-2, numEnvs, dim);
        };
    }

    /** Independent Gaussian noise. */
    record Normal(double sigma, int dim) implements ActionNoise {
        @Override
        public void sample(int env, RandomGenerator rng, double[] out, int offset) {
            for (int j = 0; j < dim; j++) {
                out[offset + j] = sigma * rng.nextGaussian();
            }
        }

        @Override
        public void reset(int env) {}

        @Override
        public void save(CheckpointWriter w, String prefix) {}

        @Override
        public void load(CheckpointReader r, String prefix) {}
    }

    /** Temporally correlated noise mean-reverting to 0. */
    final class OrnsteinUhlenbeck implements ActionNoise {
        private final double sigma;
        private final double theta;
        private final double dt;
        private final int dim;
        private final double[] state;

        OrnsteinUhlenbeck(double sigma, double theta, double dt, int numEnvs, int dim) {
            this.sigma = sigma;
            this.theta = theta;
            this.dt = dt;
            this.dim = dim;
            this.state = new double[numEnvs * dim];
        }

        @Override
        public void sample(int env, RandomGenerator rng, double[] out, int offset) {
            for (int j = 0; j < dim; j++) {
                int k = env * dim + j;
                state[k] += -theta * state[k] * dt + sigma * Math.sqrt(dt) * rng.nextGaussian();
                out[offset + j] = state[k];
            }
        }

        @Override
        public void reset(int env) {
            java.util.Arrays.fill(state, env * dim, (env + 1) * dim, 0.0);
        }

        @Override
        public void save(CheckpointWriter w, String prefix) {
            w.putDoubles(prefix + "ou_state", state);
        }

        @Override
        public void load(CheckpointReader r, String prefix) {
            System.arraycopy(r.doubles(prefix + "ou_state", state.length), 0, state, 0, state.length);
        }
    }
}
