/** Plots and reports for language-model runs (the RLVR demo's accuracy and reward curves). */
package dev.reins.bench.llm;
