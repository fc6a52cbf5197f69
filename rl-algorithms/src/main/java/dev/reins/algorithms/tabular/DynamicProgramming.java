package dev.reins.algorithms.tabular;

import dev.reins.core.mdp.Mdp;

/** Bellman backups on a known {@link Mdp}, shared by value and policy iteration and maximum-entropy IRL. */
public final class DynamicProgramming {
    private DynamicProgramming() {}

    /** Q(s, a) = Σ p · (r + γ · (terminal ? 0 : V(s'))). */
    public static double actionValue(Mdp mdp, double[] v, int state, int action, double gamma) {
        double total = 0;
        for (Mdp.Transition t : mdp.transitions(state, action)) {
            total += t.probability() * (t.reward() + (t.terminal() ? 0 : gamma * v[t.nextState()]));
        }
        return total;
    }

    /** The full Q-table implied by V. */
    public static QTable qFromValues(Mdp mdp, double[] v, double gamma) {
        QTable q = new QTable(mdp.numStates(), mdp.numActions(), 0);
        for (int s = 0; s < mdp.numStates(); s++) {
            for (int a = 0; a < mdp.numActions(); a++) {
                q.set(s, a, actionValue(mdp, v, s, a, gamma));
            }
        }
        return q;
    }

    /** The MDP of an env, or a clear error for envs without a known model. */
    public static Mdp requireMdp(dev.reins.core.env.Env<?, ?> env, String algorithm) {
        if (env.unwrapped() instanceof dev.reins.core.mdp.TabularEnv t) {
            return t.mdp();
        }
        throw new IllegalArgumentException(algorithm + " needs an env with a known transition model (FrozenLake, CliffWalking, "
                + "Taxi); " + env.name() + " has none");
    }
}
