package dev.reins.algorithms.common;

import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.CategoricalHead;
import dev.reins.algorithms.nn.DiagGaussianHead;
import dev.reins.algorithms.nn.Initialization;
import dev.reins.algorithms.nn.Mlp;
import dev.reins.algorithms.nn.Network;
import dev.reins.algorithms.nn.NetworkBackend;
import dev.reins.algorithms.nn.Precision;
import dev.reins.algorithms.nn.Widen;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.checkpoint.Checkpointable;
import dev.reins.core.policy.Policy;
import dev.reins.core.space.Box;
import dev.reins.core.space.Discrete;
import dev.reins.core.space.Space;
import dev.reins.core.vector.wrappers.NormalizeVectorObservation;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The policy and value networks of the policy-gradient family (REINFORCE, A2C, PPO, TRPO), as SB3's
 * {@code ActorCriticPolicy} with separate networks: a policy network whose outputs are the logits of a categorical
 * distribution (Discrete actions) or the means of a diagonal Gaussian with a state-independent log-std (bounded Box
 * actions, clipped to the bounds when sent to the env), and a value network. Orthogonal init with gains √2 (hidden),
 * 0.01 (policy output) and 1 (value output).
 *
 * <pre>{@code
 * ActorCritic ac = new ActorCritic(4, new Discrete(2), new int[] {64, 64}, Activation.TANH, Precision.FLOAT32,
 *         NetworkBackend.JAVA, 256, true, initRng);
 * ac.act(obs, numEnvs, rng, envActions, storedActions, logProbs);     // one batched forward
 * ac.evaluate(obs, b, storedActions, logProbs, entropies);           // training forward for a minibatch
 * ac.zeroPolicyGradients();
 * ac.backwardPolicy(dLogProbs, dEntropies);                           // into policyNetwork().gradients(), logStdGradient()
 * }</pre>
 */
public final class ActorCritic implements Checkpointable {
    private final int obsDim;
    private final Box box;
    /** Discrete: number of actions (the logits' width). Continuous: the action dimension (the means' width). */
    private final int outputs;
    private final Network policy;
    private final Network value;
    private final double[] logStd;
    private final double[] logStdGradient;
    /** gSDE's noise, or null for the state-independent log-std. */
    private final StateDependentNoise sde;
    /** gSDE: the policy network's last hidden activations of the last forward, [maxBatch × features]. */
    private final double[] latent;
    private final int maxBatch;
    // Scratch, [maxBatch × outputs]: the last evaluate()'s outputs and log-softmax, reused by backward.
    private final double[] out;
    private final double[] logProbs;
    private final double[] outputGradient;
    private float[] lastActions;
    private int lastBatch = -1;

    /**
     * How the policy is built beyond its layers, as SB3's {@code policy_kwargs} and gSDE settings.
     *
     * @param orthoInit orthogonal init (gains √2, 0.01 for the policy output, 1 for the value) rather than PyTorch's default
     * @param logStdInit the initial log-std (every entry of gSDE's matrix)
     * @param useSde generalized state-dependent exploration ({@link StateDependentNoise}) for Box actions
     * @param sdeSampleFreq gSDE: vector steps between new exploration matrices; −1 once per rollout
     * @param numEnvs gSDE: envs acting at once (one exploration matrix each)
     */
    public record Options(boolean orthoInit, double logStdInit, boolean useSde, int sdeSampleFreq, int numEnvs) {
        /** SB3's defaults: orthogonal init, log-std 0, no gSDE. */
        public static Options defaults() {
            return new Options(true, 0.0, false, -1, 1);
        }
    }

    /** {@link #ActorCritic(int, Space, int[], Activation, Precision, NetworkBackend, int, boolean, RandomGenerator, Options)} with {@link Options#defaults()}. */
    public ActorCritic(int obsDim, Space<?> actionSpace, int[] hidden, Activation activation, Precision precision,
            NetworkBackend backend, int maxBatch, boolean withValue, RandomGenerator init) {
        this(obsDim, actionSpace, hidden, activation, precision, backend, maxBatch, withValue, init, Options.defaults());
    }

