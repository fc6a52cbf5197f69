package dev.reins.llm.rl;

import dev.reins.algorithms.grpo.Episode;
import dev.reins.algorithms.grpo.SequencePolicy;
import dev.reins.algorithms.rlhf.SequenceCritic;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.model.LoraConfig;
import dev.reins.llm.model.Parameter;
import dev.reins.llm.model.ParameterGradients;
import dev.reins.llm.model.ScalarHead;
import dev.reins.llm.model.TensorCheckpoints;
import dev.reins.llm.model.Transformer;
import dev.reins.llm.optim.AdamW;
import dev.reins.llm.reward.RewardModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A PPO-RLHF critic: a value head {@code v_head} (weight and bias) on the hidden state of the last token before each
 * action — the value of the prompt plus the completion so far. On its own backbone, made from the reward model (TRL's
 * default: same backbone, head started from the score head) or from a language model (fresh head), trained with
 * AdamW through the hidden-only graph; or on the policy's backbone ({@link #sharingBackbone}).
 *
 * <pre>{@code
 * TransformerCritic critic = TransformerCritic.fromRewardModel(rewardModel, AdamW.Settings.defaults());
 * double[] v = critic.values(episodes);      // [episodes, longest completion]
 * }</pre>
 */
public final class TransformerCritic implements SequenceCritic<int[]> {
    private final Transformer backbone;
    private final ScalarHead head;
    private final AdamW optimizer;
    private final ParameterGradients gradients;
    /** Where the backbone's gradient goes: this critic's own buffers, or the policy's when the backbone is shared. */
    private final ParameterGradients backboneGradients;
    private final boolean shared;

    private TransformerCritic(Transformer backbone, ScalarHead head, AdamW.Settings settings, TransformerSequencePolicy sharedWith) {
        this.backbone = backbone;
        this.head = head;
        this.shared = sharedWith != null;
        this.optimizer = new AdamW(trainable(), settings);
        this.gradients = new ParameterGradients(trainable());
        this.backboneGradients = shared ? sharedWith.gradients() : gradients;
    }

    /**
     * A value head on the policy's own backbone (one model, as in PPO implementations that share the trunk): the
     * value loss's backbone gradient is added to the policy's gradient before the policy steps, so the backbone takes
     * one step on the policy loss plus {@code value_coefficient} × the value loss; this critic's optimizer steps only
     * the head, and its checkpoint holds only the head.
     */
    public static TransformerCritic sharingBackbone(TransformerSequencePolicy policy, AdamW.Settings settings, long seed) {
        Transformer backbone = policy.model();
        return new TransformerCritic(backbone, ScalarHead.create("v_head", backbone.config().dModel(), true, seed, backbone.dtype()), settings,
                policy);
    }

    /** A copy of the reward model's backbone with a value head started from its score head (bias 0). */
    public static TransformerCritic fromRewardModel(RewardModel rm, AdamW.Settings settings, LoraConfig lora, long seed) {
        Transformer backbone = rm.backbone().copy();
        backbone.parameters().all().forEach(p -> p.setTrainable(true));
        if (lora != null) {
            backbone.addLora(lora, seed);
        }
        ScalarHead fresh = ScalarHead.create("v_head", backbone.config().dModel(), true, seed, backbone.dtype());
        fresh.weight().value().assign(rm.head().weight().value());
        return new TransformerCritic(backbone, fresh, settings, null);
    }

    /** A copy of the language model's backbone (its head dropped) with a fresh value head. */
    public static TransformerCritic fromLanguageModel(LanguageModel lm, AdamW.Settings settings, LoraConfig lora, long seed) {
        Transformer backbone = new Transformer(lm.transformer().parameters().withoutLanguageModelHead().copy());
        if (lora != null) {
            backbone.addLora(lora, seed);
        }
        return new TransformerCritic(backbone, ScalarHead.create("v_head", backbone.config().dModel(), true, seed, backbone.dtype()),
                settings, null);
    }

    public Transformer backbone() {
        return backbone;
    }

    public ScalarHead head() {
        return head;
    }

