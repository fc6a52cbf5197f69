package dev.reins.llm.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.SessionMemMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reuses the arrays a SameDiff graph call allocates in the next calls. SameDiff 1.0.0-M2.1 releases almost none of
 * the intermediates of a gradient calculation (a toy-model SFT step allocated 375 arrays and released 2), so each call
 * allocated every activation afresh and the old ones stayed in native memory until the garbage collector found them
 * — a third of a step's time went to allocation, and a GPT-2-small step's discarded activations piled up to many GB.
 *
 * <p>The owner calls {@link #recycle()} once it has read (or copied) everything a graph call returned: from then on
 * every array handed out during that call may be handed out again to a request of the same type and shape. Arrays
 * the owner closed are dropped, and free arrays no call has asked for during the last {@link #IDLE_CALLS_KEPT}
 * calls are closed, so the pool holds about the working set of the recent calls.
 *
 * <p>Installed on the calling thread's sessions of a graph ({@link #attach}); not thread-safe, like the
 * {@link Transformer} that owns it.
 */
final class RecyclingMemory implements SessionMemMgr {
    /** Calls a free array may go unused before it is closed, by default. */
    static final int IDLE_CALLS_KEPT = 4;

    private record Shape(DataType type, List<Long> dims) {
        static Shape of(DataType type, long[] shape) {
            List<Long> dims = new ArrayList<>(shape.length);
            for (long s : shape) {
                dims.add(s);
            }
            return new Shape(type, dims);
        }
    }

    private record Free(INDArray array, long sinceCall) {}

    private final Map<Shape, ArrayDeque<Free>> free = new HashMap<>();
    /** By identity: INDArray.equals compares contents. */
    private final java.util.Set<INDArray> handedOut = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private int idleCallsKept = IDLE_CALLS_KEPT;
    private long calls;
    private long reused;
    private long allocated;

    /** Makes this the memory manager of the current thread's sessions of {@code graph} and of its gradient function. */
    void attach(SameDiff graph) {
        install(graph);
        if (graph.getFunction("grad") != null) {
            install(graph.getFunction("grad"));
        }
    }

    private void install(SameDiff sd) {
        long thread = Thread.currentThread().getId();
        InferenceSession session = sd.getSessions().get(thread);
        if (session == null) {
            session = new InferenceSession(sd);
            sd.getSessions().put(thread, session);
        }
        if (session.getMmgr() != this) {
            session.setMmgr(this);
        }
    }

    /**
     * How many calls a free array may go unused before it is closed. A checkpointed backward pass is 2·layers + 1
     * calls, and arrays used once per step (the head's [tokens, vocabulary] ones, a block's backward ones) must
     * survive a whole step: fresh memory is expensive here — first touching a new 206 MB array took 0.54 s, page
     * faults alone — and a GPT-2-small LoRA step that re-allocated them took 30 s instead of 16, at a higher peak RSS.
     */
    void idleCallsKept(int calls) {
        this.idleCallsKept = calls;
    }

    @Override
    public INDArray allocate(boolean detached, DataType dataType, long... shape) {
        Shape key = Shape.of(dataType, shape);
        ArrayDeque<Free> pool = free.get(key);
        while (pool != null && !pool.isEmpty()) {
            INDArray a = pool.pop().array();
            if (!a.wasClosed()) {
                reused++;
                handedOut.add(a);
                return a;
            }
        }
        allocated++;
        INDArray a = Nd4j.createUninitializedDetached(dataType, shape);
        handedOut.add(a);
        return a;
    }

    @Override
    public INDArray allocate(boolean detached, LongShapeDescriptor descriptor) {
        if (descriptor.isEmpty()) {
            return Nd4j.create(descriptor); // empty arrays have no buffer to reuse
        }
        INDArray a = allocate(detached, descriptor.dataType(), descriptor.getShape());
        if (a.ordering() != descriptor.getOrder()) {
            a.setOrder(descriptor.getOrder());
        }
        return a;
    }

    @Override
    public INDArray ulike(INDArray array) {
        return allocate(false, array.dataType(), array.shape());
    }

    @Override
    public INDArray dup(INDArray array) {
        return allocate(false, array.dataType(), array.shape()).assign(array);
    }

    /**
     * The session says it is done with {@code array} before the call ends; it stays out of the pool until then,
     * because a view of it may still be read (reusing it at once corrupted KV-cache logits and gradients). Mid-call
     * reuse would not buy much in 1.0.0-M2.1 anyway: even with {@code SameDiff.setEnableCache(true)} a gradient call
     * released 3 of its ~375 arrays, so a call holds all its intermediates until it ends.
     */
    @Override
    public void release(INDArray array) {}

    /**
     * Ends a call: every array handed out since the last recycle becomes reusable (the caller has finished with the
     * call's outputs and gradients), and free arrays idle for {@link #idleCallsKept(int)} calls are closed.
     */
    void recycle() {
        calls++;
        for (INDArray a : handedOut) {
            if (!a.wasClosed()) {
                free.computeIfAbsent(Shape.of(a.dataType(), a.shape()), k -> new ArrayDeque<>()).push(new Free(a, calls));
            }
        }
        handedOut.clear();
        for (ArrayDeque<Free> pool : free.values()) {
            pool.removeIf(f -> {
                boolean idle = calls - f.sinceCall() > idleCallsKept;
                if (idle && !f.array().wasClosed()) {
                    f.array().close();
                }
                return idle || f.array().wasClosed();
            });
        }
        free.values().removeIf(ArrayDeque::isEmpty);
    }

    /** Arrays served from the pool and freshly allocated so far (for tests and benchmarks). */
    long[] counts() {
        return new long[] {reused, allocated};
    }

    @Override
    public void close() {
        for (ArrayDeque<Free> pool : free.values()) {
            for (Free f : pool) {
                if (!f.array().wasClosed()) {
                    f.array().close();
                }
            }
        }
        free.clear();
        handedOut.clear();
    }
}
