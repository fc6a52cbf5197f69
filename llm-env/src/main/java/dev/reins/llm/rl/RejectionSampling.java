package dev.reins.llm.rl;

import dev.reins.llm.data.PromptCompletion;
import dev.reins.llm.generate.BestOfN;
import dev.reins.llm.generate.DecodingConfig;
import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.reward.PromptExample;
import dev.reins.llm.reward.RewardFunction;
import dev.reins.llm.sft.SftConfig;
import dev.reins.llm.sft.SftTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Rejection-sampling fine-tuning (best-of-N distillation, as in Llama 2's RLHF and RAFT): each round samples N
 * completions of a fresh set of prompts from the current model, keeps the one the reward function scores highest per
 * prompt, and fine-tunes the model on those by SFT; then repeats with the improved model.
 *
 * <pre>{@code
 * RejectionSampling.Round r = new RejectionSampling(rewardModel, new RejectionSampling.Config(2, 256, 8, sftConfig))
 *         .run(lm, prompts, DecodingConfig.sampling(12, eos), 0L, System.out::println).get(1);
 * }</pre>
 */
public final class RejectionSampling {
    /**
     * @param rounds sample → select → SFT rounds
     * @param promptsPerRound prompts drawn (with replacement) for each round
     * @param samplesPerPrompt N
     * @param sft the fine-tuning of each round
     */
    public record Config(int rounds, int promptsPerRound, int samplesPerPrompt, SftConfig sft) {
        public Config {
            if (rounds <= 0 || promptsPerRound <= 0 || samplesPerPrompt <= 1) {
                throw new IllegalArgumentException("rejection sampling needs rounds > 0, prompts_per_round > 0 and samples_per_prompt > 1, got "
                        + rounds + ", " + promptsPerRound + ", " + samplesPerPrompt);
            }
        }
    }

    /** What one round kept: the mean reward of the selected completions and of all samples. */
    public record Round(int round, double selectedReward, double sampleReward) {}

    private final RewardFunction reward;
    private final Config config;

    public RejectionSampling(RewardFunction reward, Config config) {
        this.reward = reward;
        this.config = config;
    }

    /** Runs every round on {@code lm} (trained in place). */
    public List<Round> run(LanguageModel lm, List<PromptExample> prompts, DecodingConfig sampling, long seed, Consumer<String> progress) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Round> rounds = new ArrayList<>();
        for (int round = 1; round <= config.rounds(); round++) {
            List<PromptExample> drawn = new ArrayList<>(config.promptsPerRound());
            for (int i = 0; i < config.promptsPerRound(); i++) {
                drawn.add(prompts.get(rng.nextInt(prompts.size())));
            }
            List<BestOfN.Choice> choices = BestOfN.selectAll(lm, drawn, config.samplesPerPrompt(), reward, sampling, rng.nextLong(), 256);
            List<PromptCompletion> kept = new ArrayList<>(choices.size());
            double selected = 0;
            double all = 0;
            for (int i = 0; i < choices.size(); i++) {
                kept.add(new PromptCompletion(drawn.get(i).prompt(), choices.get(i).best()));
                selected += choices.get(i).bestReward();
                all += choices.get(i).rewards().stream().mapToDouble(Double::doubleValue).average().orElse(0);
            }
            SftTrainer sft = new SftTrainer(lm, kept, List.of(), config.sft(), rng.nextLong());
            while (!sft.finished()) {
                sft.step();
            }
            Round r = new Round(round, selected / choices.size(), all / choices.size());
            rounds.add(r);
            progress.accept(String.format("  rejection sampling round %d: kept best of %d (reward %.3f vs %.3f for a sample), SFT %d steps",
                    round, config.samplesPerPrompt(), r.selectedReward(), r.sampleReward(), config.sft().steps()));
        }
        return rounds;
    }
}
