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
    public record Message(String role, String content) implements java.io.Serializable {
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
        return build(tokenizer, messages, addGenerationPrompt).ids();
    }

    /**
     * A conversation as SFT trains on it: its ChatML ids and, per id, whether it is written by the assistant — the
     * content of every assistant message and its {@code <|im_end|>} (what TRL's {@code assistant_only_loss} trains
     * on); markers, roles, other messages and the newline after each turn are context only.
     *
     * @param ids the ChatML token ids (as {@link #encode} gives them, without a generation prompt)
     * @param assistant {@code assistant[i]} is true when {@code ids[i]} is an assistant token
     */
    public record TrainingTokens(int[] ids, boolean[] assistant) {}

    /** {@code messages} as {@link TrainingTokens}; the roles of assistant turns are spelled {@code assistant}. */
    public static TrainingTokens encodeForTraining(Tokenizer tokenizer, List<Message> messages) {
        return build(tokenizer, messages, false);
    }

    private static TrainingTokens build(Tokenizer tokenizer, List<Message> messages, boolean addGenerationPrompt) {
        int start = marker(tokenizer, SpecialTokens.IM_START);
        int end = marker(tokenizer, SpecialTokens.IM_END);
        java.util.List<Integer> ids = new java.util.ArrayList<>();
        java.util.List<Boolean> assistant = new java.util.ArrayList<>();
        for (Message m : messages) {
            boolean byAssistant = m.role().equals("assistant");
            add(ids, assistant, start, false);
            // Role and content are encoded together, as Hugging Face tokenizes the rendered text; the content starts
            // at the first token that reaches past "role\n" (a token spanning the boundary counts as content).
            int[] body = tokenizer.encode(m.role() + "\n" + m.content());
            int contentFrom = byAssistant ? firstTokenPast(tokenizer, body, m.role().length() + 1) : body.length;
            for (int i = 0; i < body.length; i++) {
                add(ids, assistant, body[i], i >= contentFrom);
            }
            add(ids, assistant, end, byAssistant);
            for (int id : tokenizer.encode("\n")) {
                add(ids, assistant, id, false);
            }
        }
        if (addGenerationPrompt) {
            add(ids, assistant, start, false);
            for (int id : tokenizer.encode("assistant\n")) {
                add(ids, assistant, id, false);
            }
        }
        boolean[] mask = new boolean[assistant.size()];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = assistant.get(i);
        }
        return new TrainingTokens(ids.stream().mapToInt(Integer::intValue).toArray(), mask);
    }

    /** The index of the first token of {@code ids} whose text ends after the first {@code chars} characters. */
    private static int firstTokenPast(Tokenizer tokenizer, int[] ids, int chars) {
        for (int k = 1; k <= ids.length; k++) {
            if (tokenizer.decode(java.util.Arrays.copyOf(ids, k)).length() > chars) {
                return k - 1;
            }
        }
        return ids.length;
    }

    private static void add(java.util.List<Integer> ids, java.util.List<Boolean> assistant, int id, boolean byAssistant) {
        ids.add(id);
        assistant.add(byAssistant);
    }

    private static int marker(Tokenizer tokenizer, String spelling) {
        return tokenizer.specialId(spelling).orElseThrow(() -> new IllegalArgumentException(
                "ChatML needs the special token " + spelling + ", which this tokenizer lacks (it has " + tokenizer.specialTokens() + ")"));
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