    /** What this critic's optimizer steps: the head, and the backbone's trainable tensors unless they are the policy's. */
    private List<Parameter> trainable() {
        List<Parameter> out = new ArrayList<>(shared ? List.of() : backbone.parameters().trainable());
        out.addAll(head.parameters());
        return out;
    }

    @Override
    public double[] values(List<Episode<int[]>> episodes) {
        List<int[]> states = states(episodes);
        return valuesFrom(episodes, backbone.hiddenStates(states), Transformer.columns(states));
    }

    @Override
    public void accumulateGradient(List<Episode<int[]>> episodes, double[] valueWeights) {
        accumulateGradient(episodes, values -> valueWeights);
    }

    /** Takes the hidden states once for the values and for the head's gradient (the plain path takes them twice). */
    @Override
    public double[] accumulateGradient(List<Episode<int[]>> episodes, Function<double[], double[]> loss) {
        int cols = SequencePolicy.columns(episodes);
        List<int[]> states = states(episodes);
        int d = backbone.config().dModel();
        int width = Transformer.columns(states);
        double[] hidden = backbone.hiddenStates(states);
        double[] values = valuesFrom(episodes, hidden, width);
        double[] valueWeights = loss.apply(values);
        double[] hiddenGradient = new double[hidden.length];
        ScalarHead.Gradient g = head.gradient();
        for (int r = 0; r < episodes.size(); r++) {
            int start = episodes.get(r).firstObservation().length - 1;
            for (int t = 0; t < episodes.get(r).actions().length; t++) {
                int at = (r * width + start + t) * d;
                g.backward(valueWeights[r * cols + t], hidden, at, hiddenGradient, at);
            }
        }
        g.addTo(gradients);
        if (!backbone.parameters().trainable().isEmpty()) {
            backbone.backwardThroughHidden(states, hiddenGradient, backboneGradients);
        }
        return values;
    }

    /** V at every step: the head on the hidden state of the last token before each action. */
    private double[] valuesFrom(List<Episode<int[]>> episodes, double[] hidden, int width) {
        int cols = SequencePolicy.columns(episodes);
        int d = backbone.config().dModel();
        double[] w = head.weights();
        double[] out = new double[episodes.size() * cols];
        for (int r = 0; r < episodes.size(); r++) {
            int start = episodes.get(r).firstObservation().length - 1;
            for (int t = 0; t < episodes.get(r).actions().length; t++) {
                out[r * cols + t] = head.apply(w, hidden, (r * width + start + t) * d);
            }
        }
        return out;
    }

    /** The gradient accumulated since the last {@link #applyGradient} (what a finite-difference test compares). */
    ParameterGradients gradients() {
        return gradients;
    }

    @Override
    public double applyGradient(double learningRate, double maxGradNorm) {
        return optimizer.clipAndStep(gradients, learningRate, maxGradNorm);
    }

    /** Each episode's prompt and completion without its last action: the states its actions were taken in. */
    private static List<int[]> states(List<Episode<int[]>> episodes) {
        List<int[]> out = new ArrayList<>(episodes.size());
        for (Episode<int[]> e : episodes) {
            int[] prompt = e.firstObservation();
            int[] seq = Arrays.copyOf(prompt, prompt.length + e.actions().length - 1);
            System.arraycopy(e.actions(), 0, seq, prompt.length, e.actions().length - 1);
            out.add(seq);
        }
        return out;
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        if (!shared) {
            TensorCheckpoints.putAll(out, prefix + "parameters.", backbone.parameters());
        }
        for (Parameter p : head.parameters()) {
            TensorCheckpoints.put(out, prefix + p.name(), p.value());
        }
        optimizer.save(out, prefix + "optimizer.");
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        if (!shared) {
            TensorCheckpoints.getAll(in, prefix + "parameters.", backbone.parameters());
        }
        for (Parameter p : head.parameters()) {
            TensorCheckpoints.get(in, prefix + p.name(), p.value());
        }
        optimizer.load(in, prefix + "optimizer.");
    }
}
