package dev.reins.llm.preference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PreferenceLossTest {
    private static final double H = 1e-6;

    private static double derivative(DoubleUnaryOperator f, double x) {
        return (f.applyAsDouble(x + H) - f.applyAsDouble(x - H)) / (2 * H);
    }

    private static void near(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-6 * Math.max(1, Math.abs(expected)), what);
    }

    @Property(tries = 200)
    void bradleyTerryDerivativesMatchFiniteDifferences(@ForAll @DoubleRange(min = -8, max = 8) double chosen,
            @ForAll @DoubleRange(min = -8, max = 8) double rejected, @ForAll @DoubleRange(min = 0, max = 2) double margin,
            @ForAll @DoubleRange(min = 0, max = 0.1) double centering) {
        BradleyTerryLoss bt = new BradleyTerryLoss(centering);
        BradleyTerryLoss.Value v = bt.evaluate(chosen, rejected, margin);
        near(derivative(c -> bt.evaluate(c, rejected, margin).loss(), chosen), v.dChosen(), "d/d chosen");
        near(derivative(r -> bt.evaluate(chosen, r, margin).loss(), rejected), v.dRejected(), "d/d rejected");
        double d = chosen - rejected - margin;
        near(-Math.log(1 / (1 + Math.exp(-d))) + centering * (chosen + rejected) * (chosen + rejected), v.loss(), "loss");
    }

    @Test
    void bradleyTerryStaysFiniteForHugeRewardGaps() {
        BradleyTerryLoss bt = new BradleyTerryLoss(0);
        assertEquals(1000.0, bt.evaluate(-500, 500, 0).loss(), 1e-9);
        assertEquals(-1.0, bt.evaluate(-500, 500, 0).dChosen(), 1e-12);
        assertEquals(0.0, bt.evaluate(500, -500, 0).loss(), 1e-12);
        assertEquals(Math.log(2), bt.evaluate(0.3, 0.3, 0).loss(), 1e-15);
    }

    @Property(tries = 300)
    void everyDpoVariantsDerivativesMatchFiniteDifferences(@ForAll("types") String type,
            @ForAll @DoubleRange(min = 0.01, max = 2) double beta, @ForAll @DoubleRange(min = -30, max = -0.1) double policyChosen,
            @ForAll @DoubleRange(min = -30, max = -0.1) double policyRejected, @ForAll @DoubleRange(min = -30, max = -0.1) double refChosen,
            @ForAll @DoubleRange(min = -30, max = -0.1) double refRejected, @ForAll @IntRange(min = 1, max = 20) int chosenTokens,
            @ForAll @IntRange(min = 1, max = 20) int rejectedTokens) {
        PreferenceLoss loss = PreferenceLoss.named(type, beta, type.equals("sigmoid") ? 0.1 : 0, 0.3);
        PreferenceLoss.Value v = loss.evaluate(new PreferenceLoss.LogProbs(policyChosen, policyRejected, refChosen, refRejected, chosenTokens,
                rejectedTokens));
        DoubleUnaryOperator byChosen = x -> loss.evaluate(new PreferenceLoss.LogProbs(x, policyRejected, refChosen, refRejected, chosenTokens,
                rejectedTokens)).loss();
        DoubleUnaryOperator byRejected = x -> loss.evaluate(new PreferenceLoss.LogProbs(policyChosen, x, refChosen, refRejected, chosenTokens,
                rejectedTokens)).loss();
        if (type.equals("hinge")) {
            double z = beta * ((policyChosen - refChosen) - (policyRejected - refRejected));
            if (Math.abs(z - 1) < 1e-3) {
                return; // the hinge's kink has no derivative
            }
        }
        near(derivative(byChosen, policyChosen), v.dPolicyChosen(), type + " d/d chosen");
        near(derivative(byRejected, policyRejected), v.dPolicyRejected(), type + " d/d rejected");
        assertTrue(v.loss() >= 0, type + " loss " + v.loss());
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> types() {
        return net.jqwik.api.Arbitraries.of("sigmoid", "ipo", "hinge", "simpo");
    }

    @Test
    void dpoAtTheReferenceIsLogTwoAndItsGradientPushesChosenUpAndRejectedDown() {
        PreferenceLoss dpo = PreferenceLoss.named("sigmoid", 0.1, 0, 0);
        PreferenceLoss.Value v = dpo.evaluate(new PreferenceLoss.LogProbs(-5, -7, -5, -7, 3, 4));
        assertEquals(Math.log(2), v.loss(), 1e-15);
        assertEquals(-0.05, v.dPolicyChosen(), 1e-15); // −β·σ(0)
        assertEquals(0.05, v.dPolicyRejected(), 1e-15);
        // Conservative DPO: with ε the optimum is a finite margin, so far past it the gradient turns round.
        PreferenceLoss cdpo = PreferenceLoss.named("sigmoid", 1, 0.2, 0);
        assertTrue(cdpo.evaluate(new PreferenceLoss.LogProbs(0, -20, 0, 0, 1, 1)).dPolicyChosen() > 0);
        // IPO's optimum is at h = 1/(2β) on per-token means.
        PreferenceLoss ipo = PreferenceLoss.named("ipo", 0.5, 0, 0);
        assertEquals(0.0, ipo.evaluate(new PreferenceLoss.LogProbs(-3, -5, -4, -4, 2, 2)).loss(), 1e-15);
        assertTrue(!PreferenceLoss.named("simpo", 2, 0, 0.5).usesReference());
    }

    @Test
    void badSettingsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PreferenceLoss.named("kto", 0.1, 0, 0)).getMessage()
                .contains("loss_type 'kto' is not one of sigmoid, ipo, hinge, simpo"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PreferenceLoss.named("sigmoid", 0, 0, 0)).getMessage()
                .contains("beta must be"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PreferenceLoss.named("ipo", 0.1, 0.1, 0)).getMessage()
                .contains("label_smoothing applies to loss_type sigmoid only"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PreferenceLoss.named("sigmoid", 0.1, 0.5, 0)).getMessage()
                .contains("label_smoothing must be in [0, 0.5)"));
    }
}