    /**
     * @param precision the arithmetic of both networks' passes
     * @param backend what computes the networks (the plain-Java Mlp or DL4J; TRPO's Fisher-vector products need the Mlp)
     * @param withValue whether to build a value network (REINFORCE without a baseline has none)
     * @param maxBatch the largest batch of a training forward
     */
    public ActorCritic(int obsDim, Space<?> actionSpace, int[] hidden, Activation activation, Precision precision,
            NetworkBackend backend, int maxBatch, boolean withValue, RandomGenerator init, Options options) {
        this.obsDim = obsDim;
        this.maxBatch = maxBatch;
        if (actionSpace instanceof Discrete d) {
            this.box = null;
            this.outputs = d.n();
        } else if (actionSpace instanceof Box b && b.isBounded()) {
            this.box = b;
            this.outputs = b.dim();
        } else {
            throw new IllegalArgumentException("a policy-gradient policy needs a Discrete or bounded Box action space, got " + actionSpace);
        }
        Initialization scheme = options.orthoInit() ? Initialization.ORTHOGONAL : Initialization.PYTORCH;
        this.policy = backend.network(Mlp.builder(obsDim, outputs).hidden(hidden).activation(activation)
                .init(scheme, options.orthoInit() ? Math.sqrt(2) : 1, options.orthoInit() ? 0.01 : 1).maxBatch(maxBatch).precision(precision)
                .build(init));
        this.value = withValue ? backend.network(Mlp.builder(obsDim, 1).hidden(hidden).activation(activation)
                .init(scheme, options.orthoInit() ? Math.sqrt(2) : 1, 1.0).maxBatch(maxBatch).precision(precision).build(init)) : null;
        if (options.useSde()) {
            if (box == null) {
                throw new IllegalArgumentException("use_sde needs a Box action space, got " + actionSpace);
            }
            if (hidden.length == 0) {
                throw new IllegalArgumentException("use_sde needs at least one hidden layer (its features), got none");
            }
            int features = hidden[hidden.length - 1];
            this.sde = new StateDependentNoise(features, outputs, options.numEnvs(), options.logStdInit(), options.sdeSampleFreq());
            this.latent = new double[Math.max(maxBatch, options.numEnvs()) * features];
        } else {
            this.sde = null;
            this.latent = null;
        }
        // SB3 starts the log-std at log_std_init (default 0: σ = 1).
        this.logStd = box == null || sde != null ? new double[0] : new double[outputs];
        Arrays.fill(logStd, options.logStdInit());
        this.logStdGradient = new double[logStd.length];
        this.out = new double[maxBatch * outputs];
        this.logProbs = new double[maxBatch * outputs];
        this.outputGradient = new double[maxBatch * outputs];
    }

    /** Whether actions are continuous (a diagonal Gaussian) rather than categorical. */
    public boolean continuous() {
        return box != null;
    }

    /** Values per stored action: 1 for discrete actions, the action dimension for continuous ones. */
    public int actionWidth() {
        return box == null ? 1 : outputs;
    }

    /** The width of the policy network's output (logits or means). */
    public int outputs() {
        return outputs;
    }

    public Network policyNetwork() {
        return policy;
    }

    /** The value network, or null when built without one. */
    public Network valueNetwork() {
        return value;
    }

    /**
     * The log standard deviations (live): the state-independent vector, gSDE's [features × actions] matrix, or empty
     * for discrete actions.
     */
    public double[] logStd() {
        return sde != null ? sde.logStd() : logStd;
    }

    /** dLoss/dlogStd accumulated by {@link #backwardPolicy} (live). */
    public double[] logStdGradient() {
        return sde != null ? sde.logStdGradient() : logStdGradient;
    }

    /**
     * The start of a rollout: gSDE draws every env's exploration matrix for the coming steps; nothing otherwise.
     * Call it before the rollout's first {@link #act}.
     */
    public void startRollout(RandomGenerator rng) {
        if (sde != null) {
            sde.startRollout(rng);
        }
    }

    /** A new env-action array of the right type for {@code n} envs. */
    public Object[] newEnvActions(int n) {
        return box == null ? new Integer[n] : new float[n][outputs];
    }

