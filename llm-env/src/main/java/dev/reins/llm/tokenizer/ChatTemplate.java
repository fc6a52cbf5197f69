package dev.reins.llm.tokenizer;

import java.util.List;

/**
 * ChatML: each message is {@code <|im_start|>role\ncontent<|im_end|>\n}; a generation prompt ends with
 * {@code <|im_start|>assistant\n} so the model writes the assistant's turn and stops at {@code <|im_end|>}.
 *
 * <p>{@link #encode} is the way to tokens: the markers become their special ids and every role and content is
 * encoded as plain text, so a message that contains the spelling {@code <|im_start|>} cannot forge a turn.
 * {@link #render} gives the same conversation as text for display; encoding that text with
 * {@code encodeWithSpecials} would trust the content and is exactly what {@link #encode} avoids.
 *
 * <pre>{@code
 * int[] ids = ChatTemplate.encode(tokenizer, List.of(new ChatTemplate.Message("user", "2+2?")), true);
 * }</pre>
 */
public final class ChatTemplate {
    /** One chat turn. */
    public record Message(String role, String content) {
        public Message {
            if (role == null || role.isBlank() || role.contains("\n")) {
                throw new IllegalArgumentException("a chat role must be a non-blank single line, got " + role);
            }
            if (content == null) {
                throw new IllegalArgumentException("chat message content must not be null (role " + role + ")");
            }
        }
    }

    private ChatTemplate() {}

    /**
     * The token ids of {@code messages} in ChatML, optionally followed by the assistant's generation prompt; the
     * tokenizer must have {@code <|im_start|>} and {@code <|im_end|>}.
     */
    public static int[] encode(Tokenizer tokenizer, List<Message> messages, boolean addGenerationPrompt) {
        int start = marker(tokenizer, SpecialTokens.IM_START);
        int end = marker(tokenizer, SpecialTokens.IM_END);
        java.util.List<Integer> ids = new java.util.ArrayList<>();
        for (Message m : messages) {
            ids.add(start);
            append(ids, tokenizer.encode(m.role() + "\n" + m.content()));
            ids.add(end);
            append(ids, tokenizer.encode("\n"));
        }
        if (addGenerationPrompt) {
            ids.add(start);
            append(ids, tokenizer.encode("assistant\n"));
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int marker(Tokenizer tokenizer, String spelling) {
        return tokenizer.specialId(spelling).orElseThrow(() -> new IllegalArgumentException(
                "ChatML needs the special token " + spelling + ", which this tokenizer lacks (it has " + tokenizer.specialTokens() + ")"));
    }

    private static void append(java.util.List<Integer> ids, int[] more) {
        for (int id : more) {
            ids.add(id);
        }
    }

    /** The ChatML text of {@code messages} for display, optionally followed by the assistant's generation prompt. */
    public static String render(List<Message> messages, boolean addGenerationPrompt) {
        StringBuilder out = new StringBuilder();
        for (Message m : messages) {
            out.append(SpecialTokens.IM_START).append(m.role()).append('\n').append(m.content()).append(SpecialTokens.IM_END)
                    .append('\n');
        }
        if (addGenerationPrompt) {
            out.append(SpecialTokens.IM_START).append("assistant\n");
        }
        return out.toString();
    }
}
