/**
 * Env wrappers with Gymnasium's behaviour: time limit, episode statistics, observation and reward
 * normalization, action clipping and rescaling, reward transforms, discrete-observation flattening.
 */
package dev.reins.core.env.wrappers;
