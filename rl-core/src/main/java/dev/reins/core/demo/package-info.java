/**
 * Demonstrations for imitation learning: {@link dev.reins.core.demo.Trajectory} (one episode of an expert), the
 * JSON-lines file format any language can read and write ({@link dev.reins.core.demo.Demonstrations}), and recording a
 * policy into it ({@link dev.reins.core.demo.TrajectoryRecorder}).
 */
package dev.reins.core.demo;
