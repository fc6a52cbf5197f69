package dev.reins.bench.suite;

import java.util.Map;

/**
 * Published figures we compare against, transcribed from {@code ../shared/reference/README.md}: rl-baselines3-zoo's
 * benchmark (one run, deterministic evaluation; "score @ steps") and CleanRL's measured CartPole-v1 runs.
 */
public final class PublishedBaselines {
    private static final Map<String, String> ZOO = Map.ofEntries(
            Map.entry("ppo/CartPole-v1", "500 @100k"), Map.entry("a2c/CartPole-v1", "500 @500k"), Map.entry("dqn/CartPole-v1", "500 @50k"),
            Map.entry("ppo/Acrobot-v1", "−73.5 @1M"), Map.entry("a2c/Acrobot-v1", "−83.4 @500k"), Map.entry("dqn/Acrobot-v1", "−76.6 @100k"),
            Map.entry("ppo/MountainCar-v0", "−110.4 @1M"), Map.entry("a2c/MountainCar-v0", "−111.3 @1M"),
            Map.entry("dqn/MountainCar-v0", "−100.9 @120k"), Map.entry("ppo/Pendulum-v1", "−172 @100k"),
            Map.entry("a2c/Pendulum-v1", "−163 @1M"), Map.entry("td3/Pendulum-v1", "−152 @20k"), Map.entry("sac/Pendulum-v1", "−157 @20k"),
            Map.entry("ppo/MountainCarContinuous-v0", "88.3 @20k"), Map.entry("a2c/MountainCarContinuous-v0", "91.2 @100k"),
            Map.entry("td3/MountainCarContinuous-v0", "93.5 @300k"), Map.entry("sac/MountainCarContinuous-v0", "94.7 @50k"));
    private static final Map<String, String> CLEANRL = Map.of(
            "ppo/CartPole-v1", "492–500 @500k (119–152 s)", "dqn/CartPole-v1", "489–500 @500k (273–334 s)");

    private PublishedBaselines() {}

    /** rl-baselines3-zoo's figure for the pair, or "–". */
    public static String zoo(String algo, String env) {
        return ZOO.getOrDefault(algo + "/" + env, "–");
    }

    /** CleanRL's figure for the pair, or "–". */
    public static String cleanRl(String algo, String env) {
        return CLEANRL.getOrDefault(algo + "/" + env, "–");
    }
}
