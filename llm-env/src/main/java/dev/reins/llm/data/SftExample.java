package dev.reins.llm.data;

/**
 * One supervised fine-tuning example, in either of TRL's SFT formats: a {@link PromptCompletion} (plain text; the
 * completion is trained) or a {@link Conversation} (ChatML; the assistant's turns are trained).
 */
public sealed interface SftExample permits PromptCompletion, Conversation {}