    /**
     * Samples actions for {@code n} observation rows with one batched forward: {@code envActions[i]} is what env i
     * receives (continuous actions clipped to the bounds, as SB3 does), {@code storedActions} the unclipped sample
     * that log-probabilities refer to, {@code logProbsOut[i]} its log-probability.
     */
    public void act(double[] obs, int n, RandomGenerator rng, Object[] envActions, float[] storedActions, double[] logProbsOut) {
        policy.forward(obs, n, out, false);
        if (sde != null) {
            policy.lastHiddenActivations(n, latent);
            sde.beforeStep(rng);
        }
        for (int i = 0; i < n; i++) {
            if (box == null) {
                CategoricalHead.logSoftmax(out, i, outputs, logProbs);
                int a = CategoricalHead.sample(logProbs, i, outputs, rng);
                envActions[i] = a;
                storedActions[i] = a;
                logProbsOut[i] = logProbs[i * outputs + a];
            } else {
                if (sde != null) {
                    sde.act(latent, out, i, storedActions, i); // log-probabilities below, for all rows at once
                } else {
                    DiagGaussianHead.sample(out, i, logStd, rng, storedActions, i);
                    logProbsOut[i] = DiagGaussianHead.logProb(out, i, logStd, storedActions, i);
                }
                float[] envAction = (float[]) envActions[i];
                for (int j = 0; j < outputs; j++) {
                    envAction[j] = Math.max(box.low(j), Math.min(box.high(j), storedActions[i * outputs + j]));
                }
            }
        }
        if (sde != null) {
            sde.logProbs(latent, out, storedActions, n, logProbsOut);
        }
    }

    /** V of {@code n} observation rows into {@code values} (inference). */
    public void values(double[] obs, int n, double[] values) {
        value.forward(obs, n, values, false);
    }

    /**
     * Training forward of the policy on a minibatch: log π(a_r | s_r) and the entropy of each row, for the stored
     * actions {@code actions} (row-major, {@link #actionWidth()} wide). Keeps what {@link #backwardPolicy} needs.
     */
    public void evaluate(double[] obs, int b, float[] actions, double[] logProbsOut, double[] entropies) {
        policy.forward(obs, b, out, true);
        if (sde != null) {
            policy.lastHiddenActivations(b, latent);
            sde.evaluate(latent, out, actions, b, logProbsOut, entropies);
        } else {
            for (int r = 0; r < b; r++) {
                if (box == null) {
                    CategoricalHead.logSoftmax(out, r, outputs, logProbs);
                    logProbsOut[r] = logProbs[r * outputs + (int) actions[r]];
                    entropies[r] = CategoricalHead.entropy(logProbs, r, outputs);
                } else {
                    logProbsOut[r] = DiagGaussianHead.logProb(out, r, logStd, actions, r);
                    entropies[r] = DiagGaussianHead.entropy(logStd);
                }
            }
        }
        lastActions = actions;
        lastBatch = b;
    }

    /**
     * Backpropagates dLoss/dlog π and dLoss/dH of the last {@link #evaluate} into the policy network's gradients and
     * {@link #logStdGradient()} (both accumulate: zero them first with {@link #zeroPolicyGradients}).
     */
    public void backwardPolicy(double[] dLogProbs, double[] dEntropies) {
        if (lastBatch < 0) {
            throw new IllegalStateException("backwardPolicy() needs a preceding evaluate()");
        }
        if (sde != null) {
            sde.backward(latent, out, lastActions, lastBatch, dLogProbs, dEntropies, outputGradient);
        } else {
            for (int r = 0; r < lastBatch; r++) {
                double dH = dEntropies == null ? 0 : dEntropies[r];
                if (box == null) {
                    CategoricalHead.backward(logProbs, r, outputs, (int) lastActions[r], dLogProbs[r], dH, outputGradient);
                } else {
                    DiagGaussianHead.backward(out, r, logStd, lastActions, r, dLogProbs[r], dH, outputGradient, logStdGradient);
                }
            }
        }
        policy.backward(outputGradient, null);
    }

    /** Zeroes the policy network's gradients and the log-std gradient. */
    public void zeroPolicyGradients() {
        policy.zeroGradients();
        Arrays.fill(logStdGradient, 0);
        if (sde != null) {
            sde.zeroGradients();
        }
    }

    /**
     * The policy's outputs of the last {@link #evaluate} (logits or means, [b × {@link #outputs()}]); live until the
     * next forward.
     */
    public double[] lastOutputs() {
        return out;
    }

    /**
     * The deterministic policy on raw observations: the most likely action (the mean clipped to the bounds for
     * continuous actions), normalizing observations with {@code normalizer}'s current statistics when it is not null.
     */
    public Policy<float[], Object> deterministicPolicy(NormalizeVectorObservation<?> normalizer) {
        float[] normalized = new float[obsDim];
        double[] in = new double[obsDim];
        double[] o = new double[outputs];
        return obs -> mode(input(obs, normalizer, normalized, in), o);
    }

