package dev.reins.llm.optim;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.checkpoint.Checkpointable;
import dev.reins.llm.model.NdArrays;
import dev.reins.llm.model.Parameter;
import dev.reins.llm.model.ParameterGradients;
import dev.reins.llm.model.TensorCheckpoints;
import dev.reins.llm.model.TransformerParameters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * AdamW (Loshchilov &amp; Hutter) as PyTorch's {@code torch.optim.AdamW} computes it: the weights first decay by
 * {@code lr · weight_decay}, then take the bias-corrected Adam step with ε added after the square root. Moments are
 * kept in the parameters' dtype (float32 for a float32 model) and only for parameters that are trainable; weight
 * decay applies to matrices and embeddings, not to biases and layer-norm gains (the usual GPT-2 recipe).
 *
 * <pre>{@code
 * AdamW adamW = new AdamW(model.parameters(), AdamW.Settings.defaults().withWeightDecay(0.01));
 * grads.clipGlobalNorm(1.0);
 * adamW.step(grads, 3e-4);
 * }</pre>
 */
public final class AdamW implements Checkpointable {
    /**
     * @param beta1 decay of the first moment
     * @param beta2 decay of the second moment
     * @param epsilon added to the root of the second moment
     * @param weightDecay decoupled weight decay per unit of learning rate (0 = Adam)
     */
    public record Settings(double beta1, double beta2, double epsilon, double weightDecay) {
        public Settings {
            if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && epsilon > 0 && weightDecay >= 0)) {
                throw new IllegalArgumentException("AdamW needs betas in [0, 1), epsilon > 0 and weight_decay >= 0, got " + beta1 + ", "
                        + beta2 + ", " + epsilon + ", " + weightDecay);
            }
        }

        /** PyTorch's Adam defaults without weight decay. */
        public static Settings defaults() {
            return new Settings(0.9, 0.999, 1e-8, 0.0);
        }

        public Settings withWeightDecay(double weightDecay) {
            return new Settings(beta1, beta2, epsilon, weightDecay);
        }
    }

    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Settings settings;
    private final Map<String, INDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, INDArray> secondMoments = new LinkedHashMap<>();
    private long steps;

    /** State for every parameter of {@code parameters} that is trainable now. */
    public AdamW(TransformerParameters parameters, Settings settings) {
        this(parameters.trainable(), settings);
    }

    /**
     * State for each of {@code trainable} — a model's trainable tensors together with those of a head on it (a
     * reward model's score, a critic's value head).
     */
    public AdamW(List<Parameter> trainable, Settings settings) {
        this.settings = settings;
        for (Parameter p : trainable) {
            parameters.put(p.name(), p);
            firstMoments.put(p.name(), p.value().ulike().assign(0));
            secondMoments.put(p.name(), p.value().ulike().assign(0));
        }
    }

    /** Optimizer steps taken. */
    public long steps() {
        return steps;
    }

    /**
     * The step every trainer takes: clip {@code gradients} to global norm {@code maxGradNorm}, update with learning
     * rate {@code lr} unless the norm is not finite (then nothing is applied), and clear the gradients. Returns the
     * norm before clipping, so the caller can stop on divergence.
     */
    public double clipAndStep(ParameterGradients gradients, double lr, double maxGradNorm) {
        double norm = gradients.globalNorm();
        if (Double.isFinite(norm)) {
            // The clipping factor is applied inside the update, not by a pass over the gradients first.
            update(gradients, lr, norm > maxGradNorm ? maxGradNorm / (norm + 1e-6) : 1.0);
        }
        gradients.zero();
        return norm;
    }

    /** One update of every parameter that has state, from {@code gradients} (not modified), with learning rate {@code lr}. */
    public void step(ParameterGradients gradients, double lr) {
        update(gradients, lr, 1.0);
    }

    private void update(ParameterGradients gradients, double lr, double gradientScale) {
        steps++;
        double c1 = 1 - Math.pow(settings.beta1(), steps);
        double c2 = 1 - Math.pow(settings.beta2(), steps);
        for (Map.Entry<String, INDArray> e : firstMoments.entrySet()) {
            String name = e.getKey();
            INDArray g = gradients.get(name);
            if (g == null) {
                throw new IllegalStateException("AdamW has state for '" + name + "' but the gradients have no buffer for it");
            }
            INDArray w = parameters.get(name).value();
            INDArray m = e.getValue();
            INDArray v = secondMoments.get(name);
            double decay = settings.weightDecay() > 0 && w.rank() >= 2 ? 1 - lr * settings.weightDecay() : 1;
            int n = Math.toIntExact(w.length());
            if (w.dataType() == DataType.FLOAT) {
                AdamWKernels.updateFloat(NdArrays.bytes(w), NdArrays.bytes(g), NdArrays.bytes(m), NdArrays.bytes(v), n, (float) gradientScale,
                        (float) decay, (float) settings.beta1(), (float) settings.beta2(), (float) (lr / c1), (float) Math.sqrt(c2),
                        (float) settings.epsilon());
            } else {
                AdamWKernels.updateDouble(NdArrays.bytes(w), NdArrays.bytes(g), NdArrays.bytes(m), NdArrays.bytes(v), n, gradientScale, decay,
                        settings.beta1(), settings.beta2(), lr / c1, Math.sqrt(c2), settings.epsilon());
            }
        }
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        for (String name : firstMoments.keySet()) {
            TensorCheckpoints.put(out, prefix + "m." + name, firstMoments.get(name));
            TensorCheckpoints.put(out, prefix + "v." + name, secondMoments.get(name));
        }
        out.putLongs(prefix + "steps", new long[] {steps});
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        for (String name : firstMoments.keySet()) {
            TensorCheckpoints.get(in, prefix + "m." + name, firstMoments.get(name));
            TensorCheckpoints.get(in, prefix + "v." + name, secondMoments.get(name));
        }
        steps = in.longs(prefix + "steps", 1)[0];
    }
}
