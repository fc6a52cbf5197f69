/**
 * Models of the dynamics: {@link dev.reins.core.mdp.Mdp} (explicit transition probabilities, what dynamic
 * programming needs) and {@link dev.reins.core.mdp.ForwardModel} (a copyable simulator, what search needs).
 */
package dev.reins.core.mdp;
