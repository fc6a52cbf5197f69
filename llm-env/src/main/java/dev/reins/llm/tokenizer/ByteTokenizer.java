package dev.reins.llm.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;

/**
 * One token per UTF-8 byte (ids 0–255), then the special tokens (ids 256, 257, …). No training, no files, every
 * string encodable: the tokenizer for small tasks such as the arithmetic demo.
 *
 * <pre>{@code
 * ByteTokenizer t = ByteTokenizer.withDefaultSpecials();
 * t.encode("é");   // [195, 169]
 * }</pre>
 */
public final class ByteTokenizer implements Tokenizer {
    private final List<String> specials;

    public ByteTokenizer(List<String> specials) {
        this.specials = SpecialTokens.check(specials);
    }

    /** Byte tokens plus {@link SpecialTokens#DEFAULT}. */
    public static ByteTokenizer withDefaultSpecials() {
        return new ByteTokenizer(SpecialTokens.DEFAULT);
    }

    @Override
    public int vocabSize() {
        return 256 + specials.size();
    }

    @Override
    public int[] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ids[i] = bytes[i] & 0xff;
        }
        return ids;
    }

    @Override
    public int[] encodeWithSpecials(String text) {
        var out = new java.util.ArrayList<Integer>();
        for (SpecialTokenSplitter.Piece piece : SpecialTokenSplitter.split(text, specials)) {
            if (piece.isSpecial()) {
                out.add(256 + piece.special());
            } else {
                for (int id : encode(piece.text())) {
                    out.add(id);
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder text = new StringBuilder();
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        for (int id : ids) {
            if (id < 0 || id >= vocabSize()) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + vocabSize() + ")");
            }
            if (id < 256) {
                pending.write(id);
            } else {
                text.append(utf8(pending.toByteArray()));
                pending.reset();
                text.append(specials.get(id - 256));
            }
        }
        return text.append(utf8(pending.toByteArray())).toString();
    }

    @Override
    public List<String> specialTokens() {
        return specials;
    }

    @Override
    public OptionalInt specialId(String token) {
        int i = specials.indexOf(token);
        return i < 0 ? OptionalInt.empty() : OptionalInt.of(256 + i);
    }

    /** Decodes UTF-8, replacing malformed sequences with U+FFFD (never throws). */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException("UTF-8 decoding with REPLACE cannot fail", e);
        }
    }
}
