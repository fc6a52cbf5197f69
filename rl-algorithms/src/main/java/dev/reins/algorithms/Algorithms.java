package dev.reins.algorithms;

import dev.reins.algorithms.a2c.A2c;
import dev.reins.algorithms.a2c.A2cConfig;
import dev.reins.algorithms.alphazero.AlphaZero;
import dev.reins.algorithms.alphazero.AlphaZeroConfig;
import dev.reins.algorithms.dqn.Dqn;
import dev.reins.algorithms.imitation.AdversarialConfig;
import dev.reins.algorithms.imitation.AdversarialImitation;
import dev.reins.algorithms.imitation.BcConfig;
import dev.reins.algorithms.imitation.BehaviorCloning;
import dev.reins.algorithms.imitation.Dagger;
import dev.reins.algorithms.imitation.DaggerConfig;
import dev.reins.algorithms.imitation.MaxEntIrl;
import dev.reins.algorithms.imitation.MaxEntIrlConfig;
import dev.reins.algorithms.dqn.DqnConfig;
import dev.reins.algorithms.ppo.Ppo;
import dev.reins.algorithms.ppo.PpoConfig;
import dev.reins.algorithms.reinforce.Reinforce;
import dev.reins.algorithms.reinforce.ReinforceConfig;
import dev.reins.algorithms.sac.Sac;
import dev.reins.algorithms.sac.SacConfig;
import dev.reins.algorithms.tabular.DynamicProgrammingConfig;
import dev.reins.algorithms.td3.Td3;
import dev.reins.algorithms.td3.Td3Config;
import dev.reins.algorithms.trpo.Trpo;
import dev.reins.algorithms.trpo.TrpoConfig;
import dev.reins.algorithms.tabular.ExpectedSarsa;
import dev.reins.algorithms.tabular.MonteCarloConfig;
import dev.reins.algorithms.tabular.MonteCarloControl;
import dev.reins.algorithms.tabular.PolicyIteration;
import dev.reins.algorithms.tabular.QLambda;
import dev.reins.algorithms.tabular.QLearning;
import dev.reins.algorithms.tabular.Sarsa;
import dev.reins.algorithms.tabular.SarsaLambda;
import dev.reins.algorithms.tabular.TdControlConfig;
import dev.reins.algorithms.tabular.TraceControlConfig;
import dev.reins.algorithms.tabular.ValueIteration;
import dev.reins.core.env.Env;
import dev.reins.core.env.wrappers.FlattenDiscreteObservation;
import dev.reins.core.space.Discrete;
import dev.reins.core.space.MultiDiscrete;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Every algorithm by its command-line name.
 *
 * <pre>{@code
 * AlgorithmSpec<?> spec = Algorithms.get("q-learning");
 * Algorithm<?, ?> agent = spec.create(Envs.make("CliffWalking-v1"), spec.defaults().get(), 0L);
 * }</pre>
 */
public final class Algorithms {
    private static final Map<String, AlgorithmSpec<?>> REGISTRY = new LinkedHashMap<>();

