package dev.reins.cli;

import dev.reins.bench.games.GamePlayers;
import dev.reins.core.game.Game;
import dev.reins.core.game.GamePlayer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reins play}: a person against a board-game agent, in the terminal. */
@Command(name = "play", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Play a board game against an agent in the terminal: type a move (a cell 0-8 for TicTacToe-v0, a column 0-6 "
                + "for ConnectFour-v0) and press Enter; q quits.")
final class PlayCommand implements Callable<Integer> {
    @Option(names = "--env", paramLabel = "ID", description = "TicTacToe-v0 or ConnectFour-v0 (with --run: the run's game).")
    String env;

    @Option(names = "--agent", paramLabel = "PLAYER",
            description = "The agent: uct:N, uct-decisive:N, alphabeta:D, minimax or random (default: uct-decisive:1000).")
    String agent;

    @Option(names = "--run", paramLabel = "RUN_DIR", description = "Play a trained alphazero run instead of --agent.")
    java.nio.file.Path run;

    @Option(names = "--first", defaultValue = "you", description = "Who moves first: you or agent (default: ${DEFAULT-VALUE}).")
    String first;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the agent's choices (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        if (!first.equals("you") && !first.equals("agent")) {
            throw new IllegalArgumentException("--first must be you or agent, got '" + first + "'");
        }
        if (run != null) {
            if (agent != null) {
                throw new IllegalArgumentException("give the agent once: --run RUN_DIR or --agent PLAYER, not both");
            }
            return playTrained(dev.reins.bench.games.TrainedAgents.load(run));
        }
        if (env == null) {
            throw new IllegalArgumentException("play needs --env TicTacToe-v0|ConnectFour-v0 (or --run with a trained alphazero run)");
        }
        return playNamed(GamePlayers.game(env), agent == null ? "uct-decisive:1000" : agent);
    }

    private <S> Integer playNamed(Game<S> game, String name) throws IOException {
        return play(game, GamePlayers.parse(game, name), name);
    }

    private <S> Integer playTrained(dev.reins.algorithms.alphazero.AlphaZero<S> trained) throws IOException {
        if (env != null && !env.equals(trained.game().name())) {
            throw new IllegalArgumentException("--env " + env + " does not match the run, which plays " + trained.game().name());
        }
        return play(trained.game(), trained.player(), "the alphazero run " + run);
    }

    private <S> Integer play(Game<S> game, GamePlayer<S> bot, String agentName) throws IOException {
        int you = first.equals("you") ? 0 : 1;
        SplittableRandom rng = new SplittableRandom(seed);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        S state = game.initialState();
        System.out.println(game.name() + ": you are " + (you == 0 ? "X (first)" : "O (second)") + " against " + agentName);
        while (!game.isTerminal(state)) {
            if (game.playerToMove(state) == you) {
                System.out.print(game.render(state) + "your move " + game.legalActions(state) + ": ");
                System.out.flush();
                String line = in.readLine();
                if (line == null || line.strip().equals("q")) {
                    System.out.println("\nstopped");
                    return 0;
                }
                int move;
                try {
                    move = Integer.parseInt(line.strip());
                } catch (NumberFormatException e) {
                    System.out.println("'" + line.strip() + "' is not a move; legal moves are " + game.legalActions(state));
                    continue;
                }
                if (!game.legalActions(state).contains(move)) {
                    System.out.println("move " + move + " is not legal here; legal moves are " + game.legalActions(state));
                    continue;
                }
                state = game.play(state, move);
            } else {
                int move = bot.move(state, rng);
                System.out.println("agent plays " + move);
                state = game.play(state, move);
            }
        }
        double o = game.outcome(state, you);
        System.out.print(game.render(state));
        System.out.println(o > 0 ? "you win" : o < 0 ? "the agent wins" : "draw");
        return 0;
    }
}
