package dev.reins.core.schedule;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/** Writes a constant {@link Schedule} as a plain number and the others as an object with a {@code type}. */
final class ScheduleSerializer extends StdSerializer<Schedule> {
    ScheduleSerializer() {
        super(Schedule.class);
    }

    @Override
    public void serialize(Schedule schedule, JsonGenerator gen, SerializerProvider provider) throws IOException {
        if (schedule instanceof Schedule.Constant c) {
            gen.writeNumber(c.value());
        } else if (schedule instanceof Schedule.Linear l) {
            writeInterpolation(gen, "linear", l.start(), l.end(), l.fraction());
        } else if (schedule instanceof Schedule.Exponential e) {
            writeInterpolation(gen, "exponential", e.start(), e.end(), e.fraction());
        } else if (schedule instanceof Schedule.Piecewise p) {
            gen.writeStartObject();
            gen.writeStringField("type", "piecewise");
            gen.writeArrayFieldStart("points");
            for (Schedule.Piecewise.Point point : p.points()) {
                gen.writeStartObject();
                gen.writeNumberField("progress", point.progress());
                gen.writeNumberField("value", point.value());
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
    }

    private static void writeInterpolation(JsonGenerator gen, String type, double start, double end, double fraction)
            throws IOException {
        gen.writeStartObject();
        gen.writeStringField("type", type);
        gen.writeNumberField("start", start);
        gen.writeNumberField("end", end);
        gen.writeNumberField("fraction", fraction);
        gen.writeEndObject();
    }
}
