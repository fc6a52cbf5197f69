/**
 * Hyperparameter sweeps: a grid or a random search over hyperparameters × seeds ({@link dev.reins.bench.sweep.SweepSpec}),
 * planned into trials that each train a normal run folder ({@link dev.reins.bench.sweep.SweepPlan}), run resumably
 * ({@link dev.reins.bench.sweep.SweepRunner}) and reported as a ranked table, a JSON list of trials and learning
 * curves ({@link dev.reins.bench.sweep.SweepReport}).
 */
package dev.reins.bench.sweep;
