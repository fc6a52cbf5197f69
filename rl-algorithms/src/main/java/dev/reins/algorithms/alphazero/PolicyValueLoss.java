package dev.reins.algorithms.alphazero;

/**
 * AlphaZero's loss on a batch, averaged over its rows: the cross-entropy from the search's visit distribution π to the
 * network's policy p (a softmax over the legal moves only), plus {@code valueCoef} times the squared error between
 * v = tanh(value logit) and the game's outcome z for the player to move:
 * <pre>
 * l = mean( −Σ_a π_a log p_a + c_v (v − z)² )
 * </pre>
 * (AlphaZero's L2 term is the optimizer's weight decay.) Outputs are rows of {@code moves} logits and one value logit.
 *
 * <pre>{@code
 * PolicyValueLoss.Result r = PolicyValueLoss.compute(out, rows, moves, pi, legal, z, 1.0, dOut);
 * }</pre>
 */
public final class PolicyValueLoss {
    private PolicyValueLoss() {}

    /** The batch means of the two terms. */
    public record Result(double policyLoss, double valueLoss, double total) {}

    /**
     * @param output {@code rows × (moves + 1)} network outputs
     * @param targetPolicy {@code rows × moves} visit distributions (zero on illegal moves)
     * @param legal per row, bit {@code a} set when move {@code a} is legal
     * @param outcome per row, the final outcome for the player to move (+1, 0, −1)
     * @param outputGradient receives dl/d(output), same layout as {@code output}
     */
    public static Result compute(double[] output, int rows, int moves, double[] targetPolicy, long[] legal, double[] outcome,
            double valueCoef, double[] outputGradient) {
        int width = moves + 1;
        double policyLoss = 0;
        double valueLoss = 0;
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            double max = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < moves; a++) {
                if ((legal[r] >>> a & 1) != 0) {
                    max = Math.max(max, output[o + a]);
                }
            }
            double sum = 0;
            for (int a = 0; a < moves; a++) {
                if ((legal[r] >>> a & 1) != 0) {
                    sum += Math.exp(output[o + a] - max);
                }
            }
            double logSum = max + Math.log(sum);
            for (int a = 0; a < moves; a++) {
                if ((legal[r] >>> a & 1) == 0) {
                    outputGradient[o + a] = 0;
                    continue;
                }
                double logP = output[o + a] - logSum;
                double pi = targetPolicy[r * moves + a];
                policyLoss -= pi == 0 ? 0 : pi * logP;
                outputGradient[o + a] = (Math.exp(logP) - pi) / rows; // the target sums to 1 over the legal moves
            }
            double v = Math.tanh(output[o + moves]);
            double error = v - outcome[r];
            valueLoss += error * error;
            outputGradient[o + moves] = valueCoef * 2 * error * (1 - v * v) / rows;
        }
        policyLoss /= rows;
        valueLoss /= rows;
        return new Result(policyLoss, valueLoss, policyLoss + valueCoef * valueLoss);
    }
}
