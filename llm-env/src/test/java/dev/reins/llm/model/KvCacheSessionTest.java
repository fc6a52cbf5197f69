package dev.reins.llm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The plain-Java decoder against the teacher-forced SameDiff graph: widths that are not multiples of the vector
 * length, a context long enough for the cache to grow twice, LoRA adapters unmerged, batches on both sides of
 * {@link RowProducts#VECTOR_ROWS}, and a beam-search reorder in the middle.
 */
class KvCacheSessionTest {
    private static final TransformerConfig SHAPE = new TransformerConfig(37, 40, 24, 2, 3, 40);

    @ParameterizedTest(name = "{0} rows, float32 {1}")
    @CsvSource({"1, true", "3, true", "5, true", "2, false", "5, false"})
    void stepLogitsEqualTeacherForcedLogitsAsTheCacheGrowsAndRowsAreReordered(int rows, boolean float32) {
        Transformer model = new Transformer(TransformerParameters.initialize(SHAPE, 3, float32 ? DataType.FLOAT : DataType.DOUBLE));
        model.addLora(new LoraConfig(2, 4, List.of("c_attn", "c_proj", "c_fc")), 4);
        TestModels.perturb(model, 5, 0.6); // B ≠ 0 too: the adapters change the outputs
        double tolerance = float32 ? 2e-4 : 1e-10;
        SplittableRandom rng = new SplittableRandom(rows);
        List<int[]> seqs = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            seqs.add(rng.ints(SHAPE.contextLength(), 0, SHAPE.vocabSize()).toArray());
        }
        try (KvCacheSession session = model.startSession(rows)) {
            for (int t = 0; t < SHAPE.contextLength(); t++) {
                if (t == 21 || t == 26) { // the second reorder reuses the first one's arrays, and the cache grows after both
                    int[] sources = new int[rows];
                    for (int r = 0; r < rows; r++) {
                        sources[r] = (r * 2 + 1) % rows; // several rows may take the same parent
                    }
                    List<int[]> reordered = new ArrayList<>();
                    for (int r = 0; r < rows; r++) {
                        int[] s = seqs.get(sources[r]).clone();
                        System.arraycopy(seqs.get(r), t, s, t, s.length - t); // same past, own future
                        reordered.add(s);
                    }
                    session.reorder(sources);
                    seqs = reordered;
                }
                int[] tokens = new int[rows];
                List<int[]> prefixes = new ArrayList<>();
                for (int r = 0; r < rows; r++) {
                    tokens[r] = seqs.get(r)[t];
                    prefixes.add(Arrays.copyOf(seqs.get(r), t + 1));
                }
                assertArrayEquals(model.lastLogits(prefixes), session.step(tokens), tolerance, "step " + t);
            }
            assertThrows(IllegalStateException.class, () -> session.step(new int[rows]), "the context is full");
        }
    }
}
