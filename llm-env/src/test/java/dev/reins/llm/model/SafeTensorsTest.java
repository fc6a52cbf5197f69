package dev.reins.llm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SafeTensorsTest {
    @Test
    void writtenTensorsReadBackExactly(@TempDir Path dir) throws Exception {
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        tensors.put("a", Nd4j.create(new float[] {1.5f, -2f, 3.25f, 1e-30f, Float.MAX_VALUE, 0f}, new long[] {2, 3}, 'c'));
        tensors.put("b.weight", Nd4j.create(new double[] {Math.PI, -Math.E}, new long[] {2}, 'c'));
        SafeTensors.write(dir.resolve("t.safetensors"), tensors);
        Map<String, INDArray> back = SafeTensors.read(dir.resolve("t.safetensors"), DataType.FLOAT);
        assertEquals(tensors.get("a"), back.get("a"));
        Map<String, INDArray> doubles = SafeTensors.read(dir.resolve("t.safetensors"), DataType.DOUBLE);
        assertEquals(Math.PI, doubles.get("b.weight").getDouble(0), 0);
        // The data starts 8-byte aligned after the header, as the reference writer keeps it.
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("t.safetensors")), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8);
    }

    @Test
    void halfPrecisionDecodesEveryKindOfValue() {
        assertEquals(1.0f, SafeTensors.halfToFloat((short) 0x3c00));
        assertEquals(-2.0f, SafeTensors.halfToFloat((short) 0xc000));
        assertEquals(65504f, SafeTensors.halfToFloat((short) 0x7bff));
        assertEquals(0x1p-24f, SafeTensors.halfToFloat((short) 0x0001)); // smallest subnormal
        assertEquals(-0.0f, SafeTensors.halfToFloat((short) 0x8000));
        assertEquals(Float.POSITIVE_INFINITY, SafeTensors.halfToFloat((short) 0x7c00));
        assertTrue(Float.isNaN(SafeTensors.halfToFloat((short) 0x7e00)));
    }

    @Test
    void badFilesAreNamedWithTheTensor(@TempDir Path dir) throws Exception {
        assertBad(dir, "{\"x\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 16]}}", 8, "'x'", "outside the 8 data bytes");
        assertBad(dir, "{\"x\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [0, 8]}}", 8, "'x'", "needs 12 bytes");
        assertBad(dir, "{\"x\": {\"dtype\": \"I8\", \"shape\": [8], \"data_offsets\": [0, 8]}}", 8, "'x'", "dtype 'I8'");
        assertBad(dir, "{\"x\": ", 8, "not valid JSON");
        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(tiny, DataType.FLOAT)).getMessage().contains("3 bytes"));
        Path huge = dir.resolve("huge.safetensors");
        Files.write(huge, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(huge, DataType.FLOAT)).getMessage()
                .contains("header length"));
    }

    private static void assertBad(Path dir, String header, int dataBytes, String... expected) throws Exception {
        Path file = dir.resolve("bad.safetensors");
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
        out.write(json);
        out.write(new byte[dataBytes]);
        Files.write(file, out.toByteArray());
        String message = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(file, DataType.FLOAT)).getMessage();
        assertTrue(message.contains(file.toString()), message);
        for (String e : expected) {
            assertTrue(message.contains(e), message);
        }
    }
}
