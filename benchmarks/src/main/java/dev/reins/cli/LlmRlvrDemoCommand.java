package dev.reins.cli;

import dev.reins.bench.llm.RlvrCurvesPlot;
import dev.reins.core.config.Configs;
import dev.reins.llm.rl.RlvrDemo;
import dev.reins.llm.rl.RlvrDemoConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reins llm rlvr-demo}: SFT then GRPO on addition, with before/after accuracy. */
@Command(name = "rlvr-demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"RLVR end to end: SFT a tiny transformer on two-digit addition (\"37+48=\" -> \"85\"),",
            "then GRPO with the exact-answer verifier as the only reward; reports held-out accuracy",
            "before and after, pass@8 and KL, writes summary.json and plots the curves."})
final class LlmRlvrDemoCommand implements Callable<Integer> {
    @Option(names = "--out", description = "Output directory (default: ${DEFAULT-VALUE}).", defaultValue = "runs/rlvr-demo")
    Path out;

    @Option(names = "--overwrite", description = "Replace a non-empty --out once this run finishes.")
    boolean overwrite;

    @Option(names = "--seed", description = "Seed of data split, initialization, sampling (default: ${DEFAULT-VALUE}).",
            defaultValue = "0")
    long seed;

    @Option(names = "--quick", description = "The miniature version CI runs (200 test prompts, 150 GRPO iterations).")
    boolean quick;

    @Option(names = "--config", paramLabel = "FILE.yaml", description = "Overrides of the demo config (see DIR/config.json).")
    Path config;

    @Option(names = "--hp", paramLabel = "KEY=VALUE", description = "Override one setting, e.g. --hp grpo_iterations=100 "
            + "or --hp sft.steps=800 (YAML value; repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        RlvrDemoConfig cfg = quick ? RlvrDemoConfig.miniature() : RlvrDemoConfig.standard();
        if (config != null) {
            cfg = Configs.read(config, cfg, RlvrDemoConfig.class);
        }
        if (!overrides.isEmpty()) {
            cfg = Configs.overlay(cfg, DottedOverrides.tree(overrides), RlvrDemoConfig.class, "--hp");
        }
        OutputDirectory target = OutputDirectory.claim(out, overwrite);
        Path dir = target.create();
        RlvrDemo.Result r = new RlvrDemo(cfg).run(dir, seed, System.out::println);
        Path png = dir.resolve("grpo_curves.png");
        RlvrCurvesPlot.write(dir.resolve("grpo_log").resolve("metrics.jsonl"), png,
                "GRPO on " + cfg.digits() + "-digit addition (seed " + seed + ")");
        System.out.printf("accuracy %.1f%% -> %.1f%% (%+.1f points), SFT pass@%d %.1f%%, %s, %.0f s%n",
                100 * r.sftAccuracy(), 100 * r.grpoAccuracy(), 100 * (r.grpoAccuracy() - r.sftAccuracy()), cfg.passK(),
                100 * r.sftPassAtK(), r.klText(), r.wallSeconds());
        target.commit();
        System.out.println("wrote " + out.resolve("summary.json") + ", " + out.resolve("grpo_curves.png") + ", models in " + out.resolve("sft") + " and "
                + out.resolve("grpo"));
        return 0;
    }
}