    /** One observation as the network's input row, normalized first when {@code normalizer} is not null. */
    private double[] input(float[] obs, NormalizeVectorObservation<?> normalizer, float[] normalized, double[] in) {
        if (normalizer != null) {
            normalizer.normalize(obs, 0, normalized, 0);
            Widen.copy(normalized, 0, in, 0, obsDim);
        } else {
            Widen.copy(obs, 0, in, 0, obsDim);
        }
        return in;
    }

    /**
     * The most likely action for one input row {@code in} (the mean clipped to the bounds when continuous), using
     * {@code out} ({@link #outputs()} long) as scratch.
     */
    public Object mode(double[] in, double[] out) {
        policy.forward(in, 1, out, false);
        if (box == null) {
            return CategoricalHead.mode(out, 0, outputs);
        }
        float[] action = new float[outputs];
        for (int j = 0; j < outputs; j++) {
            action[j] = (float) Math.max(box.low(j), Math.min(box.high(j), out[j]));
        }
        return action;
    }

    /**
     * The stochastic policy on raw observations: an action sampled with {@code rng} (clipped to the bounds when
     * continuous), as during training — for recording the behaviour rather than its mode.
     */
    public Policy<float[], Object> samplingPolicy(NormalizeVectorObservation<?> normalizer, java.util.random.RandomGenerator rng) {
        float[] normalized = new float[obsDim];
        double[] in = new double[obsDim];
        float[] stored = new float[actionWidth()];
        double[] logProb = new double[1];
        return obs -> {
            Object[] action = newEnvActions(1);
            act(input(obs, normalizer, normalized, in), 1, rng, action, stored, logProb);
            return action[0];
        };
    }

    /** The number of policy parameters: the network's and the log-std's. */
    public int policyParameterCount() {
        return policy.parameters().length + logStd().length;
    }

    /** Copies the policy parameters (network, then log-std) into {@code flat}. */
    public void getPolicyParameters(double[] flat) {
        double[] p = policy.parameters();
        System.arraycopy(p, 0, flat, 0, p.length);
        double[] std = logStd();
        System.arraycopy(std, 0, flat, p.length, std.length);
    }

    /** Sets the policy parameters (network, then log-std) from {@code flat}. */
    public void setPolicyParameters(double[] flat) {
        double[] p = policy.parameters();
        System.arraycopy(flat, 0, p, 0, p.length);
        double[] std = logStd();
        System.arraycopy(flat, p.length, std, 0, std.length);
    }

    /** Copies the policy gradients (network, then log-std) into {@code flat}. */
    public void getPolicyGradients(double[] flat) {
        double[] g = policy.gradients();
        System.arraycopy(g, 0, flat, 0, g.length);
        double[] stdGradient = logStdGradient();
        System.arraycopy(stdGradient, 0, flat, g.length, stdGradient.length);
    }

    /**
     * The mean over {@code b} rows of KL(old ‖ current): {@code oldOutputs}/{@code oldLogStd} describe the old
     * distributions, the current ones are those of the last {@link #evaluate}. Categorical: Σ p_old (log p_old − log
     * p); Gaussian: Σ_j log σ_j/σ_old,j + (σ_old,j² + (μ_old,j − μ_j)²) / (2σ_j²) − ½.
     */
    public double meanKl(double[] oldOutputs, double[] oldLogStd, int b) {
        requireStateIndependentNoise("the mean KL");
        double total = 0;
        if (box == null) {
            double[] oldLogProbs = new double[b * outputs];
            for (int r = 0; r < b; r++) {
                CategoricalHead.logSoftmax(oldOutputs, r, outputs, oldLogProbs);
                for (int j = 0; j < outputs; j++) {
                    double lp = oldLogProbs[r * outputs + j];
                    total += Math.exp(lp) * (lp - logProbs[r * outputs + j]);
                }
            }
        } else {
            for (int r = 0; r < b; r++) {
                for (int j = 0; j < outputs; j++) {
                    double varOld = Math.exp(2 * oldLogStd[j]);
                    double varNew = Math.exp(2 * logStd[j]);
                    double d = oldOutputs[r * outputs + j] - out[r * outputs + j];
                    total += logStd[j] - oldLogStd[j] + (varOld + d * d) / (2 * varNew) - 0.5;
                }
            }
        }
        return total / b;
    }

