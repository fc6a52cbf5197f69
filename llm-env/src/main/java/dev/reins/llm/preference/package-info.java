/**
 * Learning from preferences: tokenized preference pairs, the Bradley–Terry loss and reward-model training, and
 * direct preference optimization (DPO and its IPO, hinge and SimPO variants).
 */
package dev.reins.llm.preference;