    static {
        register(new AlgorithmSpec<>("value-iteration", "tabular", "Value iteration on the env's known MDP (steps = sweeps)",
                DynamicProgrammingConfig.class, DynamicProgrammingConfig::defaults, 10_000, UnaryOperator.identity(),
                (envs, c, seed) -> new ValueIteration(envs.single(), c)));
        register(new AlgorithmSpec<>("policy-iteration", "tabular",
                "Policy iteration on the env's known MDP (steps = improvement rounds)", DynamicProgrammingConfig.class,
                DynamicProgrammingConfig::defaults, 1_000, UnaryOperator.identity(), (envs, c, seed) -> new PolicyIteration(envs.single(), c)));
        register(new AlgorithmSpec<>("monte-carlo", "tabular", "First-visit on-policy Monte Carlo control, epsilon-soft",
                MonteCarloConfig.class, MonteCarloConfig::defaults, 100_000, Algorithms::tabular,
                (envs, c, seed) -> new MonteCarloControl(discrete(envs.single(), "monte-carlo"), c, seed)));
        register(new AlgorithmSpec<>("q-learning", "tabular", "Q-learning: off-policy one-step TD control",
                TdControlConfig.class, TdControlConfig::defaults, 100_000, Algorithms::tabular,
                (envs, c, seed) -> new QLearning(discrete(envs.single(), "q-learning"), c, seed)));
        register(new AlgorithmSpec<>("sarsa", "tabular", "SARSA: on-policy one-step TD control", TdControlConfig.class,
                TdControlConfig::defaults, 100_000, Algorithms::tabular, (envs, c, seed) -> new Sarsa(discrete(envs.single(), "sarsa"), c, seed)));
        register(new AlgorithmSpec<>("expected-sarsa", "tabular", "Expected SARSA: TD control with the expected next value",
                TdControlConfig.class, TdControlConfig::defaults, 100_000, Algorithms::tabular,
                (envs, c, seed) -> new ExpectedSarsa(discrete(envs.single(), "expected-sarsa"), c, seed)));
        register(new AlgorithmSpec<>("sarsa-lambda", "tabular", "SARSA(lambda) with eligibility traces",
                TraceControlConfig.class, TraceControlConfig::defaults, 100_000, Algorithms::tabular,
                (envs, c, seed) -> new SarsaLambda(discrete(envs.single(), "sarsa-lambda"), c, seed)));
        register(new AlgorithmSpec<>("q-lambda", "tabular", "Watkins's Q(lambda): Q-learning with traces cut on exploration",
                TraceControlConfig.class, TraceControlConfig::defaults, 100_000, Algorithms::tabular,
                (envs, c, seed) -> new QLambda(discrete(envs.single(), "q-lambda"), c, seed)));
        register(new AlgorithmSpec<>("dqn", "value", "Deep Q-Network (options: double_dqn, dueling, prioritized_replay, n_steps)",
                DqnConfig.class, DqnConfig::defaults, 100_000, UnaryOperator.identity(), (envs, c, seed) -> new Dqn(envs, c, seed)));
        register(new AlgorithmSpec<>("double-dqn", "value", "DQN with Double Q-learning targets", DqnConfig.class,
                DqnConfig::doubleDqnDefaults, 100_000, UnaryOperator.identity(), (envs, c, seed) -> new Dqn(envs, c, seed)));
        register(new AlgorithmSpec<>("ppo", "policy-gradient", "Proximal Policy Optimization, clipped surrogate (discrete and continuous actions)",
                PpoConfig.class, PpoConfig::defaults, 100_000, UnaryOperator.identity(), (envs, c, seed) -> new Ppo(envs, c, seed)));
        register(new AlgorithmSpec<>("a2c", "policy-gradient", "Synchronous Advantage Actor-Critic (n-step / GAE, RMSprop)",
                A2cConfig.class, A2cConfig::defaults, 500_000, UnaryOperator.identity(), (envs, c, seed) -> new A2c(envs, c, seed)));
        register(new AlgorithmSpec<>("reinforce", "policy-gradient", "REINFORCE: Monte Carlo policy gradient on whole episodes (optional baseline)",
                ReinforceConfig.class, ReinforceConfig::defaults, 300_000, UnaryOperator.identity(),
                (envs, c, seed) -> new Reinforce(envs, c, seed)));
        register(new AlgorithmSpec<>("trpo", "policy-gradient", "Trust Region Policy Optimization (conjugate gradient, KL line search)",
                TrpoConfig.class, TrpoConfig::defaults, 100_000, UnaryOperator.identity(), (envs, c, seed) -> new Trpo(envs, c, seed)));
        register(new AlgorithmSpec<>("ddpg", "actor-critic", "Deep Deterministic Policy Gradient (TD3 with one critic, no smoothing or delay)",
                Td3Config.class, Td3Config::ddpgDefaults, 20_000, UnaryOperator.identity(), (envs, c, seed) -> new Td3(envs, c, seed, "ddpg")));
        register(new AlgorithmSpec<>("td3", "actor-critic", "Twin Delayed DDPG: clipped double Q, target smoothing, delayed actor",
                Td3Config.class, Td3Config::defaults, 20_000, UnaryOperator.identity(), (envs, c, seed) -> new Td3(envs, c, seed, "td3")));
        register(new AlgorithmSpec<>("alphazero", "search", "AlphaZero: self-play with PUCT search and a policy/value network (board games)",
                AlphaZeroConfig.class, AlphaZeroConfig::defaults, 50_000, UnaryOperator.identity(),
                (envs, c, seed) -> new AlphaZero<>(boardGame(envs.single(), "alphazero"), c, seed)));
        register(new AlgorithmSpec<>("bc", "imitation", "Behaviour cloning: maximum likelihood of the demonstrated actions (--demos)",
                BcConfig.class, BcConfig::defaults, 10_000, UnaryOperator.identity(),
                (envs, c, seed) -> BehaviorCloning.fromFile(envs.single(), envs.id(), c, seed)));
        register(new AlgorithmSpec<>("dagger", "imitation", "DAgger: the learner drives, an expert run labels every state (--expert)",
                DaggerConfig.class, DaggerConfig::defaults, 8_000, UnaryOperator.identity(),
                (envs, c, seed) -> Dagger.fromConfig(envs.single(), envs.id(), c, seed)));
        register(new AlgorithmSpec<>("gail", "imitation", "GAIL: PPO paid by a (state, action) discriminator, no env reward (--demos)",
                AdversarialConfig.class, AdversarialConfig::defaults, 300_000, UnaryOperator.identity(),
                (envs, c, seed) -> AdversarialImitation.fromFile(envs, c, AdversarialImitation.Variant.GAIL, seed)));
        register(new AlgorithmSpec<>("airl", "imitation", "AIRL: GAIL with a shaped discriminator that recovers a reward g(s) (--demos)",
                AdversarialConfig.class, AdversarialConfig::defaults, 300_000, UnaryOperator.identity(),
                (envs, c, seed) -> AdversarialImitation.fromFile(envs, c, AdversarialImitation.Variant.AIRL, seed)));
        register(new AlgorithmSpec<>("maxent-irl", "imitation", "Maximum-entropy IRL on a known MDP: a state reward that explains the demonstrations (steps = gradient steps)",
                MaxEntIrlConfig.class, MaxEntIrlConfig::defaults, 500, UnaryOperator.identity(),
                (envs, c, seed) -> MaxEntIrl.fromFile(envs.single(), envs.id(), c)));
        register(new AlgorithmSpec<>("sac", "actor-critic", "Soft Actor-Critic: squashed Gaussian, twin critics, automatic entropy tuning",
                SacConfig.class, SacConfig::defaults, 20_000, UnaryOperator.identity(), (envs, c, seed) -> new Sac(envs, c, seed)));
    }

