package dev.reins.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reins.core.config.ConfigException;
import dev.reins.core.config.Configs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    record Holder(Schedule rate) {}

    @Test
    void valuesOverProgress() {
        Schedule linear = new Schedule.Linear(1.0, 0.0, 0.5);
        assertEquals(1.0, linear.value(0));
        assertEquals(0.5, linear.value(0.25), 1e-12);
        assertEquals(0.0, linear.value(0.5), 1e-12);
        assertEquals(0.0, linear.value(0.9), 1e-12);
        Schedule exp = new Schedule.Exponential(1.0, 0.01, 1.0);
        assertEquals(0.1, exp.value(0.5), 1e-12);
        Schedule piecewise = new Schedule.Piecewise(List.of(new Schedule.Piecewise.Point(0.2, 1.0),
                new Schedule.Piecewise.Point(0.6, 3.0)));
        assertEquals(1.0, piecewise.value(0.0));
        assertEquals(2.0, piecewise.value(0.4), 1e-12);
        assertEquals(3.0, piecewise.value(1.0));
        assertEquals(7.0, new Schedule.Constant(7).value(0.3));
    }

    @Test
    void readsNumbersAndTypedObjectsAndWritesThemBack() throws Exception {
        Holder constant = Configs.withOverrides(new Holder(new Schedule.Constant(1)), Map.of("rate", 0.25), Holder.class, "test");
        assertEquals(new Schedule.Constant(0.25), constant.rate());
        Holder linear = Configs.overlay(new Holder(new Schedule.Constant(1)),
                new ObjectMapper().readTree("{\"rate\": {\"type\": \"linear\", \"start\": 1e-3, \"end\": 0}}"), Holder.class, "test");
        assertEquals(new Schedule.Linear(1e-3, 0, 1.0), linear.rate(), "fraction defaults to the whole run");
        String yaml = Configs.toYaml(linear);
        assertEquals(linear, Configs.overlay(new Holder(null), Configs.readYamlTree(yaml, "round trip"), Holder.class, "round trip"));
        assertEquals("rate: 0.25\n", Configs.toYaml(constant));
    }

    @Test
    void invalidSchedulesAreRejectedWithTheReason() throws Exception {
        ConfigException unknown = assertThrows(ConfigException.class, () -> Configs.overlay(new Holder(null),
                new ObjectMapper().readTree("{\"rate\": {\"type\": \"cosine\"}}"), Holder.class, "test"));
        assertEquals(true, unknown.getMessage().contains("allowed: constant, linear, exponential, piecewise"), unknown.getMessage());
        ConfigException badFraction = assertThrows(ConfigException.class, () -> Configs.overlay(new Holder(null),
                new ObjectMapper().readTree("{\"rate\": {\"type\": \"linear\", \"start\": 1, \"end\": 0, \"fraction\": 2}}"),
                Holder.class, "test"));
        assertEquals(true, badFraction.getMessage().contains("fraction must be in (0, 1], got 2.0"), badFraction.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Schedule.Exponential(0, 1, 1));
    }
}
