package dev.reins.llm.search;

import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.reward.RewardModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Runs many searches at once and batches their forward passes. Each search runs on its own thread until it asks for
 * a forward pass (or ends); once every live search is waiting, the requests are answered by one batched call per model
 * (in search order), and the searches go on. What a round batches is decided by the searches alone, never by thread
 * timing, so the results are the same on every run. A forward pass of the tiny models costs about the same for one row
 * as for hundreds, so this makes a held-out evaluation hundreds of times faster than searching prompt by prompt. All
 * model calls happen on the caller's thread.
 *
 * <pre>{@code
 * List<TokenSearch.Outcome> out = LockstepSearches.run(lm, prm, examples.size(), (calls, i) -> search.run(..., calls));
 * }</pre>
 */
public final class LockstepSearches {
    private static final int ROWS_PER_CALL = 256;

    private LockstepSearches() {}

    private static final class Request {
        final int search;
        final boolean policy;
        final int[] sequence;
        Object result;

        Request(int search, boolean policy, int[] sequence) {
            this.search = search;
            this.policy = policy;
            this.sequence = sequence;
        }
    }

    /** The shared state of one run: requests of the current round, and how many searches are live and waiting. */
    private static final class Round {
        final List<Request> pending = new ArrayList<>();
        int live;
        int waiting;
        long generation;
        Throwable failure;
    }

    /**
     * Runs {@code task(calls, i)} for i in 0 .. count − 1, each on its own thread with {@code calls} that batch; returns
     * the results in index order.
     */
    public static <R> List<R> run(LanguageModel policy, RewardModel valueModel, int count, BiFunction<ModelCalls, Integer, R> task) {
        Round round = new Round();
        round.live = count;
        Object[] results = new Object[count];
        Thread[] threads = new Thread[count];
        for (int i = 0; i < count; i++) {
            int index = i;
            ModelCalls calls = new ModelCalls() {
                @Override
                public double[] policyLogits(int[] sequence) {
                    return (double[]) await(round, new Request(index, true, sequence));
                }

                @Override
                public double valueScore(int[] sequence) {
                    return (Double) await(round, new Request(index, false, sequence));
                }
            };
            threads[i] = new Thread(() -> {
                try {
                    results[index] = task.apply(calls, index);
                } catch (Throwable t) {
                    synchronized (round) {
                        round.failure = round.failure == null ? t : round.failure;
                    }
                } finally {
                    synchronized (round) {
                        round.live--;
                        round.notifyAll();
                    }
                }
            }, "reins-search-" + i);
            threads[i].setDaemon(true);
            threads[i].setPriority(Thread.NORM_PRIORITY);
        }
        for (Thread t : threads) {
            t.start();
        }
        while (true) {
            List<Request> batch;
            synchronized (round) {
                while (round.live > 0 && round.waiting < round.live) {
                    waitOn(round);
                }
                if (round.live == 0) {
                    break;
                }
                batch = new ArrayList<>(round.pending);
                round.pending.clear();
            }
            batch.sort((a, b) -> Integer.compare(a.search, b.search));
            try {
                answer(policy, valueModel, batch);
            } catch (RuntimeException | Error e) {
                synchronized (round) {
                    round.failure = round.failure == null ? e : round.failure; // the waiting searches see it and stop
                }
            }
            synchronized (round) {
                round.waiting = 0;
                round.generation++;
                round.notifyAll();
            }
        }
        if (round.failure instanceof RuntimeException e) {
            throw e;
        }
        if (round.failure instanceof Error e) {
            throw e;
        }
        if (round.failure != null) {
            throw new IllegalStateException(round.failure);
        }
        @SuppressWarnings("unchecked")
        List<R> out = (List<R>) Arrays.asList(results);
        return out;
    }

    private static Object await(Round round, Request request) {
        synchronized (round) {
            long generation = round.generation;
            round.pending.add(request);
            round.waiting++;
            round.notifyAll();
            while (round.generation == generation) {
                waitOn(round);
            }
            if (request.result == null) {
                throw new IllegalStateException("the batched forward pass failed", round.failure);
            }
            return request.result;
        }
    }

    private static void answer(LanguageModel policy, RewardModel valueModel, List<Request> batch) {
        List<Request> policyRequests = batch.stream().filter(r -> r.policy).toList();
        List<Request> valueRequests = batch.stream().filter(r -> !r.policy).toList();
        int vocab = policy.transformer().config().vocabSize();
        for (int from = 0; from < policyRequests.size(); from += ROWS_PER_CALL) {
            List<Request> chunk = policyRequests.subList(from, Math.min(policyRequests.size(), from + ROWS_PER_CALL));
            double[] logits = policy.transformer().lastLogits(chunk.stream().map(r -> r.sequence).toList());
            for (int r = 0; r < chunk.size(); r++) {
                chunk.get(r).result = Arrays.copyOfRange(logits, r * vocab, (r + 1) * vocab);
            }
        }
        for (int from = 0; from < valueRequests.size(); from += ROWS_PER_CALL) {
            List<Request> chunk = valueRequests.subList(from, Math.min(valueRequests.size(), from + ROWS_PER_CALL));
            if (valueModel == null) {
                throw new IllegalStateException("a search asked for a value but there is no process reward model");
            }
            double[] scores = valueModel.forward(chunk.stream().map(r -> r.sequence).toList()).rewards();
            for (int r = 0; r < chunk.size(); r++) {
                chunk.get(r).result = scores[r];
            }
        }
    }

    private static void waitOn(Object monitor) {
        try {
            monitor.wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while searches were running", e);
        }
    }
}
