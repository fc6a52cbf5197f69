package dev.reins.algorithms.alphazero;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/**
 * Plays independent games on a few threads, each thread with its own worker (its copies of the networks, which are not
 * thread-safe). Game {@code i} depends only on its index and the workers' identical parameters, so the results — returned
 * in index order — are the same for any number of threads.
 *
 * <pre>{@code
 * ParallelGames<PolicyValueNetwork<S>> games = new ParallelGames<>(2, w -> network.copy());
 * List<SelfPlay.Game> played = games.map(100, (net, i) -> SelfPlay.play(net, search, 8, new Rng(seeds[i])));
 * }</pre>
 */
final class ParallelGames<W> {
    private final List<W> workers = new ArrayList<>();

    ParallelGames(int threads, IntFunction<W> worker) {
        for (int t = 0; t < threads; t++) {
            workers.add(worker.apply(t));
        }
    }

    /** The workers, to refresh their parameters between batches of games. */
    List<W> workers() {
        return workers;
    }

    /** {@code task(worker, i)} for i in 0 .. count − 1, on all threads; results in index order. */
    <R> List<R> map(int count, BiFunction<W, Integer, R> task) {
        Object[] results = new Object[count];
        AtomicInteger nextIndex = new AtomicInteger();
        Throwable[] failure = new Throwable[1];
        Thread[] threads = new Thread[workers.size()];
        for (int t = 0; t < threads.length; t++) {
            W worker = workers.get(t);
            threads[t] = new Thread(() -> {
                try {
                    for (int i = nextIndex.getAndIncrement(); i < count; i = nextIndex.getAndIncrement()) {
                        results[i] = task.apply(worker, i);
                    }
                } catch (RuntimeException | Error e) {
                    synchronized (failure) {
                        failure[0] = failure[0] == null ? e : failure[0];
                    }
                    nextIndex.set(count); // the others stop after their current game
                }
            }, "reins-games-" + t);
            threads[t].setDaemon(true);
            threads[t].start();
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while games were being played", e);
            }
        }
        if (failure[0] instanceof RuntimeException e) {
            throw e;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        List<R> out = (List<R>) Arrays.asList(results);
        return out;
    }
}
