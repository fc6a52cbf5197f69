package dev.reins.envs.render;

import dev.reins.core.env.Env;
import dev.reins.envs.classic.AcrobotDynamics;
import dev.reins.envs.classic.CartPoleDynamics;
import dev.reins.envs.classic.ClassicControlEnv;
import dev.reins.envs.classic.ClassicDynamics;
import dev.reins.envs.classic.MountainCarContinuousDynamics;
import dev.reins.envs.classic.MountainCarDynamics;
import dev.reins.envs.classic.PendulumDynamics;
import dev.reins.envs.toytext.CliffWalking;
import dev.reins.envs.toytext.FrozenLake;
import dev.reins.envs.toytext.Taxi;
import java.awt.image.BufferedImage;

/**
 * Draws the current frame of an env.
 *
 * <pre>{@code
 * EnvRenderer renderer = EnvRenderer.forEnv(env);
 * BufferedImage frame = renderer.render(env);
 * }</pre>
 */
public interface EnvRenderer {

    /** The current state of {@code env} as a picture. */
    BufferedImage render(Env<?, ?> env);

    /** A renderer for {@code env}, or an error naming the env if none exists. */
    static EnvRenderer forEnv(Env<?, ?> env) {
        Env<?, ?> raw = env.unwrapped();
        if (raw instanceof ClassicControlEnv<?> classic) {
            ClassicDynamics<?> d = classic.dynamics();
            if (d instanceof CartPoleDynamics) {
                return ClassicRenderers::cartPole;
            }
            if (d instanceof MountainCarDynamics || d instanceof MountainCarContinuousDynamics) {
                double goal = d instanceof MountainCarDynamics ? 0.5 : 0.45;
                return e -> ClassicRenderers.mountainCar(e, goal);
            }
            if (d instanceof AcrobotDynamics) {
                return ClassicRenderers::acrobot;
            }
            if (d instanceof PendulumDynamics) {
                return ClassicRenderers::pendulum;
            }
        }
        if (raw instanceof FrozenLake || raw instanceof CliffWalking || raw instanceof Taxi) {
            return GridRenderers::render;
        }
        if (raw instanceof dev.reins.envs.games.GameEnv<?>) {
            return GameRenderers::render;
        }
        throw new IllegalArgumentException("no renderer for " + env.name() + " yet; renderable: classic control, FrozenLake, "
                + "CliffWalking, Taxi, TicTacToe, ConnectFour");
    }
}
