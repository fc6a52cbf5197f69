package dev.reins.llm.tokenizer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.reins.core.checkpoint.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte-level byte-pair encoding as in GPT-2: text is split into words by GPT-2's pattern, each word's UTF-8 bytes
 * are spelled with one printable character per byte, and ranked merges join adjacent symbols (lowest rank first)
 * until none applies. Every string is encodable (the 256 byte symbols are always in the vocabulary).
 *
 * <p>Merges are either trained from a corpus ({@link #train}) or loaded from GPT-2 style files
 * ({@code vocab.json} + {@code merges.txt}, or the original {@code encoder.json} + {@code vocab.bpe}).
 *
 * <pre>{@code
 * BpeTokenizer bpe = BpeTokenizer.train(List.of("the cat sat on the mat"), 300, SpecialTokens.DEFAULT);
 * int[] ids = bpe.encode("the mat");
 * bpe.save(Path.of("tok"));                  // vocab.json + merges.txt + tokenizer.json
 * BpeTokenizer again = BpeTokenizer.load(Path.of("tok"), List.of());
 * }</pre>
 */
public final class BpeTokenizer implements Tokenizer {
    /**
     * GPT-2's pre-tokenization: contractions, letters, digits, other symbols, each with an optional leading space.
     * {@code \s} must mean Unicode whitespace (NBSP, U+2003, U+3000, …) as in GPT-2's own regex; Java's plain
     * {@code \s} is ASCII only, so the pattern is compiled with {@link Pattern#UNICODE_CHARACTER_CLASS}.
     */
    private static final Pattern WORDS = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final char[] BYTE_TO_CHAR = byteToChar();
    private static final Map<Character, Integer> CHAR_TO_BYTE = charToByte();

    private final Map<String, Integer> vocab;
    private final String[] idToToken;
    private final Map<String, Integer> mergeRanks;
    private final List<String[]> merges;
    private final List<String> specials;
    /** Words already split, shared by every thread that encodes (rollout workers' envs); not serialized. */
    private transient java.util.concurrent.ConcurrentHashMap<String, int[]> cache = new java.util.concurrent.ConcurrentHashMap<>();

    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        cache = new java.util.concurrent.ConcurrentHashMap<>();
    }

    private BpeTokenizer(Map<String, Integer> vocab, List<String[]> merges, List<String> specials) {
        this.vocab = vocab;
        this.merges = merges;
        this.specials = specials;
        int size = 0;
        for (int id : vocab.values()) {
            size = Math.max(size, id + 1);
        }
        this.idToToken = new String[size];
        for (Map.Entry<String, Integer> e : vocab.entrySet()) {
            idToToken[e.getValue()] = e.getKey();
        }
        this.mergeRanks = new HashMap<>();
        for (int r = 0; r < merges.size(); r++) {
            mergeRanks.put(merges.get(r)[0] + " " + merges.get(r)[1], r);
        }
        for (char c : BYTE_TO_CHAR) {
            if (!vocab.containsKey(String.valueOf(c))) {
                throw new IllegalArgumentException("a byte-level BPE vocabulary must contain all 256 byte symbols; missing "
                        + String.valueOf(c) + " (byte " + CHAR_TO_BYTE.get(c) + ")");
            }
        }
    }

    /**
     * Learns merges from {@code corpus} until the vocabulary (256 bytes + merges + specials) reaches
     * {@code vocabSize} or no pair occurs twice. The most frequent adjacent pair is merged first; ties go to the
     * pair that sorts first, so training is deterministic.
     */
    public static BpeTokenizer train(Iterable<String> corpus, int vocabSize, List<String> specials) {
        List<String> sp = SpecialTokens.check(specials);
        if (vocabSize < 256 + sp.size()) {
            throw new IllegalArgumentException("BPE vocab_size must be at least 256 + " + sp.size() + " specials, got " + vocabSize);
        }
        Map<String, Integer> wordCounts = new TreeMap<>();
        for (String text : corpus) {
            Matcher m = WORDS.matcher(text);
            while (m.find()) {
                wordCounts.merge(byteSpelling(m.group()), 1, Integer::sum);
            }
        }
        List<List<String>> words = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (Map.Entry<String, Integer> e : wordCounts.entrySet()) {
            List<String> symbols = new ArrayList<>();
            for (char c : e.getKey().toCharArray()) {
                symbols.add(String.valueOf(c));
            }
            words.add(symbols);
            counts.add(e.getValue());
        }
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int b = 0; b < 256; b++) {
            vocab.put(String.valueOf(BYTE_TO_CHAR[b]), b);
        }
        List<String[]> merges = new ArrayList<>();
        while (vocab.size() + sp.size() < vocabSize) {
            TreeMap<String, Integer> pairs = new TreeMap<>();
            for (int w = 0; w < words.size(); w++) {
                List<String> s = words.get(w);
                for (int i = 0; i + 1 < s.size(); i++) {
                    pairs.merge(s.get(i) + " " + s.get(i + 1), counts.get(w), Integer::sum);
                }
            }
            String best = null;
            int bestCount = 1;
            for (Map.Entry<String, Integer> e : pairs.entrySet()) {
                if (e.getValue() > bestCount) {
                    best = e.getKey();
                    bestCount = e.getValue();
                }
            }
            if (best == null) {
                break;
            }
            String[] pair = best.split(" ", 2);
            merges.add(pair);
            String joined = pair[0] + pair[1];
            vocab.putIfAbsent(joined, vocab.size());
            for (List<String> s : words) {
                mergeInPlace(s, pair[0], pair[1]);
            }
        }
        return new BpeTokenizer(vocab, merges, withSpecialIds(vocab, sp));
    }

    /**
     * Loads GPT-2 style files from {@code dir}: {@code vocab.json} + {@code merges.txt}, or {@code encoder.json} +
     * {@code vocab.bpe}. Vocabulary entries spelled like {@code <|...|>} are special tokens, and so is every entry of
     * {@code extraSpecials} (those not in the vocabulary get the next free ids).
     */
    public static BpeTokenizer load(Path dir, List<String> extraSpecials) {
        Path vocabFile = dir.resolve("vocab.json");
        Path mergesFile = dir.resolve("merges.txt");
        if (!Files.isRegularFile(vocabFile) && Files.isRegularFile(dir.resolve("encoder.json"))) {
            vocabFile = dir.resolve("encoder.json");
            mergesFile = dir.resolve("vocab.bpe");
        }
        if (!Files.isRegularFile(vocabFile) || !Files.isRegularFile(mergesFile)) {
            throw new IllegalArgumentException("no BPE files in " + dir + ": expected vocab.json + merges.txt or encoder.json + vocab.bpe");
        }
        Map<String, Integer> vocab;
        try {
            vocab = JSON.readValue(vocabFile.toFile(), new TypeReference<LinkedHashMap<String, Integer>>() {});
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read BPE vocabulary " + vocabFile + ": " + e.getMessage(), e);
        }
        List<String[]> merges = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(mergesFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read BPE merges " + mergesFile, e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || (i == 0 && line.startsWith("#version"))) {
                continue;
            }
            String[] pair = line.split(" ");
            if (pair.length != 2) {
                throw new IllegalArgumentException(mergesFile + " line " + (i + 1) + ": expected two symbols separated by one space, got \""
                        + line + "\"");
            }
            merges.add(pair);
        }
        List<String> specials = new ArrayList<>();
        for (String token : vocab.keySet()) {
            if (token.startsWith("<|") && token.endsWith("|>") && token.length() > 4) {
                specials.add(token);
            }
        }
        Map<String, Integer> withExtras = new LinkedHashMap<>(vocab);
        int next = vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        for (String s : SpecialTokens.check(extraSpecials)) {
            if (!withExtras.containsKey(s)) {
                withExtras.put(s, next++);
            }
            if (!specials.contains(s)) {
                specials.add(s); // a special spelled otherwise than <|…|> (e.g. [PAD]) is only known from the list
            }
        }
        specials.sort(java.util.Comparator.comparingInt(withExtras::get));
        return new BpeTokenizer(withExtras, merges, SpecialTokens.check(specials));
    }

    /**
     * Loads Hugging Face's fast-tokenizer file {@code tokenizer.json} of a byte-level BPE model (GPT-2's kind):
     * {@code model.vocab}, {@code model.merges} (as {@code "a b"} strings or {@code ["a", "b"]} pairs) and the
     * {@code added_tokens} marked special. Other models or pre-tokenizers are refused with the field that differs.
     */
    public static BpeTokenizer loadHuggingFaceJson(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        JsonNode model = root.path("model");
        if (!model.path("type").asText("BPE").equals("BPE") || !model.path("vocab").isObject() || !model.path("merges").isArray()) {
            throw new IllegalArgumentException(file + ": model must be a BPE with 'vocab' and 'merges', got type '"
                    + model.path("type").asText("") + "'");
        }
        String pre = root.path("pre_tokenizer").path("type").asText("");
        if (!pre.equals("ByteLevel")) {
            throw new IllegalArgumentException(file + ": pre_tokenizer type is '" + pre + "'; Reins reads GPT-2's ByteLevel BPE");
        }
        Map<String, Integer> vocab = new LinkedHashMap<>();
        model.path("vocab").fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asInt()));
        List<String[]> merges = new ArrayList<>();
        for (JsonNode m : model.path("merges")) {
            String[] pair = m.isArray() ? new String[] {m.path(0).asText(), m.path(1).asText()} : m.asText().split(" ");
            if (pair.length != 2) {
                throw new IllegalArgumentException(file + ": merge " + m + " is not a pair of symbols");
            }
            merges.add(pair);
        }
        List<String> specials = new ArrayList<>();
        for (JsonNode t : root.path("added_tokens")) {
            String content = t.path("content").asText();
            if (t.path("special").asBoolean(false)) {
                vocab.putIfAbsent(content, t.path("id").asInt());
                specials.add(content);
            }
        }
        specials.sort(java.util.Comparator.comparingInt(vocab::get));
        return new BpeTokenizer(vocab, merges, SpecialTokens.check(specials));
    }

    /** Writes {@code vocab.json} and {@code merges.txt} into {@code dir} (each atomically). */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve("vocab.json"), JSON.writeValueAsString(vocab) + "\n");
        StringBuilder m = new StringBuilder("#version: 0.2\n");
        for (String[] pair : merges) {
            m.append(pair[0]).append(' ').append(pair[1]).append('\n');
        }
        AtomicFiles.writeString(dir.resolve("merges.txt"), m.toString());
    }

    /** Number of merges. */
    public int mergeCount() {
        return merges.size();
    }

    @Override
    public int vocabSize() {
        return idToToken.length;
    }

    @Override
    public int[] encode(String text) {
        List<Integer> out = new ArrayList<>();
        encodePlain(text, out);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public int[] encodeWithSpecials(String text) {
        List<Integer> out = new ArrayList<>();
        for (SpecialTokenSplitter.Piece piece : SpecialTokenSplitter.split(text, specials)) {
            if (piece.isSpecial()) {
                out.add(vocab.get(piece.text()));
            } else {
                encodePlain(piece.text(), out);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder text = new StringBuilder();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int id : ids) {
            if (id < 0 || id >= idToToken.length || idToToken[id] == null) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + vocabSize() + ")");
            }
            String token = idToToken[id];
            if (specials.contains(token)) {
                text.append(ByteTokenizer.utf8(bytes.toByteArray()));
                bytes.reset();
                text.append(token);
                continue;
            }
            for (char c : token.toCharArray()) {
                bytes.write(CHAR_TO_BYTE.get(c));
            }
        }
        return text.append(ByteTokenizer.utf8(bytes.toByteArray())).toString();
    }

    @Override
    public List<String> specialTokens() {
        return specials;
    }

    @Override
    public OptionalInt specialId(String token) {
        return specials.contains(token) ? OptionalInt.of(vocab.get(token)) : OptionalInt.empty();
    }

    private void encodePlain(String text, List<Integer> out) {
        Matcher m = WORDS.matcher(text);
        while (m.find()) {
            int[] ids = cache.computeIfAbsent(m.group(), this::encodeWord);
            for (int id : ids) {
                out.add(id);
            }
        }
    }

    private int[] encodeWord(String word) {
        List<String> symbols = new ArrayList<>();
        for (char c : byteSpelling(word).toCharArray()) {
            symbols.add(String.valueOf(c));
        }
        while (symbols.size() > 1) {
            int bestRank = Integer.MAX_VALUE;
            int best = -1;
            for (int i = 0; i + 1 < symbols.size(); i++) {
                Integer rank = mergeRanks.get(symbols.get(i) + " " + symbols.get(i + 1));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            mergeInPlace(symbols, symbols.get(best), symbols.get(best + 1));
        }
        int[] ids = new int[symbols.size()];
        for (int i = 0; i < ids.length; i++) {
            Integer id = vocab.get(symbols.get(i));
            if (id == null) {
                throw new IllegalStateException("merge produced '" + symbols.get(i) + "', which the vocabulary lacks");
            }
            ids[i] = id;
        }
        return ids;
    }

    private static void mergeInPlace(List<String> symbols, String left, String right) {
        for (int i = 0; i + 1 < symbols.size(); i++) {
            if (symbols.get(i).equals(left) && symbols.get(i + 1).equals(right)) {
                symbols.set(i, left + right);
                symbols.remove(i + 1);
            }
        }
    }

    private static List<String> withSpecialIds(Map<String, Integer> vocab, List<String> specials) {
        for (String s : specials) {
            vocab.putIfAbsent(s, vocab.size());
        }
        return specials;
    }

    /** The word's UTF-8 bytes, one printable character per byte. */
    private static String byteSpelling(String word) {
        byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            chars[i] = BYTE_TO_CHAR[bytes[i] & 0xff];
        }
        return new String(chars);
    }

    /**
     * GPT-2's reversible byte alphabet: printable Latin-1 bytes stand for themselves, the other 68 bytes are
     * shifted to U+0100 and up, so no symbol is whitespace or a control character.
     */
    private static char[] byteToChar() {
        char[] map = new char[256];
        int shifted = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? (char) b : (char) (256 + shifted++);
        }
        return map;
    }

    private static Map<Character, Integer> charToByte() {
        Map<Character, Integer> inverse = new HashMap<>();
        for (int b = 0; b < 256; b++) {
            inverse.put(BYTE_TO_CHAR[b], b);
        }
        return inverse;
    }
}
