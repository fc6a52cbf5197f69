package dev.reins.bench.experiment;

import java.util.ArrayList;
import java.util.List;

/** Episode returns by step, kept for the learning curve and the progress display. */
final class EpisodeLog {
    final List<Long> steps = new ArrayList<>();
    final List<Double> returns = new ArrayList<>();

    void add(long step, double episodeReturn) {
        steps.add(step);
        returns.add(episodeReturn);
    }

    int size() {
        return returns.size();
    }

    /** Mean return of the last {@code n} episodes (NaN if none). */
    double recentMean(int n) {
        if (returns.isEmpty()) {
            return Double.NaN;
        }
        int from = Math.max(0, returns.size() - n);
        double sum = 0;
        for (int i = from; i < returns.size(); i++) {
            sum += returns.get(i);
        }
        return sum / (returns.size() - from);
    }
}
