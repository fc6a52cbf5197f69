package dev.reins.core.estimate;

/** Checks that rollout arrays have the {@code steps × envs} size the estimators expect. */
final class RolloutShape {
    private RolloutShape() {}

    static void check(int steps, int envs, String name, int length) {
        if (steps <= 0 || envs <= 0) {
            throw new IllegalArgumentException("rollout needs steps > 0 and envs > 0, got steps=" + steps + ", envs=" + envs);
        }
        if (length != steps * envs) {
            throw new IllegalArgumentException(name + " has " + length + " entries, expected steps × envs = " + steps + " × "
                    + envs + " = " + steps * envs);
        }
    }
}
