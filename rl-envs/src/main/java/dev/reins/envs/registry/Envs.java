package dev.reins.envs.registry;

import dev.reins.core.env.Env;
import dev.reins.core.env.EnvSpec;
import dev.reins.core.env.wrappers.TimeLimit;
import dev.reins.envs.classic.AcrobotDynamics;
import dev.reins.envs.classic.CartPoleDynamics;
import dev.reins.envs.classic.ClassicControlEnv;
import dev.reins.envs.classic.MountainCarContinuousDynamics;
import dev.reins.envs.classic.MountainCarDynamics;
import dev.reins.envs.classic.PendulumDynamics;
import dev.reins.envs.games.ConnectFour;
import dev.reins.envs.games.GameEnv;
import dev.reins.envs.games.Opponents;
import dev.reins.envs.games.TicTacToe;
import dev.reins.envs.toytext.Blackjack;
import dev.reins.envs.toytext.CliffWalking;
import dev.reins.envs.toytext.FrozenLake;
import dev.reins.envs.toytext.Taxi;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Makes environments by Gymnasium id, with the registered time limit applied (as {@code gymnasium.make}).
 *
 * <pre>{@code
 * Env<Integer, Integer> lake = Envs.make("FrozenLake-v1", Map.of("is_slippery", false));
 * EnvSpec spec = Envs.spec("Taxi-v4");     // time limit 200, threshold 8
 * for (String id : Envs.ids()) { ... }
 * }</pre>
 */
public final class Envs {
    private static final Map<String, EnvRegistration> REGISTRY = new LinkedHashMap<>();
    private static final Map<String, String> ALIASES = new HashMap<>();

    static {
        Map<String, Object> lakeOptions = new HashMap<>();
        lakeOptions.put("desc", null);
        lakeOptions.put("is_slippery", true);
        lakeOptions.put("success_rate", 1.0 / 3.0);
        lakeOptions.put("reward_schedule", List.of(1.0, 0.0, 0.0));
        register(new EnvRegistration("FrozenLake-v1", "Cross a frozen lake to the goal without falling in a hole (4x4)",
                OptionalInt.of(100), OptionalDouble.of(0.70), lakeOptions, o -> frozenLake("FrozenLake-v1", o, FrozenLake.MAP_4X4)));
        register(new EnvRegistration("FrozenLake8x8-v1", "FrozenLake on the 8x8 map",
                OptionalInt.of(200), OptionalDouble.of(0.85), lakeOptions, o -> frozenLake("FrozenLake8x8-v1", o, FrozenLake.MAP_8X8)));
        register(new EnvRegistration("CliffWalking-v1", "Walk along a cliff edge to the goal (Sutton & Barto 6.6)",
                OptionalInt.empty(), OptionalDouble.empty(), Map.of("is_slippery", false),
                o -> new CliffWalking("CliffWalking-v1", o.getBoolean("is_slippery"))));
        register(new EnvRegistration("CliffWalkingSlippery-v1", "CliffWalking where moves slip sideways with probability 2/3",
                OptionalInt.empty(), OptionalDouble.empty(), Map.of("is_slippery", true),
                o -> new CliffWalking("CliffWalkingSlippery-v1", o.getBoolean("is_slippery"))));
        register(new EnvRegistration("Taxi-v4", "Pick up a passenger and drop them at their destination (Dietterich 2000)",
                OptionalInt.of(200), OptionalDouble.of(8), Map.of("is_rainy", false, "fickle_passenger", false,
                        "rainy_probability", 0.8, "fickle_probability", 0.3),
                o -> new Taxi("Taxi-v4", o.getBoolean("is_rainy"), o.getBoolean("fickle_passenger"),
                        o.getDouble("rainy_probability"), o.getDouble("fickle_probability"))));
        register(new EnvRegistration("Blackjack-v1", "Beat the dealer at blackjack, infinite deck (Sutton & Barto 5.1)",
                OptionalInt.empty(), OptionalDouble.empty(), Map.of("natural", false, "sab", true),
                o -> new Blackjack("Blackjack-v1", o.getBoolean("natural"), o.getBoolean("sab"))));
        register(new EnvRegistration("CartPole-v1", "Balance a pole on a cart by pushing it left or right",
                OptionalInt.of(500), OptionalDouble.of(475.0), Map.of("sutton_barto_reward", false),
                o -> new ClassicControlEnv<>(new CartPoleDynamics(o.getBoolean("sutton_barto_reward")))));
        register(new EnvRegistration("MountainCar-v0", "Drive an underpowered car up a hill by rocking it",
                OptionalInt.of(200), OptionalDouble.of(-110.0), Map.of("goal_velocity", 0.0),
                o -> new ClassicControlEnv<>(new MountainCarDynamics(o.getDouble("goal_velocity")))));
        register(new EnvRegistration("MountainCarContinuous-v0", "MountainCar with a continuous force, rewarded for little effort",
                OptionalInt.of(999), OptionalDouble.of(90.0), Map.of("goal_velocity", 0.0),
                o -> new ClassicControlEnv<>(new MountainCarContinuousDynamics(o.getDouble("goal_velocity")))));
        register(new EnvRegistration("Acrobot-v1", "Swing the end of a two-link arm above the bar",
                OptionalInt.of(500), OptionalDouble.of(-100.0), Map.of(), o -> new ClassicControlEnv<>(new AcrobotDynamics())));
        register(new EnvRegistration("Pendulum-v1", "Swing a pendulum up and keep it upright with bounded torque",
                OptionalInt.of(200), OptionalDouble.empty(), Map.of("g", 10.0),
                o -> new ClassicControlEnv<>(new PendulumDynamics(o.getDouble("g")))));
        register(new EnvRegistration("TicTacToe-v0", "Three in a row on a 3x3 board against a fixed opponent (+1 win, 0 draw, -1 loss)",
                OptionalInt.empty(), OptionalDouble.empty(), Map.of("opponent", "minimax", "agent_side", "random"),
                o -> new GameEnv<>("TicTacToe-v0", new TicTacToe(), Opponents.ticTacToe(o.getString("opponent")),
                        Opponents.side("TicTacToe-v0", o.getString("agent_side")))));
        register(new EnvRegistration("ConnectFour-v0", "Four in a row on a 6x7 board against a fixed opponent (+1 win, 0 draw, -1 loss)",
                OptionalInt.empty(), OptionalDouble.empty(), Map.of("opponent", "alphabeta:4", "agent_side", "random"),
                o -> new GameEnv<>("ConnectFour-v0", new ConnectFour(), Opponents.connectFour(o.getString("opponent")),
                        Opponents.side("ConnectFour-v0", o.getString("agent_side")))));
        ALIASES.put("CliffWalking-v0", "CliffWalking-v1");
        ALIASES.put("Taxi-v3", "Taxi-v4");
    }

