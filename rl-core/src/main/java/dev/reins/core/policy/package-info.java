/** What algorithms learn and users run: policies (deterministic and stochastic), state-value and action-value functions. */
package dev.reins.core.policy;
