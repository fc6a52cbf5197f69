package dev.reins.llm.data;

import dev.reins.llm.tokenizer.ChatTemplate;
import java.util.List;

/**
 * A conversational SFT example (TRL's {@code {"messages": [{"role": ..., "content": ...}, ...]}}): rendered in ChatML,
 * and only the assistant's messages (with their {@code <|im_end|>}) are trained on.
 *
 * <pre>{@code
 * var c = new Conversation(List.of(new ChatTemplate.Message("user", "2+2?"), new ChatTemplate.Message("assistant", "4")));
 * }</pre>
 */
public record Conversation(List<ChatTemplate.Message> messages) implements SftExample {
    public Conversation {
        if (messages == null || messages.stream().noneMatch(m -> m.role().equals("assistant"))) {
            throw new IllegalArgumentException("a conversation needs at least one assistant message to train on");
        }
        messages = List.copyOf(messages);
    }
}
