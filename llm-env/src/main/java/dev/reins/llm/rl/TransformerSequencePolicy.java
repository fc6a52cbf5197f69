package dev.reins.llm.rl;

import dev.reins.algorithms.grpo.Episode;
import dev.reins.algorithms.grpo.SequencePolicy;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.llm.generate.Completion;
import dev.reins.llm.generate.DecodingConfig;
import dev.reins.llm.generate.Generator;
import dev.reins.llm.model.ParameterGradients;
import dev.reins.llm.model.TensorCheckpoints;
import dev.reins.llm.model.TrainableWeights;
import dev.reins.llm.model.Transformer;
import dev.reins.llm.optim.AdamW;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The transformer as a GRPO policy over a token env: observations are token ids (the prompt first), actions are
 * next tokens. Acting samples every row's completion in one batched KV-cache pass (the token env's observation is
 * always the prompt plus the actions so far, so this equals choosing token by token), then hands the tokens to the
 * env one step at a time. Scores are the teacher-forced log-probs of each completion token under the distribution
 * that sampled it (the sampler's temperature, top-k and top-p: {@link DecodingConfig#distribution()}), so the
 * importance ratio, the KL to the reference and the entropy are those of the sampling policy; updates go through
 * {@link AdamW} on the model's trainable tensors.
 *
 * <pre>{@code
 * var policy = new TransformerSequencePolicy(model, DecodingConfig.sampling(4, eos));
 * Grpo<int[]> grpo = new Grpo<>(policy, () -> new TokenEnv(...), config, seed);
 * }</pre>
 */
public final class TransformerSequencePolicy implements SequencePolicy<int[]> {
    private final Transformer model;
    private final DecodingConfig sampling;
    private final AdamW.Settings optimizerSettings;
    private ParameterGradients gradients;
    private AdamW optimizer;
    /** A frozen reference: never trained, so its checkpoint holds only its parameters. */
    private boolean frozen;

    /** A policy trained with Adam (AdamW without weight decay). */
    public TransformerSequencePolicy(Transformer model, DecodingConfig sampling) {
        this(model, sampling, AdamW.Settings.defaults());
    }

    public TransformerSequencePolicy(Transformer model, DecodingConfig sampling, AdamW.Settings optimizerSettings) {
        this.model = model;
        this.sampling = sampling;
        this.optimizerSettings = optimizerSettings;
    }

    public Transformer model() {
        return model;
    }

    @Override
    public EpisodeActor<int[]> actor(List<int[]> firstObservations, long seed) {
        List<int[]> prompts = new ArrayList<>(firstObservations);
        List<Completion> completions = Generator.generate(model, prompts, sampling, seed);
        return (row, observation) -> {
            int[] prompt = prompts.get(row);
            int k = observation.length - prompt.length;
            int[] tokens = completions.get(row).tokens();
            if (k < 0 || k >= tokens.length) {
                throw new IllegalStateException("row " + row + ": the env asks for completion token " + k + " but the model stopped after "
                        + tokens.length + " (the env's stop tokens and max_new_tokens must match the sampler's: " + sampling + ")");
            }
            return tokens[k];
        };
    }

    @Override
    public Scores score(List<Episode<int[]>> episodes) {
        return completionScores(episodes, model.score(sequences(episodes), sampling.distribution(), completionStarts(episodes)));
    }

    /** Per episode, the position whose next token is its first action (the last prompt token). */
    private static int[] completionStarts(List<Episode<int[]>> episodes) {
        int[] from = new int[episodes.size()];
        for (int r = 0; r < from.length; r++) {
            from[r] = episodes.get(r).firstObservation().length - 1;
        }
        return from;
    }

    /** The completion tokens' scores, [episodes, longest completion], from the whole sequences'. */
    private static Scores completionScores(List<Episode<int[]>> episodes, Transformer.Scores s) {
        int cols = SequencePolicy.columns(episodes);
        double[] logp = new double[episodes.size() * cols];
        double[] entropy = new double[logp.length];
        for (int r = 0; r < episodes.size(); r++) {
            int start = episodes.get(r).firstObservation().length - 1;
            for (int t = 0; t < episodes.get(r).actions().length; t++) {
                logp[r * cols + t] = s.logProb(r, start + t);
                entropy[r * cols + t] = s.entropy(r, start + t);
            }
        }
        return new Scores(logp, entropy, episodes.size(), cols);
    }

    @Override
    public void accumulateGradient(List<Episode<int[]>> episodes, double[] logpWeights, double[] entropyWeights) {
        List<int[]> sequences = sequences(episodes);
        model.backward(sequences, sampling.distribution(), sequenceWeights(episodes, sequences, logpWeights),
                entropyWeights == null ? null : sequenceWeights(episodes, sequences, entropyWeights), null, gradients());
    }

    /** Completion-step weights [episodes, longest completion] placed at their tokens' positions in the whole sequences. */
    private static double[] sequenceWeights(List<Episode<int[]>> episodes, List<int[]> sequences, double[] weights) {
        int cols = SequencePolicy.columns(episodes);
        int width = Transformer.columns(sequences);
        double[] w = new double[episodes.size() * width];
        for (int r = 0; r < episodes.size(); r++) {
            int start = episodes.get(r).firstObservation().length - 1;
            for (int t = 0; t < episodes.get(r).actions().length; t++) {
                w[r * width + start + t] = weights[r * cols + t];
            }
        }
        return w;
    }

    /** One forward pass for both the scores and the gradient ({@link Transformer#scoreForBackward}). */
    @Override
    public Scores accumulateGradient(List<Episode<int[]>> episodes, java.util.function.Function<Scores, LossWeights> loss) {
        List<int[]> sequences = sequences(episodes);
        Transformer.ScoredBatch scored = model.scoreForBackward(sequences, sampling.distribution(), completionStarts(episodes));
        Scores now = completionScores(episodes, scored.scores());
        LossWeights w = loss.apply(now);
        scored.backward(sequenceWeights(episodes, sequences, w.logpWeights()),
                w.entropyWeights() == null ? null : sequenceWeights(episodes, sequences, w.entropyWeights()), null, gradients());
        return now;
    }

    @Override
    public double applyGradient(double learningRate, double maxGradNorm) {
        return optimizer().clipAndStep(gradients(), learningRate, maxGradNorm);
    }

    /** The trainable tensors' bytes ({@link TrainableWeights}): a rollout worker's replica holds the frozen ones already. */
    @Override
    public byte[] samplingWeights() {
        return TrainableWeights.encode(model);
    }

    @Override
    public void loadSamplingWeights(byte[] weights) {
        TrainableWeights.load(model, weights);
    }

    @Override
    public SequencePolicy<int[]> frozenCopy() {
        TransformerSequencePolicy copy = new TransformerSequencePolicy(model.copy(), sampling, optimizerSettings);
        copy.frozen = true;
        return copy;
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        TensorCheckpoints.putAll(out, prefix + "parameters.", model.parameters());
        if (!frozen) {
            optimizer().save(out, prefix + "optimizer.");
        }
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        TensorCheckpoints.getAll(in, prefix + "parameters.", model.parameters());
        if (!frozen) {
            optimizer().load(in, prefix + "optimizer.");
        }
    }

    /**
     * Made on first use, so a frozen reference copy never allocates gradient buffers or optimizer state (a GPT-2's
     * AdamW moments alone are 1 GB).
     */
    ParameterGradients gradients() {
        if (gradients == null) {
            gradients = new ParameterGradients(model.parameters());
        }
        return gradients;
    }

    private AdamW optimizer() {
        if (optimizer == null) {
            optimizer = new AdamW(model.parameters(), optimizerSettings);
        }
        return optimizer;
    }

    private static List<int[]> sequences(List<Episode<int[]>> episodes) {
        List<int[]> out = new ArrayList<>(episodes.size());
        for (Episode<int[]> e : episodes) {
            int[] prompt = e.firstObservation();
            int[] seq = Arrays.copyOf(prompt, prompt.length + e.actions().length);
            System.arraycopy(e.actions(), 0, seq, prompt.length, e.actions().length);
            out.add(seq);
        }
        return out;
    }
}
