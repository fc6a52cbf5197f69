package dev.reins.envs.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.core.env.Env;
import dev.reins.core.env.StepResult;
import dev.reins.core.mdp.ForwardModel;
import dev.reins.core.mdp.ModelStep;
import dev.reins.core.random.Rng;
import dev.reins.envs.registry.Envs;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassicControlEnvTest {

    @Test
    @SuppressWarnings("unchecked")
    void forwardModelBranchesWithoutTouchingTheStateItWasGiven() {
        Env<float[], Integer> env = Envs.make("Acrobot-v1");
        ClassicControlEnv<Integer> raw = (ClassicControlEnv<Integer>) env.unwrapped();
        ForwardModel<double[], Integer> model = raw.forwardModel();
        env.reset(3);
        double[] s = raw.state();
        double[] copy = s.clone();
        assertEquals(java.util.List.of(0, 1, 2), model.legalActions(s));
        ModelStep<double[]> left = model.step(s, 0, new Rng(0));
        ModelStep<double[]> right = model.step(s, 2, new Rng(0));
        assertArrayEquals(copy, s, "the given state is a value");
        StepResult<float[]> real = env.step(2);
        assertArrayEquals(raw.state(), right.state());
        assertEquals(real.reward(), right.reward());
        assertTrue(left.state()[2] != right.state()[2]);
    }

    @Test
    void gymnasiumOptionsChangeTheDynamics() {
        Env<float[], float[]> moon = Envs.make("Pendulum-v1", Map.of("g", 1.62));
        Env<float[], float[]> earth = Envs.make("Pendulum-v1");
        moon.reset(5);
        earth.reset(5);
        float[] zero = {0f};
        assertTrue(moon.step(zero).observation()[2] != earth.step(zero).observation()[2], "gravity changes θ̇");

        Env<float[], Integer> sb = Envs.make("CartPole-v1", Map.of("sutton_barto_reward", true));
        sb.reset(0);
        StepResult<float[]> r;
        double total = 0;
        do {
            r = sb.step(1);
            total += r.reward();
        } while (!r.done());
        assertEquals(-1.0, total, "Sutton & Barto's reward: 0 per step, −1 at the end");

        // With a goal velocity above the top speed the goal can never count as reached.
        Env<float[], Integer> car = Envs.make("MountainCar-v0", Map.of("goal_velocity", 0.08));
        var raw = (ClassicControlEnv<?>) car.unwrapped();
        car.reset(0);
        raw.setState(new double[] {0.55, 0.06});
        assertTrue(!car.step(2).terminated());
        Env<float[], Integer> normal = Envs.make("MountainCar-v0");
        normal.reset(0);
        ((ClassicControlEnv<?>) normal.unwrapped()).setState(new double[] {0.55, 0.06});
        assertTrue(normal.step(2).terminated());
    }

    @Test
    void episodesEndAtTheRegisteredLimitsWithTruncation() {
        Env<float[], Integer> car = Envs.make("MountainCar-v0");
        car.reset(0);
        int steps = 0;
        StepResult<float[]> r;
        do {
            r = car.step(1);
            steps++;
        } while (!r.done());
        assertEquals(200, steps);
        assertTrue(r.truncated() && !r.terminated(), "doing nothing never reaches the flag");
        Env<float[], float[]> pendulum = Envs.make("Pendulum-v1");
        pendulum.reset(0);
        for (int t = 0; t < 199; t++) {
            assertTrue(!pendulum.step(new float[] {0f}).done());
        }
        StepResult<float[]> last = pendulum.step(new float[] {0f});
        assertTrue(last.truncated() && !last.terminated());
    }
}
