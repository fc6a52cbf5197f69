package dev.reins.algorithms.nn;

import java.lang.ref.WeakReference;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs {@code body(i)} for {@code i} in {@code [0, n)} on up to {@code threads} threads — the caller and
 * {@code threads − 1} daemon helpers — and returns when all are done. Meant for coarse, independent pieces of work such
 * as the twin critics of TD3 and SAC (each has its own network, optimizer and buffers), so results do not depend on the
 * thread count: what each {@code i} computes is the same, and callers combine per-index results in index order.
 *
 * <pre>{@code
 * ParallelFor parallel = new ParallelFor(2);
 * // target critic 0 on the caller, target critic 1 on the helper, each into its own output
 * parallel.run(2, i -> targets[i].forward(nextObs, nextActions, b, q[i], false));
 * }</pre>
 *
 * <p>A helper spins for a while after each piece before it parks: the next call usually comes within a millisecond,
 * and waking a parked thread on a virtual machine costs tens of microseconds (a pool's park/unpark hand-off gave TD3
 * only 1.2× where its critics are 70 % of the work). The spinning shows as CPU time. Helpers start on first use and end
 * once the instance is garbage, so nothing needs closing.
 */
public final class ParallelFor {
    /** How long an idle helper spins before it parks. */
    private static final long SPIN_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final int threads;
    private final Helper[] helpers;
    /** A call is in progress: a nested call (a piece that itself calls run) runs serially on its thread. */
    private volatile boolean running;
    /** Calls that used the helpers (tests check that a split really happened). */
    private long parallelRuns;

    /** {@code threads} ≥ 1; 1 runs everything on the caller. */
    public ParallelFor(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.helpers = new Helper[threads - 1];
    }

    long parallelRuns() {
        return parallelRuns;
    }

    /**
     * {@code body(i)} for every {@code i < n}: with {@code t = min(threads, n)} workers, worker {@code w} takes the indices
     * {@code i ≡ w (mod t)} in increasing order, worker 0 being the caller. The first failure is rethrown after all end.
     * Not for concurrent callers: one thread drives an instance (a nested call from inside a piece runs serially).
     */
    public void run(int n, IntConsumer body) {
        int workers = running ? 1 : Math.min(threads, n);
        if (workers <= 1) {
            for (int i = 0; i < n; i++) {
                body.accept(i);
            }
            return;
        }
        running = true;
        parallelRuns++;
        try {
            runOnWorkers(n, workers, body);
        } finally {
            running = false;
        }
    }

    private void runOnWorkers(int n, int workers, IntConsumer body) {
        for (int w = 1; w < workers; w++) {
            int worker = w;
            helper(w - 1).give(() -> {
                for (int i = worker; i < n; i += workers) {
                    body.accept(i);
                }
            });
        }
        Throwable failure = null;
        try {
            for (int i = 0; i < n; i += workers) {
                body.accept(i);
            }
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (int w = 1; w < workers; w++) {
            Throwable f = helpers[w - 1].await();
            failure = failure == null ? f : failure;
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
    }

    private Helper helper(int k) {
        if (helpers[k] == null || !helpers[k].isAlive()) {
            helpers[k] = new Helper(this);
            helpers[k].start();
        }
        return helpers[k];
    }

    /** One helper thread: takes a piece, runs it, reports; spins between pieces, then parks. */
    private static final class Helper extends Thread {
        private final WeakReference<ParallelFor> owner;
        private volatile Runnable piece;
        private volatile boolean done = true;
        private volatile boolean parked;
        private volatile Throwable failure;

        Helper(ParallelFor owner) {
            super("reins-parallel-for");
            setDaemon(true);
            this.owner = new WeakReference<>(owner);
        }

        void give(Runnable work) {
            failure = null;
            done = false;
            piece = work;
            if (parked) { // volatile write of piece, then read of parked: the helper either sees the piece or is unparked
                LockSupport.unpark(this);
            }
        }

        Throwable await() {
            long start = System.nanoTime();
            while (!done) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield(); // the helper is slow or descheduled: let it have the core
                }
            }
            return failure;
        }

        @Override
        public void run() {
            while (true) {
                Runnable work = waitForPiece();
                if (work == null) {
                    return; // the owner is garbage
                }
                try {
                    work.run();
                } catch (Throwable t) {
                    failure = t;
                }
                piece = null; // no reference to the owner's work while idle
                done = true;
            }
        }

        private Runnable waitForPiece() {
            long start = System.nanoTime();
            while (true) {
                Runnable work = piece;
                if (work != null) {
                    return work;
                }
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                if (piece == null) {
                    LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
                }
                parked = false;
                if (piece == null && owner.get() == null) {
                    return null;
                }
            }
        }
    }
}
