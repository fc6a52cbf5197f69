package dev.reins.llm.generate;

import dev.reins.algorithms.nn.CategoricalHead;
import dev.reins.llm.model.KvCacheSession;
import dev.reins.llm.model.Transformer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Beam search for one prompt: keeps the {@code beams} highest-log-prob continuations, finishes a beam when it emits
 * a stop token, and returns the finished (or, at the length limit, unfinished) beam with the best
 * log-prob / length^{@code lengthPenalty} (1 = mean log-prob per token, 0 = total log-prob).
 *
 * <pre>{@code
 * Completion best = BeamSearch.search(model, promptIds, 4, 8, 1.0, eos);
 * }</pre>
 */
public final class BeamSearch {
    private BeamSearch() {}

    private record Beam(int[] tokens, double logProb, boolean finished) {}

    public static Completion search(Transformer model, int[] prompt, int beams, int maxNewTokens, double lengthPenalty,
            int... stopTokens) {
        if (beams <= 0) {
            throw new IllegalArgumentException("beam search needs beams > 0, got " + beams);
        }
        int ctx = model.config().contextLength();
        int vocab = model.config().vocabSize();
        if (prompt.length == 0 || prompt.length >= ctx) {
            throw new IllegalArgumentException("prompt has " + prompt.length + " tokens; it needs 1.." + (ctx - 1)
                    + " to leave room in the context of " + ctx);
        }
        DecodingConfig stops = DecodingConfig.greedy(maxNewTokens, stopTokens);
        List<Beam> finished = new ArrayList<>();
        try (KvCacheSession session = model.startSession(beams)) {
            int[] feed = new int[beams];
            double[] logits = null;
            for (int t = 0; t < prompt.length; t++) {
                Arrays.fill(feed, prompt[t]);
                logits = session.step(feed);
            }
            List<Beam> live = new ArrayList<>(List.of(new Beam(new int[0], 0, false)));
            for (int step = 0; step < maxNewTokens && !live.isEmpty(); step++) {
                // Candidates: every live beam (row b of the session) extended by every token.
                List<double[]> candidates = new ArrayList<>(); // {row, token, logProb}
                double[] logp = new double[logits.length];
                for (int b = 0; b < live.size(); b++) {
                    CategoricalHead.logSoftmax(logits, b, vocab, logp);
                    for (int j = 0; j < vocab; j++) {
                        candidates.add(new double[] {b, j, live.get(b).logProb() + logp[b * vocab + j]});
                    }
                }
                candidates.sort((x, y) -> x[2] != y[2] ? Double.compare(y[2], x[2]) : Double.compare(x[1], y[1]));
                List<Beam> next = new ArrayList<>();
                int[] sources = new int[beams];
                for (double[] c : candidates) {
                    if (next.size() == beams) {
                        break;
                    }
                    Beam parent = live.get((int) c[0]);
                    int[] tokens = Arrays.copyOf(parent.tokens(), parent.tokens().length + 1);
                    tokens[tokens.length - 1] = (int) c[1];
                    if (stops.isStop((int) c[1])) {
                        finished.add(new Beam(tokens, c[2], true));
                    } else {
                        sources[next.size()] = (int) c[0];
                        next.add(new Beam(tokens, c[2], false));
                    }
                }
                boolean contextFull = prompt.length + step + 1 >= ctx;
                if (finished.size() >= beams || next.isEmpty() || step == maxNewTokens - 1 || contextFull) {
                    if (finished.size() < beams) {
                        finished.addAll(next); // out of length: unfinished beams compete too
                    }
                    break;
                }
                for (int r = next.size(); r < beams; r++) {
                    sources[r] = sources[0]; // spare rows shadow a live one
                }
                session.reorder(sources);
                for (int r = 0; r < beams; r++) {
                    Beam b = next.get(Math.min(r, next.size() - 1));
                    feed[r] = b.tokens()[b.tokens().length - 1];
                }
                logits = session.step(feed);
                live = next;
            }
        }
        Beam best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Beam b : finished) {
            double score = b.logProb() / Math.pow(Math.max(1, b.tokens().length), lengthPenalty);
            if (score > bestScore) {
                best = b;
                bestScore = score;
            }
        }
        return new Completion(best.tokens(), best.finished(), null);
    }
}
