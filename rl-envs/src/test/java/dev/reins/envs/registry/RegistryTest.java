package dev.reins.envs.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.core.env.Env;
import dev.reins.core.env.EnvChecker;
import dev.reins.core.env.wrappers.TimeLimit;
import dev.reins.core.mdp.TabularEnv;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RegistryTest {

    static java.util.List<String> ids() {
        return Envs.ids();
    }

    @ParameterizedTest
    @MethodSource("ids")
    void everyRegisteredEnvPassesTheChecker(String id) {
        EnvChecker.check(Envs.make(id), 0, 2_000).assertPassed();
    }

    @ParameterizedTest
    @MethodSource("ids")
    void tabularModelsAreProbabilityDistributions(String id) {
        Env<?, ?> env = Envs.make(id);
        if (env.unwrapped() instanceof TabularEnv t) {
            t.mdp().validate();
        }
    }

    @Test
    void timeLimitsAndThresholdsAreGymnasiums() {
        assertEquals(100, ((TimeLimit<?, ?>) Envs.make("FrozenLake-v1")).maxEpisodeSteps());
        assertEquals(200, ((TimeLimit<?, ?>) Envs.make("FrozenLake8x8-v1")).maxEpisodeSteps());
        assertEquals(200, ((TimeLimit<?, ?>) Envs.make("Taxi-v4")).maxEpisodeSteps());
        assertTrue(Envs.spec("CliffWalking-v1").maxEpisodeSteps().isEmpty());
        assertEquals(0.70, Envs.spec("FrozenLake-v1").rewardThreshold().getAsDouble());
        assertEquals(0.85, Envs.spec("FrozenLake8x8-v1").rewardThreshold().getAsDouble());
        assertEquals(8.0, Envs.spec("Taxi-v4").rewardThreshold().getAsDouble());
    }

    @Test
    void olderIdsAreAliases() {
        assertEquals("CliffWalking-v1", Envs.make("CliffWalking-v0").name());
        assertEquals("Taxi-v4", Envs.make("Taxi-v3").name());
    }

    @Test
    void unknownIdsAndOptionsAreClearErrors() {
        IllegalArgumentException id = assertThrows(IllegalArgumentException.class, () -> Envs.make("FrozenLake-v9"));
        assertTrue(id.getMessage().contains("unknown env 'FrozenLake-v9'") && id.getMessage().contains("did you mean FrozenLake-v1"),
                id.getMessage());
        IllegalArgumentException option = assertThrows(IllegalArgumentException.class,
                () -> Envs.make("Taxi-v4", Map.of("rainy", true)));
        assertEquals("Taxi-v4 has no option 'rainy'; options: fickle_passenger, fickle_probability, is_rainy, rainy_probability",
                option.getMessage());
        IllegalArgumentException value = assertThrows(IllegalArgumentException.class,
                () -> Envs.make("FrozenLake-v1", Map.of("success_rate", 2.0)));
        assertTrue(value.getMessage().contains("success_rate must be in [0, 1]"), value.getMessage());
        IllegalArgumentException map = assertThrows(IllegalArgumentException.class,
                () -> Envs.make("FrozenLake-v1", Map.of("desc", java.util.List.of("SFX", "FFG"))));
        assertTrue(map.getMessage().contains("'X'"), map.getMessage());
    }
}
