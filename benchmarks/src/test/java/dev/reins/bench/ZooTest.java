package dev.reins.bench;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.algorithms.Algorithms;
import dev.reins.bench.experiment.RunConfig;
import dev.reins.envs.registry.Envs;
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
}
