/**
 * Gymnasium-exact environments — toy text now, classic control next — and the registry that makes them by Gymnasium
 * id. Nothing here knows about neural networks.
 */
package dev.reins.envs;
