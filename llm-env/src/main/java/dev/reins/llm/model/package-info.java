/**
 * The transformer policy: GPT-2 in SameDiff over per-tensor {@link dev.reins.llm.model.Parameter}s named as Hugging
 * Face names them, read from and written to Hugging Face GPT-2 directories ({@link dev.reins.llm.model.SafeTensors});
 * teacher-forced log-probs, entropies and hidden states with the gradient of any loss given through them
 * (accumulated in {@link dev.reins.llm.model.ParameterGradients}, none for frozen tensors); KV-cache sessions for
 * generation.
 */
package dev.reins.llm.model;
