package dev.reins.core.vector;

import dev.reins.core.env.Env;
import dev.reins.core.env.ResetResult;
import dev.reins.core.env.StepResult;
import dev.reins.core.space.Box;
import dev.reins.core.space.Space;
import java.util.List;
import java.util.Map;

/** A vector env over a list of {@link Env} objects (any env with vector observations). */
abstract class EnvListVectorEnv<A> extends AbstractVectorEnv<A> {
    protected final List<Env<float[], A>> envs;
    private final Object[] infos;

    EnvListVectorEnv(List<Env<float[], A>> envs, AutoresetMode mode) {
        super(envs.isEmpty() ? "?" : envs.get(0).name(), envs.size(), box(envs), envs.isEmpty() ? null : envs.get(0).actionSpace(), mode);
        for (Env<float[], A> e : envs) {
            if (!e.observationSpace().equals(envs.get(0).observationSpace()) || !e.actionSpace().equals(envs.get(0).actionSpace())) {
                throw new IllegalArgumentException("all envs of a vector env must share spaces; " + e.name() + " has "
                        + e.observationSpace() + " / " + e.actionSpace());
            }
        }
        this.envs = List.copyOf(envs);
        this.infos = new Object[envs.size()];
    }

    private static <A> Box box(List<Env<float[], A>> envs) {
        if (envs.isEmpty()) {
            throw new IllegalArgumentException("a vector env needs at least one env");
        }
        Space<float[]> space = envs.get(0).observationSpace();
        if (!(space instanceof Box b)) {
            throw new IllegalArgumentException("vector envs need Box observations; " + envs.get(0).name() + " has " + space);
        }
        return b;
    }

    @Override
    protected void resetEnv(int i, boolean seeded, long seed, float[] obs, int offset) {
        ResetResult<float[]> r = seeded ? envs.get(i).reset(seed) : envs.get(i).reset();
        System.arraycopy(r.observation(), 0, obs, offset, observationDim());
        infos[i] = r.info();
    }

    @Override
    protected void stepEnv(int i, A action, float[] obs, int offset) {
        StepResult<float[]> r = envs.get(i).step(action);
        System.arraycopy(r.observation(), 0, obs, offset, observationDim());
        rewards[i] = r.reward();
        terminated[i] = r.terminated();
        truncated[i] = r.truncated();
        infos[i] = r.info();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> info(int i) {
        return infos[i] == null ? Map.of() : (Map<String, Object>) infos[i];
    }

    @Override
    protected void saveEnvs(dev.reins.core.checkpoint.CheckpointWriter out, String prefix) {
        for (int i = 0; i < envs.size(); i++) {
            checkpointable(i).save(out, prefix + "env" + i + ".");
        }
    }

    @Override
    protected void loadEnvs(dev.reins.core.checkpoint.CheckpointReader in, String prefix) {
        for (int i = 0; i < envs.size(); i++) {
            checkpointable(i).load(in, prefix + "env" + i + ".");
        }
    }

    private dev.reins.core.checkpoint.Checkpointable checkpointable(int i) {
        if (envs.get(i) instanceof dev.reins.core.checkpoint.Checkpointable c) {
            return c;
        }
        throw new IllegalStateException(envs.get(i).name() + " cannot be checkpointed (" + envs.get(i).getClass().getName() + ")");
    }

    @Override
    public void close() {
        envs.forEach(Env::close);
    }
}
