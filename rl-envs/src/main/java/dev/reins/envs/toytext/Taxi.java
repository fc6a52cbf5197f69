package dev.reins.envs.toytext;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.env.ResetResult;
import dev.reins.core.mdp.Mdp;
import dev.reins.core.random.Rng;
import java.util.List;
import java.util.Map;

/**
 * Gymnasium's Taxi-v4 (Dietterich's MAXQ taxi): a 5×5 grid with walls and four pick-up/drop-off locations R, G, Y, B.
 * State {@code ((row·5 + col)·5 + passenger)·4 + destination}, passenger 4 meaning in the taxi: 500 states. Actions
 * 0 south, 1 north, 2 east, 3 west, 4 pick up, 5 drop off. −1 per step, +20 for delivering (terminates), −10 for an
 * illegal pick-up or drop-off. Options as Gymnasium 1.x: {@code is_rainy} (moves drift sideways), {@code
 * fickle_passenger} (the passenger may change destination once, after the first move with them aboard). Info carries
 * {@code action_mask}.
 *
 * <pre>{@code
 * Taxi taxi = new Taxi("Taxi-v4", false, false, 0.8, 0.3);
 * }</pre>
 */
public final class Taxi extends TabularModelEnv {
    static final List<String> MAP = List.of(
            "+---------+",
            "|R: | : :G|",
            "| : | : : |",
            "| : : : : |",
            "| | : | : |",
            "|Y| : |B: |",
            "+---------+");
    static final int[][] LOCATIONS = {{0, 0}, {0, 4}, {4, 0}, {4, 3}};
    private static final int MAX = 4;

    private final boolean fickle;
    private final double fickleProbability;
    private boolean fickleStep;

    public Taxi(String name, boolean rainy, boolean fickle, double rainyProbability, double fickleProbability) {
        super(name, build(rainy, rainyProbability));
        if (!(fickleProbability >= 0 && fickleProbability <= 1)) {
            throw new IllegalArgumentException("Taxi fickle_probability must be in [0, 1], got " + fickleProbability);
        }
        this.fickle = fickle;
        this.fickleProbability = fickleProbability;
    }

    /** The state index of (taxi row, taxi column, passenger location 0–4, destination 0–3). */
    public static int encode(int row, int col, int passenger, int destination) {
        return ((row * 5 + col) * 5 + passenger) * 4 + destination;
    }

    /** {taxi row, taxi column, passenger location, destination} of a state index. */
    public static int[] decode(int state) {
        int destination = state % 4;
        state /= 4;
        int passenger = state % 5;
        state /= 5;
        int col = state % 5;
        int row = state / 5;
        return new int[] {row, col, passenger, destination};
    }

    private static boolean open(int mapRow, int mapCol) {
        return MAP.get(mapRow).charAt(mapCol) == ':';
    }

    private static int locationIndex(int row, int col) {
        for (int i = 0; i < LOCATIONS.length; i++) {
            if (LOCATIONS[i][0] == row && LOCATIONS[i][1] == col) {
                return i;
            }
        }
        return -1;
    }

    /** {new passenger, reward, terminated} of a pick-up or drop-off. */
    private static int[] pickupOrDropoff(int action, int row, int col, int passenger, int destination) {
        int here = locationIndex(row, col);
        if (action == 4) {
            if (passenger < 4 && here == passenger) {
                return new int[] {4, -1, 0};
            }
            return new int[] {passenger, -10, 0};
        }
        if (passenger == 4 && here == destination) {
            return new int[] {destination, 20, 1};
        }
        if (passenger == 4 && here >= 0) {
            return new int[] {here, -1, 0};
        }
        return new int[] {passenger, -10, 0};
    }

    private static boolean canMove(int action, int row, int col) {
        return switch (action) {
            case 0 -> row < MAX;
            case 1 -> row > 0;
            case 2 -> open(1 + row, 2 * col + 2);
            case 3 -> open(1 + row, 2 * col);
            default -> false;
        };
    }

    private static final int[][][] RAINY_MOVES = {
        {{1, 0}, {0, 1}, {0, -1}}, // south: forward, left = east, right = west
        {{-1, 0}, {0, -1}, {0, 1}}, // north: left = west, right = east
        {{0, 1}, {-1, 0}, {1, 0}}, // east: left = north, right = south
        {{0, -1}, {1, 0}, {-1, 0}}, // west: left = south, right = north
    };

    /** A lateral drift: blocked by an interior wall when moving east or west. */
    private static int[] drift(int row, int col, int[] d) {
        int r = Math.max(0, Math.min(row + d[0], MAX));
        int c = Math.max(0, Math.min(col + d[1], MAX));
        if (d[1] == 1 && !open(1 + r, 2 * c)) {
            return new int[] {row, col};
        }
        if (d[1] == -1 && !open(1 + r, 2 * c + 2)) {
            return new int[] {row, col};
        }
        return new int[] {r, c};
    }

