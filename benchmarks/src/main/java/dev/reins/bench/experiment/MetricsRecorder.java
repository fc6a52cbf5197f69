package dev.reins.bench.experiment;

import dev.reins.core.algorithm.EvalResult;
import dev.reins.core.callback.Callback;
import dev.reins.core.callback.TrainingContext;
import dev.reins.core.env.wrappers.EpisodeStatistics;
import dev.reins.core.metrics.MetricsLogger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a metrics row per finished episode, per update and per evaluation. */
final class MetricsRecorder implements Callback {
    static final List<String> BASE_COLUMNS = List.of("step", "wall_seconds", "episode", "episode_return", "episode_length",
            "eval_mean_return", "eval_std_return");

    private final MetricsLogger logger;
    private final WallClock clock;
    private final EpisodeLog episodes;
    private long episodeCount;

    MetricsRecorder(MetricsLogger logger, WallClock clock, EpisodeLog episodes, long episodeCount) {
        this.logger = logger;
        this.clock = clock;
        this.episodes = episodes;
        this.episodeCount = episodeCount;
    }

    static List<String> columns(List<String> algorithmMetrics) {
        List<String> columns = new ArrayList<>(BASE_COLUMNS);
        for (String m : algorithmMetrics) {
            if (!columns.contains(m)) {
                columns.add(m);
            }
        }
        return columns;
    }

    long episodeCount() {
        return episodeCount;
    }

    @Override
    public void onEpisodeEnd(TrainingContext ctx, EpisodeStatistics episode) {
        episodeCount++;
        episodes.add(ctx.step(), episode.episodeReturn());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("step", ctx.step());
        row.put("wall_seconds", clock.seconds());
        row.put("episode", episodeCount);
        row.put("episode_return", episode.episodeReturn());
        row.put("episode_length", episode.length());
        logger.log(row);
    }

    @Override
    public void onUpdate(TrainingContext ctx, Map<String, Double> metrics) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("step", ctx.step());
        row.put("wall_seconds", clock.seconds());
        row.putAll(metrics);
        logger.log(row);
    }

    @Override
    public void onEval(TrainingContext ctx, EvalResult result) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("step", ctx.step());
        row.put("wall_seconds", clock.seconds());
        row.put("eval_mean_return", result.meanReturn());
        row.put("eval_std_return", result.stdReturn());
        logger.log(row);
    }
}
