/** Training metrics written as CSV and JSON lines, one row per event, with fixed columns. */
package dev.reins.core.metrics;
