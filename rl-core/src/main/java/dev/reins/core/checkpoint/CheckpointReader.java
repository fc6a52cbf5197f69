package dev.reins.core.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads a checkpoint written by {@link CheckpointWriter}. The whole file is read and verified up front (format,
 * version, every entry present and its CRC intact), so a corrupt file fails before anything is loaded; typed
 * getters then check dtype and shape against what the caller expects.
 *
 * <pre>{@code
 * CheckpointReader in = CheckpointReader.read(path);
 * double[] table = in.doubles("q_table", numStates, numActions);   // throws if the shape differs
 * }</pre>
 */
public final class CheckpointReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private record Entry(String dtype, int[] shape, byte[] bytes) {}

    private final String source;
    private final Map<String, Entry> entries;

    private CheckpointReader(String source, Map<String, Entry> entries) {
        this.source = source;
        this.entries = entries;
    }

    /** Reads and verifies the checkpoint at {@code path}. */
    public static CheckpointReader read(Path path) {
        try (InputStream raw = Files.newInputStream(path)) {
            return parse(path.toString(), raw);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("checkpoint " + path + " does not exist");
        } catch (IOException e) {
            throw new CheckpointException("cannot read checkpoint " + path + ": " + e.getMessage(), e);
        }
    }

    /** Reads and verifies a checkpoint from the bytes {@link CheckpointWriter#toBytes} made; {@code source} names it in errors. */
    public static CheckpointReader fromBytes(byte[] bytes, String source) {
        try {
            return parse(source, new java.io.ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new CheckpointException("cannot read checkpoint " + source + ": " + e.getMessage(), e);
        }
    }

    private static CheckpointReader parse(String source, InputStream raw) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(raw)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                files.put(entry.getName(), zip.readAllBytes()); // a CRC mismatch throws ZipException here
            }
        } catch (ZipException | java.io.EOFException | IllegalArgumentException e) {
            // IllegalArgumentException: the zip reader's answer to a mangled entry name
            String why = e instanceof java.io.EOFException || e.getMessage() == null ? "it ends early (truncated)" : e.getMessage();
            throw new CheckpointException("checkpoint " + source + " is corrupt: " + why + "; resume from an intact copy", e);
        }
        byte[] manifestBytes = files.get(CheckpointWriter.MANIFEST);
        if (manifestBytes == null) {
            throw new CheckpointException("checkpoint " + source + " is corrupt or not a Reins checkpoint: no "
                    + CheckpointWriter.MANIFEST);
        }
        JsonNode manifest;
        try {
            manifest = MAPPER.readTree(manifestBytes);
        } catch (IOException e) {
            throw new CheckpointException("checkpoint " + source + " has an unreadable manifest: " + e.getMessage(), e);
        }
        if (!CheckpointWriter.FORMAT.equals(manifest.path("format").asText())) {
            throw new CheckpointException("checkpoint " + source + " is not a Reins checkpoint (format '"
                    + manifest.path("format").asText() + "')");
        }
        int version = manifest.path("version").asInt(-1);
        if (version != CheckpointWriter.VERSION) {
            throw new CheckpointException("checkpoint " + source + " has format version " + version
                    + "; this build reads version " + CheckpointWriter.VERSION);
        }
        Map<String, Entry> entries = new HashMap<>();
        java.util.List<byte[]> ordered = new java.util.ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = manifest.path("entries").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode node = e.getValue();
            byte[] bytes = files.get(node.path("file").asText());
            if (bytes == null) {
                throw new CheckpointException("checkpoint " + source + " is corrupt: entry '" + e.getKey() + "' has no data");
            }
            int[] shape = new int[node.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = node.path("shape").get(i).asInt();
            }
            entries.put(e.getKey(), new Entry(node.path("dtype").asText(), shape, bytes));
            ordered.add(bytes);
        }
        byte[] digest = files.get(CheckpointWriter.DIGEST);
        if (digest == null || !java.security.MessageDigest.isEqual(digest, CheckpointWriter.digest(manifestBytes, ordered))) {
            throw new CheckpointException("checkpoint " + source + " is corrupt: its content does not match its SHA-256 digest");
        }
        return new CheckpointReader(source, entries);
    }

    /** Whether the checkpoint has an entry with this name. */
    public boolean has(String name) {
        return entries.containsKey(name);
    }

    /** The names of all entries, sorted. */
    public Set<String> names() {
        return new TreeSet<>(entries.keySet());
    }

    /** A float64 entry; when {@code expectedShape} is given, the stored shape must equal it. */
    public double[] doubles(String name, int... expectedShape) {
        ByteBuffer buf = data(name, "float64", 8, expectedShape);
        double[] out = new double[buf.remaining() / 8];
        buf.asDoubleBuffer().get(out);
        return out;
    }

    /** A float32 entry, shape-checked as {@link #doubles}. */
    public float[] floats(String name, int... expectedShape) {
        ByteBuffer buf = data(name, "float32", 4, expectedShape);
        float[] out = new float[buf.remaining() / 4];
        buf.asFloatBuffer().get(out);
        return out;
    }

    /** An int32 entry, shape-checked as {@link #doubles}. */
    public int[] ints(String name, int... expectedShape) {
        ByteBuffer buf = data(name, "int32", 4, expectedShape);
        int[] out = new int[buf.remaining() / 4];
        buf.asIntBuffer().get(out);
        return out;
    }

    /** An int64 entry, shape-checked as {@link #doubles}. */
    public long[] longs(String name, int... expectedShape) {
        ByteBuffer buf = data(name, "int64", 8, expectedShape);
        long[] out = new long[buf.remaining() / 8];
        buf.asLongBuffer().get(out);
        return out;
    }

    /** A byte entry ({@link CheckpointWriter#putBytes}). */
    public byte[] bytes(String name) {
        return entry(name, "uint8").bytes().clone();
    }

    /** A string entry. */
    public String string(String name) {
        return new String(entry(name, "utf8").bytes(), StandardCharsets.UTF_8);
    }

    /** A JSON entry read into {@code type} with Jackson. */
    public <T> T json(String name, Class<T> type) {
        try {
            return MAPPER.readValue(string(name), type);
        } catch (IOException e) {
            throw new CheckpointException("checkpoint " + source + ": entry '" + name + "' is not a valid "
                    + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** The stored shape of an entry. */
    public int[] shape(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw missing(name);
        }
        return e.shape().clone();
    }

    private Entry entry(String name, String dtype) {
        Entry e = entries.get(name);
        if (e == null) {
            throw missing(name);
        }
        if (!e.dtype().equals(dtype)) {
            throw new CheckpointException("checkpoint " + source + ": entry '" + name + "' is " + e.dtype()
                    + ", expected " + dtype);
        }
        return e;
    }

    private CheckpointException missing(String name) {
        return new CheckpointException("checkpoint " + source + " has no entry '" + name
                + "' (is it from another algorithm or env?)");
    }

    private ByteBuffer data(String name, String dtype, int width, int[] expectedShape) {
        Entry e = entry(name, dtype);
        if (expectedShape.length > 0 && !Arrays.equals(expectedShape, e.shape())) {
            throw new CheckpointException("checkpoint " + source + ": entry '" + name + "' has shape "
                    + Arrays.toString(e.shape()) + ", expected " + Arrays.toString(expectedShape));
        }
        long count = 1;
        for (int d : e.shape()) {
            count *= d;
        }
        if (count * width != e.bytes().length) {
            throw new CheckpointException("checkpoint " + source + " is corrupt: entry '" + name + "' holds "
                    + e.bytes().length + " bytes for shape " + Arrays.toString(e.shape()));
        }
        return ByteBuffer.wrap(e.bytes()).order(ByteOrder.LITTLE_ENDIAN);
    }
}
