/**
 * Gymnasium 1.x's classic-control environments — CartPole, MountainCar, MountainCarContinuous, Acrobot, Pendulum —
 * reproducing Gymnasium's float64 arithmetic operation for operation, so observations match its float32 values bit
 * for bit. The physics of each lives in a {@link dev.reins.envs.classic.ClassicDynamics} shared by the single env,
 * the allocation-free {@link dev.reins.envs.classic.ClassicVectorEnv} and the {@link
 * dev.reins.core.mdp.ForwardModel} for planners.
 */
package dev.reins.envs.classic;
