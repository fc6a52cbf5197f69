package dev.reins.llm.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reins.core.checkpoint.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads and writes the safetensors format (Hugging Face's weight files): an 8-byte little-endian header length, a
 * JSON header mapping each tensor name to its dtype, shape and byte range, then the raw little-endian data.
 * Reading takes F32, F16, BF16 and F64 and returns arrays in {@code dtype}; writing stores FLOAT arrays as F32 and
 * DOUBLE arrays as F64, with {@code {"format": "pt"}} metadata as PyTorch's writer does. A header that is not JSON,
 * a byte range outside the file, an unknown dtype or a shape that does not match its byte count is an
 * {@link IllegalArgumentException} naming the file and the tensor.
 *
 * <pre>{@code
 * Map<String, INDArray> weights = SafeTensors.read(Path.of("gpt2/model.safetensors"), DataType.FLOAT);
 * SafeTensors.write(Path.of("out/model.safetensors"), weights);
 * }</pre>
 */
public final class SafeTensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Headers larger than this are not weight files (the reference implementation caps them at 100 MB too). */
    private static final long MAX_HEADER = 100L << 20;

    private SafeTensors() {}

    /** Every tensor of {@code file}, converted to {@code dtype}, in header order. */
    public static Map<String, INDArray> read(Path file, DataType dtype) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = ch.size();
            if (fileSize < 8) {
                throw bad(file, "is " + fileSize + " bytes long; a safetensors file starts with an 8-byte header length");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lengthBytes, 0);
            long headerLength = lengthBytes.getLong(0);
            if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > fileSize) {
                throw bad(file, "header length " + headerLength + " does not fit a file of " + fileSize + " bytes");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(ch, headerBytes, 8);
            JsonNode header;
            try {
                header = JSON.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw bad(file, "header is not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
            }
            if (header == null || !header.isObject()) {
                throw bad(file, "header is not a JSON object");
            }
            long dataStart = 8 + headerLength;
            long dataSize = fileSize - dataStart;
            Map<String, INDArray> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("__metadata__")) {
                    continue;
                }
                out.put(e.getKey(), readTensor(ch, file, e.getKey(), e.getValue(), dataStart, dataSize, dtype));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static INDArray readTensor(FileChannel ch, Path file, String name, JsonNode info, long dataStart, long dataSize,
            DataType dtype) throws IOException {
        String where = "tensor '" + name + "'";
        String kind = info.path("dtype").asText("");
        int width = switch (kind) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            case "F64" -> 8;
            default -> throw bad(file, where + " has dtype '" + kind + "'; readable are F32, F16, BF16, F64");
        };
        JsonNode shapeNode = info.path("shape");
        JsonNode offsets = info.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw bad(file, where + " needs a 'shape' list and 'data_offsets' [begin, end]");
        }
        long[] shape = new long[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong(-1);
            if (shape[i] < 0) {
                throw bad(file, where + " has a negative or non-integer dimension in shape " + shapeNode);
            }
            count *= shape[i];
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin || end > dataSize) {
            throw bad(file, where + " has data_offsets [" + begin + ", " + end + "] outside the " + dataSize + " data bytes");
        }
        if (end - begin != count * width) {
            throw bad(file, where + " of dtype " + kind + " and shape " + shapeNode + " needs " + count * width + " bytes, but its data_offsets span "
                    + (end - begin));
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw bad(file, where + " has " + count + " elements, more than one array holds");
        }
        ByteBuffer bytes = ch.map(FileChannel.MapMode.READ_ONLY, dataStart + begin, end - begin).order(ByteOrder.LITTLE_ENDIAN);
        int n = (int) count;
        if (dtype == DataType.DOUBLE) {
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = element(bytes, kind, i);
            }
            return Nd4j.create(values, shape, 'c');
        }
        float[] values = new float[n];
        if (kind.equals("F32")) {
            bytes.asFloatBuffer().get(values);
        } else {
            for (int i = 0; i < n; i++) {
                values[i] = (float) element(bytes, kind, i);
            }
        }
        return Nd4j.create(values, shape, 'c');
    }

    private static double element(ByteBuffer bytes, String kind, int i) {
        return switch (kind) {
            case "F32" -> bytes.getFloat(4 * i);
            case "F64" -> bytes.getDouble(8 * i);
            case "BF16" -> Float.intBitsToFloat((bytes.getShort(2 * i) & 0xffff) << 16);
            default -> halfToFloat(bytes.getShort(2 * i));
        };
    }

    /** IEEE 754 binary16 → float (exact: every half is a float). */
    static float halfToFloat(short bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f; // subnormal (or zero)
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** Writes {@code tensors} (FLOAT → F32, DOUBLE → F64) to {@code file} atomically. */
    public static void write(Path file, Map<String, INDArray> tensors) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
            INDArray a = e.getValue();
            if (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE) {
                throw new IllegalArgumentException("tensor '" + e.getKey() + "' is " + a.dataType() + "; only FLOAT and DOUBLE are written");
            }
            long bytes = a.length() * (a.dataType() == DataType.FLOAT ? 4 : 8);
            ObjectNode info = header.putObject(e.getKey());
            info.put("dtype", a.dataType() == DataType.FLOAT ? "F32" : "F64");
            ArrayNode shape = info.putArray("shape");
            for (long s : a.shape()) {
                shape.add(s);
            }
            info.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8; // data 8-byte aligned, padded with spaces as the reference writer does
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        AtomicFiles.write(file, out -> {
            out.write(head.array());
            ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (INDArray a : tensors.values()) {
                INDArray c = a.ordering() == 'c' && !a.isView() ? a : a.dup('c');
                if (c.dataType() == DataType.FLOAT) {
                    float[] values = c.data().asFloat();
                    for (int from = 0; from < values.length; from += chunk.capacity() / 4) {
                        int n = Math.min(chunk.capacity() / 4, values.length - from);
                        chunk.clear();
                        chunk.asFloatBuffer().put(values, from, n);
                        out.write(chunk.array(), 0, 4 * n);
                    }
                } else {
                    double[] values = c.data().asDouble();
                    for (int from = 0; from < values.length; from += chunk.capacity() / 8) {
                        int n = Math.min(chunk.capacity() / 8, values.length - from);
                        chunk.clear();
                        chunk.asDoubleBuffer().put(values, from, n);
                        out.write(chunk.array(), 0, 8 * n);
                    }
                }
                if (c != a) {
                    NdArrays.close(c);
                }
            }
        });
    }

    private static void readFully(FileChannel ch, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = ch.read(buffer, at);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            at += n;
        }
    }

    private static IllegalArgumentException bad(Path file, String what) {
        return new IllegalArgumentException(file + ": " + what);
    }
}