    private static TransitionTable build(boolean rainy, double rainyProbability) {
        if (!(rainyProbability >= 0 && rainyProbability <= 1)) {
            throw new IllegalArgumentException("Taxi rainy_probability must be in [0, 1], got " + rainyProbability);
        }
        double[] initial = new double[500];
        for (int row = 0; row <= MAX; row++) {
            for (int col = 0; col <= MAX; col++) {
                for (int passenger = 0; passenger < 5; passenger++) {
                    for (int destination = 0; destination < 4; destination++) {
                        if (passenger < 4 && passenger != destination) {
                            initial[encode(row, col, passenger, destination)] += 1;
                        }
                    }
                }
            }
        }
        double total = java.util.Arrays.stream(initial).sum();
        for (int i = 0; i < initial.length; i++) {
            initial[i] /= total;
        }
        TransitionTable table = new TransitionTable(500, 6, initial);
        for (int row = 0; row <= MAX; row++) {
            for (int col = 0; col <= MAX; col++) {
                for (int passenger = 0; passenger < 5; passenger++) {
                    for (int destination = 0; destination < 4; destination++) {
                        int s = encode(row, col, passenger, destination);
                        for (int a = 0; a < 6; a++) {
                            if (a >= 4) {
                                int[] o = pickupOrDropoff(a, row, col, passenger, destination);
                                table.add(s, a, 1.0, encode(row, col, o[0], destination), o[1], o[2] == 1);
                            } else if (!rainy) {
                                int r = row;
                                int c = col;
                                if (canMove(a, row, col)) {
                                    r = Math.max(0, Math.min(row + RAINY_MOVES[a][0][0], MAX));
                                    c = Math.max(0, Math.min(col + RAINY_MOVES[a][0][1], MAX));
                                }
                                table.add(s, a, 1.0, encode(r, c, passenger, destination), -1, false);
                            } else {
                                int[] forward = {row, col};
                                int[] left = {row, col};
                                int[] right = {row, col};
                                if (canMove(a, row, col)) {
                                    forward = new int[] {Math.max(0, Math.min(row + RAINY_MOVES[a][0][0], MAX)),
                                        Math.max(0, Math.min(col + RAINY_MOVES[a][0][1], MAX))};
                                    left = drift(row, col, RAINY_MOVES[a][1]);
                                    right = drift(row, col, RAINY_MOVES[a][2]);
                                }
                                double lateral = (1.0 - rainyProbability) / 2.0;
                                table.add(s, a, rainyProbability, encode(forward[0], forward[1], passenger, destination), -1, false);
                                table.add(s, a, lateral, encode(left[0], left[1], passenger, destination), -1, false);
                                table.add(s, a, lateral, encode(right[0], right[1], passenger, destination), -1, false);
                            }
                        }
                    }
                }
            }
        }
        return table.freeze();
    }

    /** Which actions change the state in {@code state} (Gymnasium's {@code action_mask}). */
    public static int[] actionMask(int state) {
        int[] d = decode(state);
        int row = d[0];
        int col = d[1];
        int passenger = d[2];
        int destination = d[3];
        int[] mask = new int[6];
        mask[0] = row < MAX ? 1 : 0;
        mask[1] = row > 0 ? 1 : 0;
        mask[2] = col < MAX && open(row + 1, 2 * col + 2) ? 1 : 0;
        mask[3] = col > 0 && open(row + 1, 2 * col) ? 1 : 0;
        mask[4] = passenger < 4 && locationIndex(row, col) == passenger ? 1 : 0;
        int here = locationIndex(row, col);
        mask[5] = passenger == 4 && (here == destination || here >= 0) ? 1 : 0;
        return mask;
    }

    @Override
    protected ResetResult<Integer> resetEpisode(Rng rng) {
        ResetResult<Integer> r = super.resetEpisode(rng);
        fickleStep = fickle && rng.nextDouble() < fickleProbability;
        return r;
    }

    @Override
    protected Map<String, Object> resetInfo() {
        return Map.of("prob", 1.0, "action_mask", actionMask(state));
    }

    @Override
    protected int afterTransition(int previous, int next, Rng rng) {
        int[] before = decode(previous);
        int[] after = decode(next);
        if (fickle && fickleStep && before[2] == 4 && (after[0] != before[0] || after[1] != before[1])) {
            fickleStep = false;
            int choice = rng.nextInt(3);
            int destination = choice >= before[3] ? choice + 1 : choice; // any destination but the current one
            return encode(after[0], after[1], after[2], destination);
        }
        return next;
    }

    @Override
    protected Map<String, Object> stepInfo(Mdp.Transition chosen) {
        return Map.of("prob", chosen.probability(), "action_mask", actionMask(state));
    }

    @Override
    protected void saveState(CheckpointWriter out, String prefix) {
        super.saveState(out, prefix);
        out.putInts(prefix + "fickle_step", new int[] {fickleStep ? 1 : 0});
    }

    @Override
    protected void loadState(CheckpointReader in, String prefix) {
        super.loadState(in, prefix);
        fickleStep = in.ints(prefix + "fickle_step", 1)[0] != 0;
    }
}
