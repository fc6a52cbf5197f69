package dev.reins.llm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Reins' byte-level BPE loaded with GPT-2's real files ({@code encoder.json} + {@code vocab.bpe}) gives the same ids as
 * an independent implementation of GPT-2's encoding, jtokkit's r50k_base, on generated strings of every kind that
 * tokenizers get wrong: Unicode, runs of spaces and newlines, NBSP and other Unicode whitespace, contractions, emoji,
 * code.
 */
class Gpt2TokenizerParityTest {
    private static final BpeTokenizer GPT2 = BpeTokenizer.load(Path.of("src/test/resources/gpt2-tokenizer"), List.of());
    private static final Encoding R50K = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);

    @Test
    void theVocabularyIsGpt2s() {
        assertEquals(50257, GPT2.vocabSize());
        assertEquals(50256, GPT2.endOfText());
    }

    @Test
    void huggingFacesTokenizerJsonLoadsToTheSameTokenizer(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // tokenizer.json as Hugging Face's GPT-2 ships it: vocab and merges (as pairs) inside "model", specials in "added_tokens".
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode root = json.createObjectNode();
        com.fasterxml.jackson.databind.node.ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.set("vocab", json.readTree(Path.of("src/test/resources/gpt2-tokenizer/encoder.json").toFile()));
        com.fasterxml.jackson.databind.node.ArrayNode merges = model.putArray("merges");
        for (String line : java.nio.file.Files.readAllLines(Path.of("src/test/resources/gpt2-tokenizer/vocab.bpe"))) {
            if (!line.startsWith("#version") && !line.isBlank()) {
                String[] pair = line.split(" ");
                merges.addArray().add(pair[0]).add(pair[1]);
            }
        }
        root.putObject("pre_tokenizer").put("type", "ByteLevel");
        root.putArray("added_tokens").addObject().put("id", 50256).put("content", "<|endoftext|>").put("special", true);
        json.writeValue(dir.resolve("tokenizer.json").toFile(), root);
        Tokenizer loaded = TokenizerFiles.load(dir);
        assertEquals(GPT2.vocabSize(), loaded.vocabSize());
        assertEquals(50256, loaded.endOfText());
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < 300; i++) {
            String s = i % 2 == 0 ? code(rng) : whitespaceHeavy(rng);
            assertArrayEquals(GPT2.encode(s), loaded.encode(s), escape(s));
        }
    }

    @Test
    void everyGeneratedStringEncodesToR50kBaseIds() {
        List<String> strings = new ArrayList<>(List.of("", " ", "  ", "\n", "\n\n\n", " \n ", "hello world", "Hello  world",
                "I'm", "I'M", "don't", "we'll've", "'s'", "x\u00A0y", "a\u2003\u2003b", "\u3000\u3000", "tab\tseparated\t\t",
                "line\r\nbreak", "  leading", "trailing  ", "1234567890", "3.14159", "e\u0301", "🙂", "👩‍👩‍👧", "🇫🇷",
                "ﬁ", "中文字符", "Ελληνικά", "кириллица", "def f(x):\n    return x ** 2\n", "a\u001Cb", "a\u0085b", "a\u2028b"));
        SplittableRandom rng = new SplittableRandom(2026);
        for (int i = 0; i < 2500; i++) {
            strings.add(randomUnicode(rng));
            strings.add(whitespaceHeavy(rng));
            strings.add(contractionsAndWords(rng));
            strings.add(code(rng));
        }
        int mismatches = 0;
        StringBuilder firstFew = new StringBuilder();
        for (String s : strings) {
            int[] ours = GPT2.encode(s);
            int[] reference = R50K.encodeOrdinary(s).toArray();
            if (!Arrays.equals(ours, reference)) {
                if (mismatches++ < 5) {
                    firstFew.append("\n  ").append(escape(s)).append(": ours ").append(Arrays.toString(ours)).append(" r50k ")
                            .append(Arrays.toString(reference));
                }
            }
        }
        assertTrue(strings.size() >= 10_000, "strings " + strings.size());
        assertEquals(0, mismatches, mismatches + " of " + strings.size() + " strings differ, e.g." + firstFew);
    }

    private static final int[][] RANGES = {{0x20, 0x7E}, {0xA0, 0xFF}, {0x370, 0x3FF}, {0x400, 0x4FF}, {0x300, 0x36F},
        {0x4E00, 0x4FFF}, {0x3040, 0x30FF}, {0x1F300, 0x1F6FF}, {0x2000, 0x206F}, {0x0, 0x1F}, {0xAC00, 0xAD00}, {0x1D400, 0x1D4FF}};

    private static String randomUnicode(SplittableRandom rng) {
        StringBuilder b = new StringBuilder();
        int n = 1 + rng.nextInt(40);
        for (int i = 0; i < n; i++) {
            int[] r = RANGES[rng.nextInt(RANGES.length)];
            b.appendCodePoint(r[0] + rng.nextInt(r[1] - r[0] + 1));
        }
        return b.toString();
    }

    private static final String[] SPACES = {" ", "  ", "   ", "\n", "\n\n", "\t", "\r\n", "\u00A0", "\u2003", "\u3000", "\u202F",
        "\u2009", "\u0085", "\u2028", "\u000B", "\f"};
    private static final String[] WORDS = {"word", "x", "Hello", "42", "!", "?!", "é", "über", "—", "(", "'"};

    private static String whitespaceHeavy(SplittableRandom rng) {
        StringBuilder b = new StringBuilder();
        int n = 1 + rng.nextInt(12);
        for (int i = 0; i < n; i++) {
            b.append(rng.nextInt(3) == 0 ? WORDS[rng.nextInt(WORDS.length)] : SPACES[rng.nextInt(SPACES.length)]);
        }
        return b.toString();
    }

    private static final String[] CONTRACTED = {"I", "you", "they", "we", "it", "don", "can", "won", "she", "John", "O", "rock"};
    private static final String[] ENDINGS = {"'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'T", "'", "''", "'x", "’s"};

    private static String contractionsAndWords(SplittableRandom rng) {
        StringBuilder b = new StringBuilder();
        int n = 1 + rng.nextInt(6);
        for (int i = 0; i < n; i++) {
            if (i > 0 || rng.nextBoolean()) {
                b.append(rng.nextInt(4) == 0 ? "  " : " ");
            }
            b.append(CONTRACTED[rng.nextInt(CONTRACTED.length)]).append(ENDINGS[rng.nextInt(ENDINGS.length)]);
            if (rng.nextInt(3) == 0) {
                b.append(ENDINGS[rng.nextInt(ENDINGS.length)]);
            }
        }
        return b.toString();
    }

    private static final String[] CODE = {"def ", "return ", "for (int i = 0; i < n; i++) {", "}", "{", "\n", "    ", "\t",
        "x", "self.value", " = ", "==", "!=", "->", "=>", "**", "//", "/* c */", "# note", "\"str\"", "'c'", "0x1F", "1e-9",
        "foo_bar", "FooBar", "::", "@Override", "[]", "()", ";", ",", "    \n", "\n\n    "};

    private static String code(SplittableRandom rng) {
        StringBuilder b = new StringBuilder();
        int n = 2 + rng.nextInt(16);
        for (int i = 0; i < n; i++) {
            b.append(CODE[rng.nextInt(CODE.length)]);
        }
        return b.toString();
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            if (c < 0x20 || c > 0x7E) {
                b.append(String.format("\\u{%X}", c));
            } else {
                b.append((char) c);
            }
        });
        return b.append('"').toString();
    }
}
