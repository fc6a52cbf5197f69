package dev.reins.envs.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.core.env.Env;
import dev.reins.core.random.Rng;
import dev.reins.envs.registry.Envs;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RenderTest {
    @TempDir
    Path dir;

    private static long distinctColors(BufferedImage image) {
        java.util.Set<Integer> colors = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colors.add(image.getRGB(x, y));
            }
        }
        return colors.size();
    }

    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Acrobot-v1", "Pendulum-v1", "FrozenLake-v1",
        "CliffWalking-v1", "Taxi-v4"})
    @SuppressWarnings({"unchecked", "rawtypes"})
    void framesShowTheStateAndChangeWhenItChanges(String id) {
        Env env = Envs.make(id);
        EnvRenderer renderer = EnvRenderer.forEnv(env);
        env.reset(1);
        BufferedImage first = renderer.render(env);
        assertTrue(distinctColors(first) >= 3, id + " draws something");
        Rng rng = new Rng(2);
        BufferedImage later = first;
        for (int t = 0; t < 5 && equal(first, later); t++) {
            env.step(env.actionSpace().sample(rng));
            later = renderer.render(env);
        }
        assertTrue(!equal(first, later) || id.startsWith("FrozenLake"), id + ": the picture follows the state");
    }

    private static boolean equal(BufferedImage a, BufferedImage b) {
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void animatedGifHoldsEveryFrame() throws Exception {
        Env<float[], Integer> env = Envs.make("CartPole-v1");
        EnvRenderer renderer = EnvRenderer.forEnv(env);
        env.reset(0);
        List<BufferedImage> frames = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            frames.add(renderer.render(env));
            env.step(t % 2);
        }
        Path gif = dir.resolve("cartpole.gif");
        AnimatedGif.write(gif, frames, 40);
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            assertEquals(6, reader.getNumImages(true));
            assertEquals(600, reader.read(0).getWidth());
        }
    }

    @Test
    void envsWithoutARendererAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnvRenderer.forEnv(Envs.make("Blackjack-v1")));
        assertTrue(e.getMessage().contains("Blackjack-v1"));
        assertNotEquals(null, e.getMessage());
    }
}
