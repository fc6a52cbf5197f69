/**
 * Multi-seed benchmark suites: the plan of (algorithm, env, seed) runs, a resumable runner, and the report —
 * results.md / results.json next to published figures, and learning-curve plots with a band over seeds.
 */
package dev.reins.bench.suite;
