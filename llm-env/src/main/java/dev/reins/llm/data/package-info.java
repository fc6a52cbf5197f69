/** Datasets: JSON-lines prompt/completion and prompt/answer files, and the arithmetic task of the RLVR demo. */
package dev.reins.llm.data;
