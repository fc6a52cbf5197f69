/**
 * The transformer policy: a decoder-only language model in SameDiff over one flat parameter vector, with
 * teacher-forced log-probs and their gradients for training, and a KV-cache session for generation.
 */
package dev.reins.llm.model;