    private Algorithms() {}

    /** Adds an algorithm; a name may be registered once. */
    public static synchronized void register(AlgorithmSpec<?> spec) {
        if (REGISTRY.putIfAbsent(spec.name(), spec) != null) {
            throw new IllegalArgumentException("algorithm " + spec.name() + " is already registered");
        }
    }

    /** Every algorithm, in registration order. */
    public static synchronized List<AlgorithmSpec<?>> all() {
        return new ArrayList<>(REGISTRY.values());
    }

    /** The algorithm called {@code name}; throws naming the known ones if there is none. */
    public static synchronized AlgorithmSpec<?> get(String name) {
        AlgorithmSpec<?> spec = REGISTRY.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("unknown algorithm '" + name + "'; known algorithms: "
                    + String.join(", ", REGISTRY.keySet()));
        }
        return spec;
    }

    /** Tabular methods index tables by one integer: flatten tuple-of-discrete observations (Blackjack). */
    @SuppressWarnings("unchecked")
    static Env<?, ?> tabular(Env<?, ?> env) {
        if (env.observationSpace() instanceof MultiDiscrete) {
            return new FlattenDiscreteObservation<>((Env<int[], Object>) env);
        }
        return env;
    }

    @SuppressWarnings("unchecked")
    static Env<Integer, Integer> discrete(Env<?, ?> env, String algorithm) {
        if (!(env.observationSpace() instanceof Discrete) || !(env.actionSpace() instanceof Discrete)) {
            throw new IllegalArgumentException(algorithm + " is tabular: it needs Discrete observations and actions; "
                    + env.name() + " has observations " + env.observationSpace() + " and actions " + env.actionSpace());
        }
        return (Env<Integer, Integer>) env;
    }

    /** The game behind a board-game env (TicTacToe-v0, ConnectFour-v0). */
    static dev.reins.core.game.BoardGame<?> boardGame(Env<?, ?> env, String algorithm) {
        if (env.unwrapped() instanceof dev.reins.core.game.BoardGameEnv<?> board) {
            return board.game();
        }
        throw new IllegalArgumentException(algorithm + " learns board games by self-play; " + env.name()
                + " is not one (board games: TicTacToe-v0, ConnectFour-v0)");
    }
}