    private Envs() {}

    private static Env<?, ?> frozenLake(String id, EnvOptions o, List<String> defaultMap) {
        List<String> desc = o.getStringList("desc");
        return new FrozenLake(id, desc == null ? defaultMap : desc, o.getBoolean("is_slippery"), o.getDouble("success_rate"),
                o.getDoubleArray("reward_schedule", 3));
    }

    /** Adds a registration (later modules add theirs); an id may be registered once. */
    public static synchronized void register(EnvRegistration registration) {
        if (REGISTRY.containsKey(registration.id())) {
            throw new IllegalArgumentException("env id " + registration.id() + " is already registered");
        }
        REGISTRY.put(registration.id(), registration);
    }

    /** Every registered id, in registration order (aliases excluded). */
    public static synchronized List<String> ids() {
        return new ArrayList<>(REGISTRY.keySet());
    }

    /** Older ids accepted for current ones, e.g. {@code Taxi-v3 → Taxi-v4}. */
    public static Map<String, String> aliases() {
        return Map.copyOf(ALIASES);
    }

    /** The registration of {@code id} (or its alias); throws naming the known ids if there is none. */
    public static synchronized EnvRegistration registration(String id) {
        EnvRegistration r = REGISTRY.get(ALIASES.getOrDefault(id, id));
        if (r == null) {
            List<String> known = new ArrayList<>(REGISTRY.keySet());
            throw new IllegalArgumentException("unknown env '" + id + "'; known envs: " + String.join(", ", known)
                    + suggestion(id, known));
        }
        return r;
    }

    /** The spec of {@code id} with default options. */
    public static EnvSpec spec(String id) {
        EnvRegistration r = registration(id);
        return r.spec(new EnvOptions(r.id(), r.defaultOptions(), Map.of()));
    }

    /** Makes {@code id} with default options. */
    public static <O, A> Env<O, A> make(String id) {
        return make(id, Map.of());
    }

    /**
     * Makes {@code id} with {@code options} (Gymnasium's keyword arguments, snake_case), wrapped in the registered
     * {@link TimeLimit}. The caller chooses the observation and action types; they must match the env's spaces.
     */
    @SuppressWarnings("unchecked")
    public static <O, A> Env<O, A> make(String id, Map<String, ?> options) {
        EnvRegistration r = registration(id);
        EnvOptions resolved = new EnvOptions(r.id(), r.defaultOptions(), options);
        Env<O, A> env = (Env<O, A>) r.factory().apply(resolved);
        if (r.maxEpisodeSteps().isPresent()) {
            env = new TimeLimit<>(env, r.maxEpisodeSteps().getAsInt());
        }
        return env;
    }

    private static String suggestion(String id, List<String> known) {
        String lower = id.toLowerCase();
        return known.stream()
                .filter(k -> k.toLowerCase().startsWith(lower.split("-")[0]))
                .findFirst()
                .map(k -> " (did you mean " + k + "?)")
                .orElse("");
    }
}
