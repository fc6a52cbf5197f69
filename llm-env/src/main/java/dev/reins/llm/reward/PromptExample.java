package dev.reins.llm.reward;

import dev.reins.llm.tokenizer.ChatTemplate;
import dev.reins.llm.tokenizer.Tokenizer;
import java.util.List;

/**
 * A prompt and, for verifiable tasks, its reference answer (null when there is none, as for a reward model). A
 * conversational prompt (TRL's {@code {"prompt": [{"role": ..., "content": ...}, ...]}}) keeps its messages: it is
 * encoded in ChatML with the assistant's generation prompt, and {@code prompt} is its rendered text.
 *
 * <pre>{@code
 * PromptExample plain = new PromptExample("37+48=", "85");
 * PromptExample chat = PromptExample.conversational(List.of(new ChatTemplate.Message("user", "37+48?")), "85");
 * int[] ids = chat.encode(tokenizer);   // <|im_start|>user\n37+48?<|im_end|>\n<|im_start|>assistant\n
 * }</pre>
 *
 * @param prompt the text the model continues (for a conversation, its ChatML rendering)
 * @param answer the reference answer a verifier compares against, or null
 * @param messages the conversation, or null for a plain-text prompt
 */
public record PromptExample(String prompt, String answer, List<ChatTemplate.Message> messages) implements java.io.Serializable {
    public PromptExample {
        if (prompt == null) {
            throw new IllegalArgumentException("a prompt example needs a prompt (got null)");
        }
        messages = messages == null ? null : List.copyOf(messages);
    }

    /** A plain-text prompt. */
    public PromptExample(String prompt, String answer) {
        this(prompt, answer, null);
    }

    /** A conversational prompt: the model answers as the assistant after {@code messages}. */
    public static PromptExample conversational(List<ChatTemplate.Message> messages, String answer) {
        if (messages == null || messages.isEmpty()) {
            throw new IllegalArgumentException("a conversational prompt needs at least one message");
        }
        return new PromptExample(ChatTemplate.render(messages, true), answer, messages);
    }

    public boolean isConversational() {
        return messages != null;
    }

    /**
     * The token ids the model continues: the prompt's text as plain text (specials spelled in it are not trusted),
     * or the conversation in ChatML followed by the assistant's generation prompt.
     */
    public int[] encode(Tokenizer tokenizer) {
        return messages == null ? tokenizer.encode(prompt) : ChatTemplate.encode(tokenizer, messages, true);
    }
}
