package dev.reins.bench;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.algorithms.Algorithms;
import dev.reins.algorithms.dqn.DqnConfig;
import dev.reins.algorithms.nn.Precision;
import dev.reins.algorithms.ppo.PpoConfig;
import dev.reins.algorithms.sac.SacConfig;
import dev.reins.algorithms.td3.Td3Config;
import dev.reins.bench.experiment.RunConfig;
import dev.reins.bench.experiment.RunConfigFiles;
import dev.reins.envs.registry.Envs;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZooTest {
    @Test
    void everyEntryNamesARegisteredEnvAndItsHyperparametersBindToTheAlgorithmsConfig() {
        assertTrue(Zoo.entries().size() >= 18, "entries: " + Zoo.entries().size());
        for (Zoo.Entry e : Zoo.entries()) {
            RunConfig c = Zoo.lookup(e.algo(), e.env()).orElseThrow();
            assertDoesNotThrow(() -> Envs.spec(c.env()), e.algo() + "/" + e.env());
            assertDoesNotThrow(() -> Algorithms.get(c.algo()).config(c.hyperparameters(), "zoo/" + e.algo() + "/" + e.env()),
                    e.algo() + "/" + e.env());
        }
    }

    /** The peer-settings configs (benchmarks/peers/cleanrl) stay valid run configs with float32 networks, as CleanRL's. */
    @Test
    void cleanRlPeerConfigsBindToTheirAlgorithms() throws Exception {
        Path dir = Path.of("peers", "cleanrl"); // the tests run in the benchmarks module
        RunConfig ppo = RunConfigFiles.read(dir.resolve("ppo_CartPole-v1.yaml"), new RunConfig("?", "?", 0, 1, 100, 0, 0, Map.of(), null));
        PpoConfig p = (PpoConfig) Algorithms.get(ppo.algo()).config(ppo.hyperparameters(), "ppo_CartPole-v1.yaml");
        assertEquals(500_000, ppo.steps());
        assertEquals(Precision.FLOAT32, p.precision());
        assertEquals(4 * 128, p.numEnvs() * p.nSteps());
        RunConfig dqn = RunConfigFiles.read(dir.resolve("dqn_CartPole-v1.yaml"), new RunConfig("?", "?", 0, 1, 100, 0, 0, Map.of(), null));
        DqnConfig d = (DqnConfig) Algorithms.get(dqn.algo()).config(dqn.hyperparameters(), "dqn_CartPole-v1.yaml");
        assertEquals(Precision.FLOAT32, d.precision());
        assertEquals(java.util.List.of(120, 84), d.hidden());
        assertDoesNotThrow(() -> Envs.spec(dqn.env()));
        for (String file : new String[] {"td3_Pendulum-v1.yaml", "sac_Pendulum-v1.yaml"}) {
            RunConfig c = RunConfigFiles.read(dir.resolve(file), new RunConfig("?", "?", 0, 1, 100, 0, 0, Map.of(), null));
            Object config = Algorithms.get(c.algo()).config(c.hyperparameters(), file);
            assertEquals(20_000, c.steps(), file);
            Precision precision = config instanceof Td3Config t ? t.precision() : ((SacConfig) config).precision();
            assertEquals(Precision.FLOAT32, precision, file);
        }
    }
}
