package dev.reins.bench.experiment;

import dev.reins.core.callback.Callback;
import dev.reins.core.callback.TrainingContext;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training progress: a live progress bar with steps/s and the recent mean return on a terminal, or a plain
 * line every tenth of the budget when output is redirected (logs, CI).
 */
final class ProgressReporter implements Callback {
    private final String label;
    private final long startStep;
    private final long budget;
    private final EpisodeLog episodes;
    private final WallClock clock;
    private final PrintStream out;
    private ProgressBar bar;
    private long nextLine;

    ProgressReporter(String label, long startStep, long budget, EpisodeLog episodes, WallClock clock, PrintStream out) {
        this.label = label;
        this.startStep = startStep;
        this.budget = budget;
        this.episodes = episodes;
        this.clock = clock;
        this.out = out;
    }

    @Override
    public void onTrainingStart(TrainingContext ctx) {
        if (System.console() != null) {
            bar = new ProgressBarBuilder().setTaskName(label).setInitialMax(budget).setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" steps", 1).showSpeed().setUpdateIntervalMillis(200).startsFrom(ctx.step(), java.time.Duration.ZERO)
                    .build();
        }
        nextLine = ctx.step() + budget / 10;
    }

    @Override
    public void onStep(TrainingContext ctx) {
        if (bar != null) {
            bar.stepTo(ctx.step());
            if ((ctx.step() & 1023) == 0) {
                bar.setExtraMessage(recent());
            }
        } else if (ctx.step() >= nextLine) {
            nextLine += Math.max(1, budget / 10);
            double rate = (ctx.step() - startStep) / Math.max(1e-9, clock.sessionSeconds());
            out.printf(Locale.ROOT, "[%s] %d/%d steps, %.0f steps/s, %s%n", label, ctx.step(), budget, rate, recent());
        }
    }

    private String recent() {
        double mean = episodes.recentMean(100);
        return Double.isNaN(mean) ? "no episode finished yet" : String.format(Locale.ROOT, "recent return %.3f", mean);
    }

    @Override
    public void onTrainingEnd(TrainingContext ctx) {
        if (bar != null) {
            bar.setExtraMessage(recent());
            bar.close();
        }
    }
}
