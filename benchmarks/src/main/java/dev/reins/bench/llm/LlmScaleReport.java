package dev.reins.bench.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.reins.core.checkpoint.AtomicFiles;
import dev.reins.llm.model.TransformerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The llm scale suite's table: the median of each row for Reins and the peer, and their ratio. */
public final class LlmScaleReport {
    private LlmScaleReport() {}

    public static void write(Path dir, TransformerConfig config, List<Map<String, Double>> ours, List<Map<String, Double>> theirs,
            String command) throws IOException {
        StringBuilder md = new StringBuilder("# A GPT-2-small-shaped model on this machine\n\n");
        md.append("Model: ").append(config).append(", ").append(String.format("%,d", config.parameterCount())).append(" parameters. ");
        md.append("Median of ").append(ours.size()).append(" alternating measurement(s) per side, one thread each.\n\n");
        md.append("```\n").append(command).append("\n```\n\n");
        md.append("| row | Reins | peer | Reins / peer |\n|---|---:|---:|---:|\n");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("config", config);
        json.put("command", command);
        Map<String, Object> rows = new LinkedHashMap<>();
        for (String row : ours.get(0).keySet()) {
            double a = median(ours, row);
            double b = theirs.isEmpty() ? Double.NaN : median(theirs, row);
            md.append("| ").append(row).append(" | ").append(String.format("%.2f", a)).append(" | ")
                    .append(Double.isNaN(b) ? "—" : String.format("%.2f", b)).append(" | ")
                    .append(Double.isNaN(b) ? "—" : String.format("%.2f", a / b)).append(" |\n");
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("reins", values(ours, row));
            entry.put("peer", values(theirs, row));
            rows.put(row, entry);
        }
        json.put("rows", rows);
        AtomicFiles.writeString(dir.resolve("scale.md"), md.toString());
        AtomicFiles.writeString(dir.resolve("scale.json"),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json) + "\n");
    }

    private static List<Double> values(List<Map<String, Double>> runs, String row) {
        List<Double> v = new ArrayList<>();
        for (Map<String, Double> r : runs) {
            v.add(r.getOrDefault(row, Double.NaN));
        }
        return v;
    }

    private static double median(List<Map<String, Double>> runs, String row) {
        List<Double> v = values(runs, row);
        v.sort(Double::compare);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }
}
