package dev.reins.envs.games;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.env.BaseEnv;
import dev.reins.core.env.ResetResult;
import dev.reins.core.env.StepResult;
import dev.reins.core.game.BoardGame;
import dev.reins.core.game.BoardGameEnv;
import dev.reins.core.game.GamePlayer;
import dev.reins.core.random.Rng;
import dev.reins.core.space.Discrete;
import dev.reins.core.space.MultiDiscrete;
import dev.reins.core.space.Space;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A two-player {@link BoardGame} as a single-agent {@link dev.reins.core.env.Env}: the agent plays one side against a fixed
 * opponent (a {@link GamePlayer}, drawing on the env's seeded generator), which answers inside each step. The
 * observation is the board from the agent's side, one entry per cell: 0 empty, 1 the agent's, 2 the opponent's. The
 * reward is the agent's outcome (+1, 0, −1) when the game ends, else 0; an illegal move ends the episode with −1 and
 * {@code illegal_move} in the info. Infos carry {@code legal_actions} (an action mask for masked policies).
 *
 * <pre>{@code
 * Env<int[], Integer> env = Envs.make("TicTacToe-v0", Map.of("opponent", "minimax"));
 * int[] board = env.reset(0).observation();
 * }</pre>
 */
public final class GameEnv<S> extends BaseEnv<int[], Integer> implements BoardGameEnv<S> {
    /** Which side the agent takes. */
    public enum Side {
        FIRST, SECOND,
        /** Drawn at each reset from the env's seeded generator, so {@code reset(seed)} fixes the side too. */
        RANDOM
    }

    private final BoardGame<S> game;
    private final GamePlayer<S> opponent;
    private final Side side;
    private S state;
    private int agent;
    private final List<Integer> history = new ArrayList<>();

    public GameEnv(String name, BoardGame<S> game, GamePlayer<S> opponent, Side side) {
        super(name);
        this.game = game;
        this.opponent = opponent;
        this.side = side;
    }

    @Override
    public BoardGame<S> game() {
        return game;
    }

    /** The current position (for renderers and for play in the terminal). */
    public S state() {
        return state;
    }

    /** The agent's player index in this episode (0 moves first). */
    public int agentPlayer() {
        return agent;
    }

    @Override
    public Space<int[]> observationSpace() {
        int[] sizes = new int[game.cellCount()];
        Arrays.fill(sizes, 3);
        return new MultiDiscrete(sizes);
    }

    @Override
    public Space<Integer> actionSpace() {
        return new Discrete(game.actionCount());
    }

    @Override
    protected ResetResult<int[]> resetEpisode(Rng rng) {
        agent = switch (side) {
            case FIRST -> 0;
            case SECOND -> 1;
            case RANDOM -> rng.nextInt(2);
        };
        state = game.initialState();
        history.clear();
        if (game.playerToMove(state) != agent) {
            apply(opponent.move(state, rng));
        }
        return new ResetResult<>(game.cells(state, agent), info());
    }

    @Override
    protected StepResult<int[]> stepEpisode(Integer action) {
        List<Integer> legal = game.legalActions(state);
        if (!legal.contains(action)) {
            return new StepResult<>(game.cells(state, agent), -1.0, true, false, Map.of("illegal_move", action, "legal_actions",
                    legal.stream().mapToInt(Integer::intValue).toArray()));
        }
        apply(action);
        if (!game.isTerminal(state)) {
            apply(opponent.move(state, rng()));
        }
        boolean end = game.isTerminal(state);
        return new StepResult<>(game.cells(state, agent), end ? game.outcome(state, agent) : 0.0, end, false, info());
    }

    private void apply(int move) {
        state = game.play(state, move);
        history.add(move);
    }

    private Map<String, Object> info() {
        return Map.of("legal_actions", game.legalActions(state).stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    protected void saveState(CheckpointWriter out, String prefix) {
        out.putInts(prefix + "history", history.stream().mapToInt(Integer::intValue).toArray());
        out.putLongs(prefix + "agent", new long[] {agent});
    }

    @Override
    protected void loadState(CheckpointReader in, String prefix) {
        agent = (int) in.longs(prefix + "agent", 1)[0];
        state = game.initialState();
        history.clear();
        for (int move : in.ints(prefix + "history")) {
            apply(move);
        }
    }
}
