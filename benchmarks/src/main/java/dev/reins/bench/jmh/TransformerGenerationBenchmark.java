package dev.reins.bench.jmh;

import dev.reins.llm.model.KvCacheSession;
import dev.reins.llm.model.Transformer;
import dev.reins.llm.model.TransformerConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Greedy generation of 24 tokens after an 8-token prompt for a batch of 16 with the RLVR demo's transformer shape
 * (d = 64, 2 layers, 4 heads) and a 32-token context: with the KV cache (one token per step) and without (a
 * full-context forward per token). One operation = the whole batch's 24 tokens.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TransformerGenerationBenchmark {
    private static final int PROMPT = 8;
    private static final int NEW_TOKENS = 24;
    private static final int BATCH = 16;

    @Param({"true", "false"})
    public boolean kvCache;

    private Transformer model;
    private List<int[]> prompts;

    @Setup
    public void setup() {
        model = Transformer.create(new TransformerConfig(260, 32, 64, 2, 4, 256), 0);
        prompts = new ArrayList<>();
        for (int r = 0; r < BATCH; r++) {
            int[] p = new int[PROMPT];
            for (int i = 0; i < PROMPT; i++) {
                p[i] = '0' + (r + i) % 10;
            }
            prompts.add(p);
        }
    }

    @Benchmark
    public int generate() {
        int v = model.config().vocabSize();
        List<int[]> seqs = new ArrayList<>(prompts);
        if (kvCache) {
            try (KvCacheSession s = model.startSession(BATCH)) {
                double[] logits = null;
                int[] feed = new int[BATCH];
                for (int t = 0; t < PROMPT + NEW_TOKENS - 1; t++) {
                    for (int r = 0; r < BATCH; r++) {
                        feed[r] = t < PROMPT ? prompts.get(r)[t] : argmax(logits, r * v, v);
                    }
                    logits = s.step(feed);
                }
                return argmax(logits, 0, v);
            }
        }
        for (int n = 0; n < NEW_TOKENS; n++) {
            double[] logits = model.lastLogits(seqs);
            for (int r = 0; r < BATCH; r++) {
                int[] s = Arrays.copyOf(seqs.get(r), seqs.get(r).length + 1);
                s[s.length - 1] = argmax(logits, r * v, v);
                seqs.set(r, s);
            }
        }
        return seqs.get(0)[PROMPT];
    }

    private static int argmax(double[] x, int offset, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (x[offset + j] > x[offset + best]) {
                best = j;
            }
        }
        return best;
    }
}
