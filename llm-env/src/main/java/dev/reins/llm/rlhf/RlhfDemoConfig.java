package dev.reins.llm.rlhf;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.reins.algorithms.grpo.GrpoConfig;
import dev.reins.algorithms.loss.ClippedSurrogateLoss;
import dev.reins.algorithms.rlhf.PpoRlhfConfig;
import dev.reins.llm.model.TransformerConfig;
import dev.reins.llm.preference.DpoConfig;
import dev.reins.llm.preference.RewardModelConfig;
import dev.reins.llm.sft.SftConfig;
import java.util.List;

/**
 * Everything the RLHF demo runs with. The first value of each list of β (or N) is the method's main setting, the one
 * {@code summary.json} reports under {@code methods}; every value is a point of the reward–KL frontier.
 *
 * <pre>{@code
 * RlhfDemoConfig c = RlhfDemoConfig.quick();   // or standard()
 * }</pre>
 *
 * @param sftExamples SFT reviews
 * @param preferencePairs training pairs for the reward model and DPO / IPO
 * @param heldOutPairs held-out pairs for the reward model's accuracy
 * @param evalPrompts held-out prompts every method is measured on
 * @param rlPrompts prompts PPO, GRPO and rejection sampling train on
 * @param labelTemperature τ of the Bradley–Terry labels: P(a ≻ b) = σ((gold_a − gold_b) / τ)
 * @param maxNewTokens completion length limit when sampling
 * @param model transformer shape (vocabulary = the byte tokenizer's)
 * @param sft SFT of the base model on the reviews
 * @param rewardModel reward-model training
 * @param ppo PPO-RLHF settings (its kl_coefficient is replaced by each value of ppoKlCoefficients)
 * @param ppoIterations PPO iterations per setting
 * @param ppoKlCoefficients β values of PPO
 * @param dpo DPO settings (beta and loss_type replaced per run)
 * @param dpoBetas β values of DPO (sigmoid loss)
 * @param ipoBetas β values of IPO
 * @param grpo GRPO settings (kl_coefficient replaced per run), rewarded by the reward model
 * @param grpoIterations GRPO iterations per setting
 * @param grpoKlCoefficients β values of GRPO
 * @param bestOfN the N of best-of-N
 * @param rejectionRounds rounds of rejection-sampling fine-tuning
 * @param rejectionSamples N per prompt in rejection sampling
 * @param rejectionPrompts prompts per rejection-sampling round
 * @param rejectionSft the SFT of each rejection-sampling round
 */
