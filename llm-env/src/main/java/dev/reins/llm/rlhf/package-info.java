/**
 * The RLHF demo: a task with a hidden gold reward, preference pairs labelled by it, and every RLHF method of
 * llm-env trained on those pairs and measured against the gold reward and the KL to the SFT model.
 */
package dev.reins.llm.rlhf;
