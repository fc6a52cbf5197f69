/**
 * The one optimizer layer of every language-model trainer: AdamW over a model's trainable tensors (frozen tensors
 * get no state), with gradient accumulation and global-norm clipping done on {@link dev.reins.llm.model.ParameterGradients}.
 */
package dev.reins.llm.optim;
