package dev.reins.core.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.random.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class ReplayBufferProperties {

    private static void addNumbered(ReplayBuffer buffer, int count) {
        for (int i = 0; i < count; i++) {
            buffer.add(new float[] {i, -i}, new float[] {i % 3}, i, new float[] {i + 1, -i - 1}, i % 5 == 0, 0.99f);
        }
    }

    @Property
    void keepsExactlyTheNewestTransitions(@ForAll @IntRange(min = 1, max = 64) int capacity, @ForAll @IntRange(min = 0, max = 300) int added) {
        ReplayBuffer buffer = new ReplayBuffer(capacity, 2, 1);
        addNumbered(buffer, added);
        assertEquals(Math.min(capacity, added), buffer.size());
        Set<Integer> stored = new HashSet<>();
        for (int slot = 0; slot < buffer.size(); slot++) {
            stored.add((int) buffer.reward(slot));
        }
        Set<Integer> newest = new HashSet<>();
        for (int i = Math.max(0, added - capacity); i < added; i++) {
            newest.add(i);
        }
        assertEquals(newest, stored, "FIFO overwrite keeps the last `capacity` transitions");
    }

    @Property
    void samplesOnlyStoredTransitionsWithTheirOwnFields(@ForAll @IntRange(min = 1, max = 50) int capacity,
            @ForAll @IntRange(min = 1, max = 120) int added, @ForAll long seed) {
        ReplayBuffer buffer = new ReplayBuffer(capacity, 2, 1);
        addNumbered(buffer, added);
        ReplayBatch batch = new ReplayBatch(32, 2, 1);
        buffer.sample(new Rng(seed), batch);
        for (int b = 0; b < batch.size; b++) {
            assertTrue(batch.indices[b] >= 0 && batch.indices[b] < buffer.size());
            int i = (int) batch.rewards[b];
            assertTrue(i >= added - capacity && i < added);
            assertEquals(i, batch.observations[2 * b]);
            assertEquals(i + 1, batch.nextObservations[2 * b]);
            assertEquals(i % 3, batch.discreteAction(b));
            assertEquals(i % 5 == 0 ? 1f : 0f, batch.terminated[b]);
            assertEquals(1f, batch.weights[b]);
        }
    }

    @Example
    void emptyBufferAndMismatchedBatchAreClearErrors() {
        ReplayBuffer buffer = new ReplayBuffer(4, 2, 1);
        assertThrows(IllegalStateException.class, () -> buffer.sample(new Rng(0), new ReplayBatch(2, 2, 1)));
        addNumbered(buffer, 1);
        assertThrows(IllegalArgumentException.class, () -> buffer.sample(new Rng(0), new ReplayBatch(2, 3, 1)));
    }

    @Example
    void checkpointRoundTripKeepsSamplingIdentical() throws Exception {
        ReplayBuffer buffer = new ReplayBuffer(16, 2, 1);
        addNumbered(buffer, 21);
        CheckpointWriter out = new CheckpointWriter();
        buffer.save(out, "replay.");
        Path file = Files.createTempFile("replay", ".zip");
        out.writeTo(file);
        ReplayBuffer restored = new ReplayBuffer(16, 2, 1);
        restored.load(CheckpointReader.read(file), "replay.");
        ReplayBatch a = new ReplayBatch(8, 2, 1);
        ReplayBatch b = new ReplayBatch(8, 2, 1);
        buffer.sample(new Rng(3), a);
        restored.sample(new Rng(3), b);
        assertArrayEquals(a.observations, b.observations);
        assertArrayEquals(a.rewards, b.rewards);
        addNumbered(buffer, 1);
        addNumbered(restored, 1);
        assertEquals(buffer.reward(4), restored.reward(4), "the write cursor was restored too");
    }
}
