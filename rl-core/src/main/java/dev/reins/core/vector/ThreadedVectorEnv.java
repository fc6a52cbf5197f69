package dev.reins.core.vector;

import dev.reins.core.env.Env;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Steps contiguous slices of its envs on a fixed pool of worker threads, for envs whose step is expensive enough to
 * pay for the hand-off. Each env has its own generator and writes only its own rows, so results equal
 * {@link SyncVectorEnv}'s for the same seed.
 *
 * <pre>{@code
 * try (VectorEnv<float[]> envs = new ThreadedVectorEnv<>(envList, AutoresetMode.NEXT_STEP, 2)) { ... }
 * }</pre>
 */
public final class ThreadedVectorEnv<A> extends EnvListVectorEnv<A> {
    private final ExecutorService pool;
    private final List<int[]> slices = new ArrayList<>();
    private A[] current;

    public ThreadedVectorEnv(List<Env<float[], A>> envs, AutoresetMode mode, int threads) {
        super(envs, mode);
        if (threads <= 0) {
            throw new IllegalArgumentException("ThreadedVectorEnv needs threads > 0, got " + threads);
        }
        int workers = Math.min(threads, envs.size());
        for (int w = 0; w < workers; w++) {
            slices.add(new int[] {w * envs.size() / workers, (w + 1) * envs.size() / workers});
        }
        pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "reins-vector-env");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    protected void stepAll(A[] actions) {
        current = actions;
        List<Callable<Void>> tasks = new ArrayList<>(slices.size());
        for (int[] slice : slices) {
            tasks.add(() -> {
                stepRange(slice[0], slice[1], current);
                return null;
            });
        }
        try {
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stepping envs", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        super.close();
    }
}
