package dev.reins.cli;

import dev.reins.bench.llm.RlhfDemoPlots;
import dev.reins.core.config.Configs;
import dev.reins.llm.rlhf.RlhfDemo;
import dev.reins.llm.rlhf.RlhfDemoConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reins llm rlhf-demo}: every RLHF method against a hidden gold reward, end to end. */
@Command(name = "rlhf-demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "RLHF end to end on a task with a hidden gold reward: SFT, preference pairs labelled by the gold reward, a reward "
                + "model, then PPO, DPO, IPO, GRPO, best-of-N and rejection sampling, each measured by gold reward, win rate against the "
                + "SFT model and KL to it. Writes summary.json, frontier.png and ppo_hacking.png into --out.")
final class LlmRlhfDemoCommand implements Callable<Integer> {
    @Option(names = "--out", description = "Output directory (default: ${DEFAULT-VALUE}).", defaultValue = "runs/rlhf-demo")
    Path out;

    @Option(names = "--overwrite", description = "Replace a non-empty --out once this run finishes.")
    boolean overwrite;

    @Option(names = "--seed", description = "Seed of the data, models and sampling (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    long seed;

    @Option(names = "--quick", description = "The CI version: less data, one setting per method, shorter training.")
    boolean quick;

    @Option(names = "--config", paramLabel = "FILE.yaml", description = "Overrides of the demo config (see DIR/config.json).")
    Path config;

    @Option(names = "--hp", paramLabel = "KEY=VALUE", description = "Override one setting, e.g. --hp ppo_iterations=200 or "
            + "--hp dpo.steps=400 (YAML value; repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        RlhfDemoConfig cfg = quick ? RlhfDemoConfig.quick() : RlhfDemoConfig.standard();
        if (config != null) {
            cfg = Configs.read(config, cfg, RlhfDemoConfig.class);
        }
        if (!overrides.isEmpty()) {
            cfg = Configs.overlay(cfg, DottedOverrides.tree(overrides), RlhfDemoConfig.class, "--hp");
        }
        OutputDirectory target = OutputDirectory.claim(out, overwrite);
        Path dir = target.create();
        RlhfDemo.Result r = new RlhfDemo(cfg).run(dir, seed, System.out::println);
        RlhfDemoPlots.frontier(r, dir.resolve("frontier.png"), "Gold reward against KL to the SFT model (seed " + seed + ")");
        double mainBeta = cfg.ppoKlCoefficients().get(0);
        RlhfDemoPlots.hacking(dir.resolve("ppo_beta" + mainBeta + "_log").resolve("metrics.jsonl"), dir.resolve("ppo_hacking.png"),
                "PPO (β = " + mainBeta + "): reward-model score and gold score of its samples (seed " + seed + ")");
        System.out.printf("reward model accuracy %.3f (ceiling %.3f); SFT gold reward %.3f%n", r.rmAccuracy(), r.rmAccuracyCeiling(),
                r.sft().goldReward());
        r.methods().forEach((name, p) -> System.out.printf("  %-19s %-9s gold %.3f, win rate %.3f, KL %.2f%n", name, p.setting(),
                p.goldReward(), p.winRate(), p.klToSft()));
        target.commit();
        System.out.println("wrote " + out.resolve("summary.json") + ", " + out.resolve("frontier.png") + ", " + out.resolve("ppo_hacking.png"));
        return 0;
    }
}
