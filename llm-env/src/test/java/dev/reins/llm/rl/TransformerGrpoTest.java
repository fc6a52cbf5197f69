package dev.reins.llm.rl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.algorithms.grpo.Grpo;
import dev.reins.algorithms.grpo.GrpoConfig;
import dev.reins.algorithms.grpo.GrpoMetrics;
import dev.reins.llm.env.TokenEnv;
import dev.reins.llm.generate.DecodingConfig;
import dev.reins.llm.model.Transformer;
import dev.reins.llm.model.TransformerConfig;
import dev.reins.llm.model.TransformerParameters;
import dev.reins.llm.reward.PromptExample;
import dev.reins.llm.reward.RegexFormatReward;
import dev.reins.llm.tokenizer.ByteTokenizer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class TransformerGrpoTest {
    @Test
    void grpoTeachesAnUntrainedTransformerToAnswerWithADigit() {
        ByteTokenizer tok = ByteTokenizer.withDefaultSpecials();
        int eos = tok.endOfText();
        Transformer model = Transformer.create(new TransformerConfig(tok.vocabSize(), 6, 16, 1, 2, 32), 1);
        // Reward: the one-token answer is a digit. A random 260-way policy hits one of 10 digits 4 % of the time.
        RegexFormatReward digit = new RegexFormatReward("^[0-9]$");
        TokenEnv.Limits limits = new TokenEnv.Limits(1, 6, 0, eos);
        List<PromptExample> prompts = List.of(new PromptExample("a=", null), new PromptExample("b=", null));
        GrpoConfig config = GrpoConfig.defaults().withStartsPerIteration(4).withGroupSize(16).withMinibatchSize(64)
                .withLearningRate(1e-2).withKlCoefficient(0).withMaxEpisodeSteps(1);
        Grpo<int[]> grpo = new Grpo<>(new TransformerSequencePolicy(model, DecodingConfig.sampling(1, eos)),
                () -> new TokenEnv(tok, prompts, digit, limits), config, 4);
        GrpoMetrics first = grpo.iterate();
        GrpoMetrics m = first;
        double best = 0;
        for (int i = 0; i < 40; i++) {
            m = grpo.iterate();
            best = Math.max(best, m.rewardMean());
        }
        assertTrue(first.rewardMean() < 0.2, "first " + first.rewardMean());
        assertTrue(m.rewardMean() > 0.8, "last " + m.rewardMean() + " (first " + first.rewardMean() + ")");
    }

    @Test
    void aResumedRunEqualsAnUninterruptedOneAndTheReferenceSavesNoOptimizerState(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        ByteTokenizer tok = ByteTokenizer.withDefaultSpecials();
        int eos = tok.endOfText();
        TokenEnv.Limits limits = new TokenEnv.Limits(2, 6, 0, eos);
        List<PromptExample> prompts = List.of(new PromptExample("a=", null), new PromptExample("b=", null));
        RegexFormatReward digit = new RegexFormatReward("^[0-9]");
        // beta > 0 keeps a frozen reference; two minibatches per iteration.
        GrpoConfig config = GrpoConfig.defaults().withStartsPerIteration(2).withGroupSize(4).withMinibatchSize(4)
                .withLearningRate(1e-2).withKlCoefficient(0.05).withMaxEpisodeSteps(2);
        java.util.function.Supplier<Grpo<int[]>> make = () -> new Grpo<>(new TransformerSequencePolicy(
                Transformer.create(new TransformerConfig(tok.vocabSize(), 6, 16, 1, 2, 32), 3), DecodingConfig.sampling(2, eos)),
                () -> new TokenEnv(tok, prompts, digit, limits), config, 5);
        Grpo<int[]> straight = make.get();
        for (int i = 0; i < 3; i++) {
            straight.iterate();
        }
        Grpo<int[]> first = make.get();
        first.iterate();
        first.iterate();
        dev.reins.core.checkpoint.CheckpointWriter w = new dev.reins.core.checkpoint.CheckpointWriter();
        first.save(w, "grpo.");
        w.writeTo(dir.resolve("grpo.ckpt"));
        dev.reins.core.checkpoint.CheckpointReader in = dev.reins.core.checkpoint.CheckpointReader.read(dir.resolve("grpo.ckpt"));
        assertTrue(in.names().stream().anyMatch(n -> n.startsWith("grpo.policy.optimizer.")));
        assertTrue(in.names().stream().noneMatch(n -> n.startsWith("grpo.reference.optimizer.")), "a frozen reference has no optimizer state");
        Grpo<int[]> resumed = make.get();
        resumed.load(in, "grpo.");
        resumed.iterate();
        TransformerSequencePolicy a = (TransformerSequencePolicy) straight.policy();
        TransformerSequencePolicy b = (TransformerSequencePolicy) resumed.policy();
        for (var p : a.model().parameters().all()) {
            org.junit.jupiter.api.Assertions.assertEquals(p.value(), b.model().parameters().get(p.name()).value(), p.name());
        }
    }
}
