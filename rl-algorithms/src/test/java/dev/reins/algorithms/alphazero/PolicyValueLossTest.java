package dev.reins.algorithms.alphazero;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PolicyValueLossTest {
    @Test
    void gradientMatchesFiniteDifferencesAndIllegalMovesGetNone() {
        SplittableRandom rng = new SplittableRandom(5);
        int rows = 4;
        int moves = 5;
        double[] out = new double[rows * (moves + 1)];
        for (int i = 0; i < out.length; i++) {
            out[i] = rng.nextGaussian();
        }
        long[] legal = {0b11111, 0b10110, 0b00001, 0b01011};
        double[] pi = new double[rows * moves];
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int a = 0; a < moves; a++) {
                pi[r * moves + a] = (legal[r] >>> a & 1) != 0 ? rng.nextDouble() : 0;
                sum += pi[r * moves + a];
            }
            for (int a = 0; a < moves; a++) {
                pi[r * moves + a] /= sum;
            }
        }
        double[] z = {1, -1, 0, 1};
        double[] grad = new double[out.length];
        PolicyValueLoss.Result r = PolicyValueLoss.compute(out, rows, moves, pi, legal, z, 0.7, grad);
        assertEquals(r.policyLoss() + 0.7 * r.valueLoss(), r.total(), 1e-12);
        double h = 1e-6;
        double[] scratch = new double[out.length];
        for (int i = 0; i < out.length; i++) {
            double keep = out[i];
            out[i] = keep + h;
            double up = PolicyValueLoss.compute(out, rows, moves, pi, legal, z, 0.7, scratch).total();
            out[i] = keep - h;
            double down = PolicyValueLoss.compute(out, rows, moves, pi, legal, z, 0.7, scratch).total();
            out[i] = keep;
            assertEquals((up - down) / (2 * h), grad[i], 1e-7, "output " + i);
        }
        assertEquals(0.0, grad[1 * (moves + 1)], "an illegal move's logit does not matter");
        // One legal move: its policy term is exactly 0 (p = π = 1).
        assertEquals(0.0, grad[2 * (moves + 1)], 1e-15);
    }
}