    /**
     * The Fisher-vector product of the policy at the last {@link #evaluate} (the Hessian of the mean KL(old ‖ ·) at
     * old = current), {@code F·v = (1/b) Σ_r J_rᵀ M_r J_r v} with J the Jacobian of the outputs (forward mode) and M
     * the distribution's Fisher in its outputs: {@code diag(p) − ppᵀ} for logits, {@code 1/σ²} for means and 2 for each
     * log-std. {@code v} and {@code result} are flat policy vectors (network, then log-std).
     */
    public void fisherVectorProduct(double[] v, double[] result) {
        if (lastBatch < 0) {
            throw new IllegalStateException("fisherVectorProduct() needs a preceding evaluate()");
        }
        requireStateIndependentNoise("Fisher-vector products");
        int b = lastBatch;
        int netSize = policy.parameters().length;
        double[] direction = v.length == netSize ? v : Arrays.copyOf(v, netSize);
        double[] jv = jacobianScratch(b);
        if (!(policy instanceof Mlp mlp)) {
            throw new UnsupportedOperationException("Fisher-vector products need the policy's Jacobian-vector product, which only "
                    + "the plain-Java Mlp computes (network_backend: java)");
        }
        mlp.jacobianVectorProduct(direction, jv);
        for (int r = 0; r < b; r++) {
            int row = r * outputs;
            if (box == null) {
                double pDotJv = 0;
                for (int j = 0; j < outputs; j++) {
                    pDotJv += Math.exp(logProbs[row + j]) * jv[row + j];
                }
                for (int j = 0; j < outputs; j++) {
                    outputGradient[row + j] = Math.exp(logProbs[row + j]) * (jv[row + j] - pDotJv) / b;
                }
            } else {
                for (int j = 0; j < outputs; j++) {
                    outputGradient[row + j] = jv[row + j] * Math.exp(-2 * logStd[j]) / b;
                }
            }
        }
        policy.zeroGradients();
        policy.backward(outputGradient, null);
        System.arraycopy(policy.gradients(), 0, result, 0, netSize);
        for (int j = 0; j < logStd.length; j++) {
            result[netSize + j] = 2 * v[netSize + j];
        }
    }

    private double[] jvpScratch;

    private void requireStateIndependentNoise(String what) {
        if (sde != null) {
            throw new UnsupportedOperationException(what + " of a gSDE policy are not implemented (use_sde is PPO's)");
        }
    }

    private double[] jacobianScratch(int b) {
        if (jvpScratch == null) {
            jvpScratch = new double[maxBatch * outputs];
        }
        return jvpScratch;
    }

    public int maxBatch() {
        return maxBatch;
    }

    /**
     * Both networks' parameters and the log-std as bytes (float64, in that order): what a rollout worker's replica
     * loads each round with {@link #loadWeights}, after which it acts exactly as this one.
     */
    public byte[] encodeWeights() {
        requireStateIndependentNoise("rollout-worker weights");
        double[] p = policy.parameters();
        double[] v = value == null ? new double[0] : value.parameters();
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(Double.BYTES * (p.length + v.length + logStd.length));
        out.asDoubleBuffer().put(p).put(v).put(logStd);
        return out.array();
    }

    /** Takes the weights {@link #encodeWeights} encoded, from an actor-critic of the same shape. */
    public void loadWeights(byte[] weights) {
        double[] p = policy.parameters();
        double[] v = value == null ? new double[0] : value.parameters();
        int expected = Double.BYTES * (p.length + v.length + logStd.length);
        if (weights.length != expected) {
            throw new IllegalArgumentException("actor-critic weights of " + weights.length + " bytes; this one holds " + expected);
        }
        java.nio.DoubleBuffer in = java.nio.ByteBuffer.wrap(weights).asDoubleBuffer();
        in.get(p).get(v).get(logStd);
    }

    @Override
    public void save(CheckpointWriter w, String prefix) {
        policy.save(w, prefix + "policy.");
        if (value != null) {
            value.save(w, prefix + "value.");
        }
        if (sde != null) {
            sde.save(w, prefix);
        } else if (box != null) {
            w.putDoubles(prefix + "log_std", logStd);
        }
    }

    @Override
    public void load(CheckpointReader r, String prefix) {
        policy.load(r, prefix + "policy.");
        if (value != null) {
            value.load(r, prefix + "value.");
        }
        if (sde != null) {
            sde.load(r, prefix);
        } else if (box != null) {
            if (r.has(prefix + "sde_exploration")) {
                throw new dev.reins.core.checkpoint.CheckpointException("the checkpoint's policy was trained with use_sde: true; this one has use_sde: false");
            }
            System.arraycopy(r.doubles(prefix + "log_std", logStd.length), 0, logStd, 0, logStd.length);
        }
    }
}
