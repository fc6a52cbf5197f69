package dev.reins.bench.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reins.algorithms.grpo.Grpo;
import dev.reins.algorithms.grpo.GrpoConfig;
import dev.reins.algorithms.rollout.Replica;
import dev.reins.algorithms.rollout.ReplicaFactory;
import dev.reins.algorithms.rollout.RolloutSession;
import dev.reins.algorithms.rollout.RolloutWorkers;
import dev.reins.algorithms.rollout.ThreadRolloutWorkers;
import dev.reins.llm.env.TokenEnv;
import dev.reins.llm.env.TokenizedPrompts;
import dev.reins.llm.generate.DecodingConfig;
import dev.reins.llm.model.Parameter;
import dev.reins.llm.model.Transformer;
import dev.reins.llm.model.TransformerConfig;
import dev.reins.llm.reward.PromptExample;
import dev.reins.llm.reward.RegexFormatReward;
import dev.reins.llm.rl.TokenGroupWorkerSetup;
import dev.reins.llm.rl.TransformerSequencePolicy;
import dev.reins.llm.tokenizer.ByteTokenizer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.junit.jupiter.api.Test;

/** Rollout workers as Spark tasks in local[2]: GRPO's run equals the threads', even when a task dies and is retried. */
class SparkRolloutWorkersTest {
    private static final ByteTokenizer TOK = ByteTokenizer.withDefaultSpecials();
    private static final int EOS = TOK.endOfText();
    private static final TokenEnv.Limits LIMITS = new TokenEnv.Limits(3, 8, 0, EOS);
    private static final List<PromptExample> PROMPTS = List.of(new PromptExample("a=", null), new PromptExample("b=", null),
            new PromptExample("c=", null));
    private static final TokenizedPrompts ENCODED = TokenizedPrompts.encode(TOK, PROMPTS);
    private static final RegexFormatReward ASCII_FIRST =
            new RegexFormatReward("^[\\x00-\\x7f]"); // about half of random bytes: a learning signal from the first round
    /** Rounds collected by worker 0's replicas in this JVM; the fourth one's first attempt fails. */
    static final AtomicInteger WORKER_ZERO_ROUNDS = new AtomicInteger();
    static final AtomicInteger FAILURES = new AtomicInteger();

    /** Spark workers whose worker 0 dies after collecting its fourth round on the first attempt, as a lost executor. */
    static final class FailingOnce implements RolloutWorkers {
        private final RolloutWorkers spark;

        FailingOnce(RolloutWorkers spark) {
            this.spark = spark;
        }

        @Override
        public int count() {
            return spark.count();
        }

        @Override
        public <I extends Serializable, R extends Serializable> RolloutSession<I, R> open(ReplicaFactory<I, R> factory) {
            return spark.open(dying(factory));
        }

        private static <I extends Serializable, R extends Serializable> ReplicaFactory<I, R> dying(ReplicaFactory<I, R> factory) {
            return worker -> {
                Replica<I, R> replica = factory.create(worker);
                return (weights, share) -> {
                    R result = replica.collect(weights, share);
                    if (worker == 0 && WORKER_ZERO_ROUNDS.incrementAndGet() == 4 && TaskContext.get().attemptNumber() == 0) {
                        FAILURES.incrementAndGet();
                        throw new IllegalStateException("simulated executor loss after collecting");
                    }
                    return result;
                };
            };
        }

        @Override
        public void close() {
            spark.close();
        }
    }

    private static List<float[]> train(RolloutWorkers workers) {
        Transformer model = Transformer.create(new TransformerConfig(TOK.vocabSize(), 8, 16, 1, 2, 32), 3);
        DecodingConfig sampling = DecodingConfig.sampling(3, EOS);
        GrpoConfig config = GrpoConfig.defaults().withStartsPerIteration(3).withGroupSize(4).withMinibatchSize(6).withLearningRate(1e-2)
                .withKlCoefficient(0.05).withMaxEpisodeSteps(3);
        Grpo<int[]> grpo = new Grpo<>(new TransformerSequencePolicy(model, sampling), () -> new TokenEnv(ENCODED, ASCII_FIRST, LIMITS),
                config, 7).withRolloutWorkers(workers, TokenGroupWorkerSetup.of(model, sampling, ENCODED, ASCII_FIRST, LIMITS));
        for (int i = 0; i < 6; i++) {
            grpo.iterate();
        }
        List<float[]> weights = new ArrayList<>();
        for (Parameter p : model.parameters().all()) {
            weights.add(p.value().data().asFloat());
        }
        return weights;
    }

    @Test
    void sparkTasksTrainAsThreadsDoAndARetriedTaskChangesNothing() {
        List<float[]> threads;
        try (RolloutWorkers two = new ThreadRolloutWorkers(2)) {
            threads = train(two);
        }
        List<float[]> spark;
        try (RolloutWorkers two = new FailingOnce(new SparkRolloutWorkers("local[2,2]", 2))) {
            spark = train(two);
        }
        assertEquals(1, FAILURES.get(), "one task failed and was retried");
        assertEquals(threads.size(), spark.size());
        for (int i = 0; i < threads.size(); i++) {
            assertArrayEquals(threads.get(i), spark.get(i), "tensor " + i);
        }
    }
}
