package dev.reins.cli;

import dev.reins.bench.experiment.RunConfig;
import dev.reins.bench.experiment.TrainingRun;
import dev.reins.core.env.Env;
import dev.reins.core.env.StepResult;
import dev.reins.core.policy.Policy;
import dev.reins.core.random.Rng;
import dev.reins.envs.classic.ClassicControlEnv;
import dev.reins.envs.registry.Envs;
import dev.reins.envs.render.AnimatedGif;
import dev.reins.envs.render.EnvRenderer;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reins render}: draws episodes of an env, with random actions or a trained run's policy. */
@Command(name = "render", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Draw episodes as an animated GIF (or PNG frames), headless.")
final class RenderCommand implements Callable<Integer> {
    @Option(names = "--env", description = "Env id (default: the run's env with --policy).")
    String env;

    @Option(names = "--policy", paramLabel = "RUN_DIR", description = "Act with this run's trained policy (default: random actions).")
    Path policyRun;

    @Option(names = "--out", required = true, description = "Output: a .gif file, or a folder for PNG frames.")
    Path out;

    @Option(names = "--overwrite", description = "Replace an existing --out (file or frames folder).")
    boolean overwrite;

    @Option(names = "--best", description = "With --policy: the run's best periodic evaluation (best/) instead of its last checkpoint.")
    boolean best;

    @Option(names = "--episodes", defaultValue = "1", description = "Episodes to draw (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--max-steps", defaultValue = "500", description = "Frames per episode at most (default: ${DEFAULT-VALUE}).")
    int maxSteps;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the first episode (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Integer call() throws Exception {
        if (episodes <= 0 || maxSteps <= 0) {
            throw new IllegalArgumentException("--episodes and --max-steps must be > 0, got " + episodes + " and " + maxSteps);
        }
        if (best && policyRun == null) {
            throw new IllegalArgumentException("--best needs --policy RUN_DIR");
        }
        boolean gif = out.getFileName() != null && out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gif");
        OutputDirectory frameFolder = null;
        if (gif) {
            OutputFile.claim(out, overwrite, "--out");
        } else {
            String name = out.getFileName() == null ? "" : out.getFileName().toString();
            if (name.lastIndexOf('.') > 0 && !Files.isDirectory(out)) {
                throw new IllegalArgumentException("--out " + out + ": expected a .gif file, or a folder (a name without an "
                        + "extension) for PNG frames");
            }
            frameFolder = OutputDirectory.claim(out, overwrite);
        }
        Env environment;
        Policy policy;
        if (policyRun != null) {
            RunConfig config = TrainingRun.readConfig(policyRun);
            if (env != null && !Envs.registration(env).id().equals(Envs.registration(config.env()).id())) {
                throw new IllegalArgumentException("run " + policyRun + " was trained on " + config.env() + ", not " + env);
            }
            TrainingRun run = TrainingRun.prepare(config);
            run.loadCheckpoint(policyRun, best);
            environment = run.makeEnv();
            policy = run.algorithm().policy();
        } else {
            if (env == null) {
                throw new IllegalArgumentException("--env or --policy is required");
            }
            environment = Envs.make(env);
            Rng rng = new Rng(seed ^ 0x5EEDL);
            Env<?, ?> e = environment;
            policy = obs -> e.actionSpace().sample(rng);
        }
        EnvRenderer renderer = EnvRenderer.forEnv(environment);
        List<BufferedImage> frames = new ArrayList<>();
        double[] returns = new double[episodes];
        for (int k = 0; k < episodes; k++) {
            Object obs = environment.reset(seed + k).observation();
            frames.add(renderer.render(environment));
            for (int t = 0; t < maxSteps; t++) {
                StepResult<?> r = environment.step(policy.act(obs));
                returns[k] += r.reward();
                obs = r.observation();
                frames.add(renderer.render(environment));
                if (r.done()) {
                    break;
                }
            }
        }
        boolean classic = environment.unwrapped() instanceof ClassicControlEnv<?>;
        if (gif) {
            AnimatedGif.write(out, frames, classic ? 33 : 250);
        } else {
            Path dir = frameFolder.create();
            for (int i = 0; i < frames.size(); i++) {
                ImageIO.write(frames.get(i), "png", dir.resolve(String.format(Locale.ROOT, "frame-%05d.png", i)).toFile());
            }
            frameFolder.commit();
        }
        System.out.printf(Locale.ROOT, "%d frames of %s (%s), returns %s -> %s%n", frames.size(), environment.name(),
                policyRun != null ? "policy of " + policyRun : "random actions", java.util.Arrays.toString(returns), out);
        return 0;
    }
}
