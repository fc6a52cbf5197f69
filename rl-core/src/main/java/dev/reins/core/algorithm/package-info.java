/** The contract every training algorithm implements, and deterministic policy evaluation. */
package dev.reins.core.algorithm;
