package dev.reins.llm.preference;

/** σ and softplus without overflow for large |x|: the preference losses are logs of sigmoids. */
final class Logistic {
    private Logistic() {}

    static double of(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /** log(1 + eˣ) = −log σ(−x). */
    static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }
}
