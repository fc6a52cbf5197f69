package dev.reins.algorithms.alphazero;

/**
 * One training example of AlphaZero: a position seen by the player to move, the search's visit distribution over all
 * moves (zero on illegal ones), which moves were legal, and how the game ended for that player.
 *
 * @param cells the board from the player to move's side (0 empty, 1 own, 2 opponent's)
 * @param policy visit distribution over the game's moves
 * @param legal bit {@code a} set when move {@code a} was legal
 * @param outcome +1, 0 or −1 for the player to move
 */
public record Position(int[] cells, double[] policy, long legal, double outcome) {
    /** The image of this position under a symmetry of the board. */
    public Position transformed(dev.reins.core.game.BoardGame.Symmetry symmetry) {
        long mapped = 0;
        for (int a = 0; a < policy.length; a++) {
            if ((legal >>> a & 1) != 0) {
                mapped |= 1L << symmetry.actions()[a];
            }
        }
        return new Position(symmetry.applyToCells(cells), symmetry.applyToActions(policy), mapped, outcome);
    }
}
