package dev.reins.llm.tokenizer;

import java.util.List;

/**
 * ChatML: each message is {@code <|im_start|>role\ncontent<|im_end|>\n}; a generation prompt ends with
 * {@code <|im_start|>assistant\n} so the model writes the assistant's turn and stops at {@code <|im_end|>}.
 *
 * <pre>{@code
 * String text = ChatTemplate.render(List.of(new ChatTemplate.Message("user", "2+2?")), true);
 * int[] ids = tokenizer.encodeWithSpecials(text);
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

    /** The ChatML text of {@code messages}, optionally followed by the assistant's generation prompt. */
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