public record RlhfDemoConfig(
        @JsonProperty("sft_examples") int sftExamples,
        @JsonProperty("preference_pairs") int preferencePairs,
        @JsonProperty("held_out_pairs") int heldOutPairs,
        @JsonProperty("eval_prompts") int evalPrompts,
        @JsonProperty("rl_prompts") int rlPrompts,
        @JsonProperty("label_temperature") double labelTemperature,
        @JsonProperty("max_new_tokens") int maxNewTokens,
        @JsonProperty("model") TransformerConfig model,
        @JsonProperty("sft") SftConfig sft,
        @JsonProperty("reward_model") RewardModelConfig rewardModel,
        @JsonProperty("ppo") PpoRlhfConfig ppo,
        @JsonProperty("ppo_iterations") int ppoIterations,
        @JsonProperty("ppo_kl_coefficients") List<Double> ppoKlCoefficients,
        @JsonProperty("dpo") DpoConfig dpo,
        @JsonProperty("dpo_betas") List<Double> dpoBetas,
        @JsonProperty("ipo_betas") List<Double> ipoBetas,
        @JsonProperty("grpo") GrpoConfig grpo,
        @JsonProperty("grpo_iterations") int grpoIterations,
        @JsonProperty("grpo_kl_coefficients") List<Double> grpoKlCoefficients,
        @JsonProperty("best_of_n") List<Integer> bestOfN,
        @JsonProperty("rejection_rounds") int rejectionRounds,
        @JsonProperty("rejection_samples") int rejectionSamples,
        @JsonProperty("rejection_prompts") int rejectionPrompts,
        @JsonProperty("rejection_sft") SftConfig rejectionSft) {

    public RlhfDemoConfig {
        if (sftExamples <= 0 || preferencePairs <= 0 || heldOutPairs <= 0 || evalPrompts <= 0 || rlPrompts <= 0 || maxNewTokens <= 0
                || ppoIterations <= 0 || grpoIterations <= 0) {
            throw new IllegalArgumentException("rlhf-demo needs positive sft_examples, preference_pairs, held_out_pairs, eval_prompts, "
                    + "rl_prompts, max_new_tokens, ppo_iterations and grpo_iterations");
        }
        if (!(labelTemperature > 0)) {
            throw new IllegalArgumentException("label_temperature must be > 0, got " + labelTemperature);
        }
        for (List<?> list : List.of(ppoKlCoefficients, dpoBetas, ipoBetas, grpoKlCoefficients, bestOfN)) {
            if (list == null || list.isEmpty()) {
                throw new IllegalArgumentException("rlhf-demo needs at least one value in ppo_kl_coefficients, dpo_betas, ipo_betas, "
                        + "grpo_kl_coefficients and best_of_n");
            }
        }
    }

    static final int BYTE_VOCAB = 260;

    /**
     * The README demo (about 3 minutes on two cores): 2,000 SFT reviews, 4,000 + 1,000 preference pairs with labels at
     * τ = 0.1, the RLVR demo's 2-layer transformer (136k parameters), PPO at β 0.1 (main), 0.03, 0.3, 1; DPO at β 0.1
     * (main), 0.03, 0.3, 1; IPO at β 0.5 (main; at 2 its target margin, 1/(2β) = 0.25 nats a token, barely moves the
     * model), 2, 8; GRPO with the reward model at β 0.1, 0.3; best-of-4 (main), 2, 8, 16, 32; two rounds of
     * rejection sampling.
     */
    public static RlhfDemoConfig standard() {
        return new RlhfDemoConfig(2000, 4000, 1000, 400, 2000, 0.1, 10,
                new TransformerConfig(BYTE_VOCAB, 40, 64, 2, 4, 256).withTiedEmbeddings(false),
                new SftConfig(600, 64, 2e-3, 30, 1.0, 200),
                new RewardModelConfig(500, 32, 1e-3, 30, 1.0, 0.0, 0.01, 100),
                new PpoRlhfConfig(32, 2, 32, 5e-4, 1e-3, 0.2, 0.2, 0.1, 1.0, 0.95, 0.1, ClippedSurrogateLoss.KlEstimator.K1, false, 6.0,
                        10_000, 1.0, Double.NaN, false, 0.0, 1.0, 16),
                100, List.of(0.1, 0.03, 0.3, 1.0),
                new DpoConfig(300, 32, 5e-4, 20, 1.0, 0.0, 0.1, "sigmoid", 0.0, 0.5, 0), List.of(0.1, 0.03, 0.3, 1.0), List.of(0.5, 2.0, 8.0),
                GrpoConfig.defaults().withStartsPerIteration(8).withGroupSize(8).withMinibatchSize(64).withLearningRate(5e-4), 60,
                List.of(0.1, 0.3),
                List.of(4, 2, 8, 16, 32), 2, 8, 512, new SftConfig(100, 64, 5e-4, 10, 1.0, 0));
    }

    /** The CI version: the same task and model, smaller data, one setting per method, shorter training. */
    public static RlhfDemoConfig quick() {
        RlhfDemoConfig s = standard();
        return new RlhfDemoConfig(1000, 800, 300, 150, 500, s.labelTemperature(), s.maxNewTokens(), s.model(),
                new SftConfig(300, 64, 2e-3, 30, 1.0, 0), new RewardModelConfig(150, 32, 1e-3, 20, 1.0, 0.0, 0.01, 0),
                s.ppo(), 30, List.of(0.1), s.dpo().withSteps(200), List.of(0.1), List.of(0.5), s.grpo(), 15, List.of(0.1), List.of(4), 1, 4, 256,
                s.rejectionSft());
    }
}
