package dev.reins.cli;

import dev.reins.bench.games.MatchReport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reins report}: a table and a PNG of board-game match results written by {@code reins eval}. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Tabulate board-game matches (the eval.json files of 'reins eval'): prints a markdown table and,",
            "with --png, draws wins, draws and losses as stacked bars, one per file."})
final class ReportCommand implements Callable<Integer> {
    @Option(names = "--matches", required = true, arity = "1..*", paramLabel = "FILE.json", description = "Match results.")
    List<Path> matches;

    @Option(names = "--png", paramLabel = "FILE.png", description = "Also draw them here.")
    Path png;

    @Option(names = "--title", defaultValue = "Matches", description = "The chart's title (default: ${DEFAULT-VALUE}).")
    String title;

    @Option(names = "--overwrite", description = "Replace an existing --png.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        if (png != null) {
            OutputFile.claim(png, overwrite, "--png");
        }
        List<MatchReport.Row> rows = MatchReport.read(matches);
        System.out.print(MatchReport.markdown(rows));
        if (png != null) {
            MatchReport.writePng(png, title, rows);
            System.out.println("wrote " + png);
        }
        return 0;
    }
}
