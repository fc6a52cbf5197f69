package dev.reins.core.vector.wrappers;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.checkpoint.Checkpointable;
import dev.reins.core.space.Box;
import dev.reins.core.space.Space;
import dev.reins.core.vector.AutoresetMode;
import dev.reins.core.vector.VectorEnv;
import java.util.Map;

/**
 * A vector env that forwards everything to the one it wraps; subclasses override what they change. Checkpoints hold
 * the wrapper's own state ({@link #saveWrapperState}) and then the wrapped env's.
 *
 * @param <A> action type of one env
 */
public abstract class VectorEnvWrapper<A> implements VectorEnv<A>, Checkpointable {
    protected final VectorEnv<A> env;

    protected VectorEnvWrapper(VectorEnv<A> env) {
        this.env = env;
    }

    /** The vector env this one wraps. */
    public VectorEnv<A> inner() {
        return env;
    }

    /** The innermost vector env (whose buffers hold the raw, unwrapped values). */
    public VectorEnv<A> unwrapped() {
        return env instanceof VectorEnvWrapper<A> w ? w.unwrapped() : env;
    }

    /** The first wrapper of type {@code type} in {@code env}'s chain (outermost first), or null. */
    public static <W> W find(VectorEnv<?> env, Class<W> type) {
        VectorEnv<?> e = env;
        while (true) {
            if (type.isInstance(e)) {
                return type.cast(e);
            }
            if (!(e instanceof VectorEnvWrapper<?> w)) {
                return null;
            }
            e = w.inner();
        }
    }

    /** The env that {@code env} wraps at the bottom, or {@code env} itself. */
    public static <A> VectorEnv<A> unwrap(VectorEnv<A> env) {
        return env instanceof VectorEnvWrapper<A> w ? w.unwrapped() : env;
    }

    @Override
    public int numEnvs() {
        return env.numEnvs();
    }

    @Override
    public int observationDim() {
        return env.observationDim();
    }

    @Override
    public Box singleObservationSpace() {
        return env.singleObservationSpace();
    }

    @Override
    public Space<A> singleActionSpace() {
        return env.singleActionSpace();
    }

    @Override
    public AutoresetMode autoresetMode() {
        return env.autoresetMode();
    }

    @Override
    public void reset(long seed) {
        env.reset(seed);
    }

    @Override
    public void step(A[] actions) {
        env.step(actions);
    }

    @Override
    public float[] observations() {
        return env.observations();
    }

    @Override
    public double[] rewards() {
        return env.rewards();
    }

    @Override
    public boolean[] terminated() {
        return env.terminated();
    }

    @Override
    public boolean[] truncated() {
        return env.truncated();
    }

    @Override
    public boolean[] resetThisStep() {
        return env.resetThisStep();
    }

    @Override
    public float[] finalObservations() {
        return env.finalObservations();
    }

    @Override
    public Map<String, Object> info(int i) {
        return env.info(i);
    }

    @Override
    public void close() {
        env.close();
    }

    protected abstract void saveWrapperState(CheckpointWriter out, String prefix);

    protected abstract void loadWrapperState(CheckpointReader in, String prefix);

    @Override
    public final void save(CheckpointWriter out, String prefix) {
        saveWrapperState(out, prefix);
        if (env instanceof Checkpointable c) {
            c.save(out, prefix + "inner.");
        }
    }

    @Override
    public final void load(CheckpointReader in, String prefix) {
        loadWrapperState(in, prefix);
        if (env instanceof Checkpointable c) {
            c.load(in, prefix + "inner.");
        }
    }
}
