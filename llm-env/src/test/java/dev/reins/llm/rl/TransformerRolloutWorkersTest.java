package dev.reins.llm.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.algorithms.grpo.Grpo;
import dev.reins.algorithms.grpo.GrpoConfig;
import dev.reins.algorithms.rollout.RolloutWorkers;
import dev.reins.algorithms.rollout.ThreadRolloutWorkers;
import dev.reins.llm.env.TokenEnv;
import dev.reins.llm.env.TokenizedPrompts;
import dev.reins.llm.generate.Completion;
import dev.reins.llm.generate.DecodingConfig;
import dev.reins.llm.generate.Generator;
import dev.reins.llm.model.LoraConfig;
import dev.reins.llm.model.Parameter;
import dev.reins.llm.model.TrainableWeights;
import dev.reins.llm.model.Transformer;
import dev.reins.llm.model.TransformerConfig;
import dev.reins.llm.model.TransformerImage;
import dev.reins.llm.reward.PromptExample;
import dev.reins.llm.reward.RegexFormatReward;
import dev.reins.llm.reward.RewardFunction;
import dev.reins.llm.rl.TransformerSequencePolicy;
import dev.reins.llm.tokenizer.ByteTokenizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** GRPO on a transformer with rollout workers: replicas rebuilt from serialized data sample as the learner would. */
class TransformerRolloutWorkersTest {
    private static final ByteTokenizer TOK = ByteTokenizer.withDefaultSpecials();
    private static final int EOS = TOK.endOfText();
    private static final TokenEnv.Limits LIMITS = new TokenEnv.Limits(3, 8, 0, EOS);
    private static final List<PromptExample> PROMPTS = List.of(new PromptExample("a=", null), new PromptExample("b=", null),
            new PromptExample("c=", null));
    private static final TokenizedPrompts ENCODED = TokenizedPrompts.encode(TOK, PROMPTS);
    private static final RegexFormatReward ASCII_FIRST =
            new RegexFormatReward("^[\\x00-\\x7f]"); // about half of random bytes: a learning signal from the first round

    private static Transformer model(boolean lora) {
        Transformer m = Transformer.create(new TransformerConfig(TOK.vocabSize(), 8, 16, 1, 2, 32), 3);
        if (lora) {
            m.addLora(new LoraConfig(2, 4, List.of("c_attn", "c_fc")), 5);
        }
        return m;
    }

    @Test
    void aModelImageRebuiltFromItsSerializedFormIsTheSameModel() {
        for (boolean lora : new boolean[] {false, true}) {
            Transformer original = model(lora);
            // Make the adapters' B non-zero, so the adapters change outputs.
            original.parameters().trainable().forEach(p -> p.value().addi(Nd4j.rand(p.value().dataType(), p.shape()).muli(0.1)));
            Transformer rebuilt = ((TransformerImage) roundTrip(TransformerImage.of(original))).build();
            assertEquals(original.parameters().lora(), rebuilt.parameters().lora());
            for (Parameter p : original.parameters().all()) {
                Parameter q = rebuilt.parameters().get(p.name());
                assertEquals(p.value(), q.value(), p.name());
                assertEquals(p.isTrainable(), q.isTrainable(), p.name());
            }
            DecodingConfig sampling = DecodingConfig.sampling(3, EOS);
            List<int[]> prompts = List.of(TOK.encode("a="), TOK.encode("bc="));
            assertEquals(tokens(Generator.generate(original, prompts, sampling, 11)), tokens(Generator.generate(rebuilt, prompts, sampling, 11)));
        }
    }

    @Test
    void trainableWeightsCarryTheLearnersUpdatesAndRefuseAnotherShape() {
        Transformer learner = model(true);
        Transformer replica = TransformerImage.of(learner).build();
        learner.parameters().trainable().forEach(p -> p.value().addi(0.25));
        TrainableWeights.load(replica, TrainableWeights.encode(learner));
        for (Parameter p : learner.parameters().all()) {
            assertEquals(p.value(), replica.parameters().get(p.name()).value(), p.name());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainableWeights.load(model(false), TrainableWeights.encode(learner)));
        assertTrue(e.getMessage().contains("trainable tensors"), e.getMessage());
    }

    @Test
    void aSetupWithAnUnserializableRewardIsRefused() {
        RewardFunction lambda = (example, completion) -> 1.0;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokenGroupWorkerSetup.of(model(false),
                DecodingConfig.sampling(3, EOS), ENCODED, lambda, LIMITS));
        assertTrue(e.getMessage().contains("serializable"), e.getMessage());
    }

    private static GrpoConfig config() {
        // beta > 0 and two minibatches, so the learner's scoring, reference and updates all run.
        return GrpoConfig.defaults().withStartsPerIteration(3).withGroupSize(4).withMinibatchSize(6).withLearningRate(1e-2)
                .withKlCoefficient(0.05).withMaxEpisodeSteps(3);
    }

    /** The trained weights after {@code iterations} GRPO iterations with {@code workers} (null: none). */
    private static float[] train(RolloutWorkers workers, boolean lora, int iterations) {
        Transformer model = model(lora);
        DecodingConfig sampling = DecodingConfig.sampling(3, EOS);
        Grpo<int[]> grpo = new Grpo<>(new TransformerSequencePolicy(model, sampling), () -> new TokenEnv(ENCODED, ASCII_FIRST, LIMITS),
                config(), 7);
        if (workers != null) {
            // The setup goes through serialization, as Spark ships it.
            grpo.withRolloutWorkers(workers, (TokenGroupWorkerSetup) roundTrip(TokenGroupWorkerSetup.of(model, sampling, ENCODED,
                    ASCII_FIRST, LIMITS)));
        }
        for (int i = 0; i < iterations; i++) {
            grpo.iterate();
        }
        return model.parameters().trainable().stream().map(p -> p.value().data().asFloat())
                .reduce((a, b) -> { float[] c = java.util.Arrays.copyOf(a, a.length + b.length); System.arraycopy(b, 0, c, a.length, b.length); return c; })
                .orElseThrow();
    }

    @Test
    void oneWorkerTrainsExactlyAsTheLearnerAloneWithAndWithoutLora() {
        for (boolean lora : new boolean[] {false, true}) {
            try (RolloutWorkers one = new ThreadRolloutWorkers(1)) {
                assertArrayEquals(train(null, lora, 4), train(one, lora, 4), "lora " + lora);
            }
        }
    }

    @Test
    void twoWorkersRepeatTheirRunAndDifferFromOne() {
        float[] a;
        float[] b;
        try (RolloutWorkers two = new ThreadRolloutWorkers(2)) {
            a = train(two, false, 4);
        }
        try (RolloutWorkers two = new ThreadRolloutWorkers(2)) {
            b = train(two, false, 4);
        }
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, train(null, false, 4)), "worker 1 samples from its own stream");
    }

    private static List<List<Integer>> tokens(List<Completion> completions) {
        return completions.stream().map(c -> java.util.Arrays.stream(c.tokens()).boxed().toList()).toList();
    }

    static Object roundTrip(Object o) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
            out.flush();
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return in.readObject();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot serialize " + o.getClass().getName(), e);
        }
    }
}
