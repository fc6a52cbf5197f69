package dev.reins.core.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Collects named arrays and strings, then writes them as one checkpoint file atomically.
 *
 * <p>Format (version {@value #VERSION}): a zip whose {@code manifest.json} lists every entry's name, dtype and
 * shape, with each entry's little-endian bytes in its own zip entry, and {@code digest.sha256} the SHA-256 of the
 * manifest followed by every entry's bytes, so any change to the content is detected on read.
 *
 * <pre>{@code
 * CheckpointWriter out = new CheckpointWriter();
 * out.putDoubles("q_table", table, numStates, numActions);
 * out.putString("algo", "q-learning");
 * out.writeTo(runDir.resolve("checkpoint.zip"));
 * }</pre>
 */
public final class CheckpointWriter {
    /** The format version this code writes and reads. */
    public static final int VERSION = 1;

    static final String FORMAT = "reins-checkpoint";
    static final String MANIFEST = "manifest.json";
    static final String DIGEST = "digest.sha256";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private record Entry(String dtype, int[] shape, byte[] bytes) {}

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** Adds a float64 array; {@code shape} defaults to {@code [data.length]} and must multiply to it. */
    public CheckpointWriter putDoubles(String name, double[] data, int... shape) {
        ByteBuffer buf = buffer(data.length * 8);
        buf.asDoubleBuffer().put(data);
        return put(name, "float64", data.length, shape, buf.array());
    }

    /** Adds a float32 array. */
    public CheckpointWriter putFloats(String name, float[] data, int... shape) {
        ByteBuffer buf = buffer(data.length * 4);
        buf.asFloatBuffer().put(data);
        return put(name, "float32", data.length, shape, buf.array());
    }

    /** Adds an int32 array. */
    public CheckpointWriter putInts(String name, int[] data, int... shape) {
        ByteBuffer buf = buffer(data.length * 4);
        buf.asIntBuffer().put(data);
        return put(name, "int32", data.length, shape, buf.array());
    }

    /** Adds an int64 array. */
    public CheckpointWriter putLongs(String name, long[] data, int... shape) {
        ByteBuffer buf = buffer(data.length * 8);
        buf.asLongBuffer().put(data);
        return put(name, "int64", data.length, shape, buf.array());
    }

    /** Adds a UTF-8 string (e.g. a JSON document). */
    /** Raw bytes (e.g. a nested checkpoint: a rollout worker's env state). */
    public CheckpointWriter putBytes(String name, byte[] data) {
        return put(name, "uint8", data.length, new int[0], data.clone());
    }

    public CheckpointWriter putString(String name, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return put(name, "utf8", bytes.length, new int[0], bytes);
    }

    /** Adds a value serialized as JSON with Jackson. */
    public CheckpointWriter putJson(String name, Object value) {
        try {
            return putString(name, MAPPER.writeValueAsString(value));
        } catch (IOException e) {
            throw new CheckpointException("cannot serialize checkpoint entry '" + name + "' as JSON: " + e.getMessage(), e);
        }
    }

    /** Whether an entry with this name was added. */
    public boolean has(String name) {
        return entries.containsKey(name);
    }

    private static ByteBuffer buffer(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private CheckpointWriter put(String name, String dtype, int length, int[] shape, byte[] bytes) {
        if (entries.containsKey(name)) {
            throw new IllegalArgumentException("checkpoint entry '" + name + "' was added twice");
        }
        int[] resolved = shape.length == 0 && !dtype.equals("utf8") ? new int[] {length} : shape.clone();
        if (!dtype.equals("utf8")) {
            long product = 1;
            for (int d : resolved) {
                product *= d;
            }
            if (product != length) {
                throw new IllegalArgumentException("checkpoint entry '" + name + "': shape "
                        + java.util.Arrays.toString(resolved) + " does not hold " + length + " values");
            }
        }
        entries.put(name, new Entry(dtype, resolved, bytes));
        return this;
    }

    /** Writes all entries to {@code path} atomically: on failure the previous file (if any) is untouched. */
    public void writeTo(Path path) throws IOException {
        AtomicFiles.write(path, this::writeZip);
    }

    /** The checkpoint file's bytes, for state that travels rather than rests (read back with {@link CheckpointReader#fromBytes}). */
    public byte[] toBytes() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            writeZip(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("a byte array cannot fail to grow", e);
        }
        return out.toByteArray();
    }

    private void writeZip(java.io.OutputStream out) throws IOException {
        ObjectNode manifest = MAPPER.createObjectNode();
        manifest.put("format", FORMAT);
        manifest.put("version", VERSION);
        ObjectNode list = manifest.putObject("entries");
        int index = 0;
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            String file = "data/" + index++ + ".bin";
            ObjectNode node = list.putObject(e.getKey());
            node.put("dtype", e.getValue().dtype());
            ArrayNode shape = node.putArray("shape");
            for (int d : e.getValue().shape()) {
                shape.add(d);
            }
            node.put("file", file);
            files.put(file, e.getValue().bytes());
        }
        byte[] manifestBytes = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        byte[] digest = digest(manifestBytes, files.values());
        {
            ZipOutputStream zip = new ZipOutputStream(out);
            zip.putNextEntry(entry(MANIFEST));
            zip.write(manifestBytes);
            zip.closeEntry();
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                zip.putNextEntry(entry(f.getKey()));
                zip.write(f.getValue());
                zip.closeEntry();
            }
            zip.putNextEntry(entry(DIGEST));
            zip.write(digest);
            zip.closeEntry();
            zip.finish();
        }
    }

    /**
     * A zip entry stamped with a fixed time, so the same state always gives the same file, byte for byte (a wall-clock
     * stamp made two saves of one state differ whenever they straddled a two-second DOS-time tick).
     */
    private static ZipEntry entry(String name) {
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(FIXED_ENTRY_TIME);
        return entry;
    }

    /** The zip format's epoch, 1980-01-01 00:00, as the time of every entry. */
    static final java.time.LocalDateTime FIXED_ENTRY_TIME = java.time.LocalDateTime.of(1980, 1, 1, 0, 0);

    /** SHA-256 of the manifest followed by every entry's bytes, in manifest order. */
    static byte[] digest(byte[] manifest, Iterable<byte[]> entries) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(manifest);
            for (byte[] e : entries) {
                sha.update(e);
            }
            return sha.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
