/** Running statistics used by normalizers and metrics. */
package dev.reins.core.stats;
