/** Losses shared by several algorithms, each returning its value and its gradient with respect to the predictions. */
package dev.reins.algorithms.loss;
