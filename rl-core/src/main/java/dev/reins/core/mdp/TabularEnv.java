package dev.reins.core.mdp;

/**
 * An env with finitely many states and actions whose dynamics are known as an {@link Mdp}. Reach it through
 * wrappers with {@code env.unwrapped()}.
 */
public interface TabularEnv {
    /** The env's dynamics. */
    Mdp mdp();
}
