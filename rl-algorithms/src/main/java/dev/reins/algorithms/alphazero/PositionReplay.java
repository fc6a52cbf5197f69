package dev.reins.algorithms.alphazero;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.checkpoint.Checkpointable;
import java.util.random.RandomGenerator;

/**
 * The most recent {@code capacity} self-play positions (a window: the oldest are overwritten first), sampled uniformly
 * into training batches.
 *
 * <pre>{@code
 * PositionReplay replay = new PositionReplay(100_000, 42, 7);
 * replay.add(position);
 * replay.sample(256, rng, network, inputs, policies, legal, outcomes);   // network: the input encoding
 * }</pre>
 */
public final class PositionReplay implements Checkpointable {
    private final int capacity;
    private final int cells;
    private final int moves;
    private final byte[] boards;
    private final double[] policies;
    private final long[] legal;
    private final double[] outcomes;
    private int next;
    private int size;

    public PositionReplay(int capacity, int cells, int moves) {
        this.capacity = capacity;
        this.cells = cells;
        this.moves = moves;
        this.boards = new byte[capacity * cells];
        this.policies = new double[capacity * moves];
        this.legal = new long[capacity];
        this.outcomes = new double[capacity];
    }

    public int size() {
        return size;
    }

    public void add(Position p) {
        for (int i = 0; i < cells; i++) {
            boards[next * cells + i] = (byte) p.cells()[i];
        }
        System.arraycopy(p.policy(), 0, policies, next * moves, moves);
        legal[next] = p.legal();
        outcomes[next] = p.outcome();
        next = (next + 1) % capacity;
        size = Math.min(size + 1, capacity);
    }

    /** Fills {@code rows} examples drawn uniformly (with replacement): encoded inputs, targets, legal masks, outcomes. */
    public void sample(int rows, RandomGenerator rng, PolicyValueNetwork<?> encoder, double[] inputs, double[] targetPolicy,
            long[] legalMasks, double[] outcome) {
        int[] board = new int[cells];
        for (int r = 0; r < rows; r++) {
            int k = rng.nextInt(size);
            for (int i = 0; i < cells; i++) {
                board[i] = boards[k * cells + i];
            }
            encoder.encode(board, inputs, r * encoder.inputSize());
            System.arraycopy(policies, k * moves, targetPolicy, r * moves, moves);
            legalMasks[r] = legal[k];
            outcome[r] = outcomes[k];
        }
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        int[] asInts = new int[size * cells];
        for (int i = 0; i < asInts.length; i++) {
            asInts[i] = boards[i];
        }
        out.putInts(prefix + "boards", asInts);
        out.putDoubles(prefix + "policies", java.util.Arrays.copyOf(policies, size * moves));
        out.putLongs(prefix + "legal", java.util.Arrays.copyOf(legal, size));
        out.putDoubles(prefix + "outcomes", java.util.Arrays.copyOf(outcomes, size));
        out.putLongs(prefix + "cursor", new long[] {next, size});
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        long[] cursor = in.longs(prefix + "cursor", 2);
        int n = (int) cursor[1];
        if (n > capacity) {
            throw new dev.reins.core.checkpoint.CheckpointException("the checkpoint's replay holds " + n + " positions; this one holds "
                    + capacity);
        }
        int[] asInts = in.ints(prefix + "boards", n * cells);
        for (int i = 0; i < asInts.length; i++) {
            boards[i] = (byte) asInts[i];
        }
        System.arraycopy(in.doubles(prefix + "policies", n * moves), 0, policies, 0, n * moves);
        System.arraycopy(in.longs(prefix + "legal", n), 0, legal, 0, n);
        System.arraycopy(in.doubles(prefix + "outcomes", n), 0, outcomes, 0, n);
        next = (int) cursor[0];
        size = n;
    }
}
