package dev.reins.llm.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reins.llm.data.ArithmeticTask;
import dev.reins.llm.data.Jsonl;
import dev.reins.llm.eval.ExactMatchEvaluator;
import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.reward.AnswerExtractor;
import dev.reins.llm.reward.ExactAnswerVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The miniature RLVR demo end to end: SFT learns the task, GRPO with the verifier keeps it, files and reload agree. */
class RlvrDemoTest {
    @Test
    void sftLearnsAdditionAndGrpoKeepsIt(@TempDir Path dir) throws Exception {
        RlvrDemo.Result r = new RlvrDemo(RlvrDemoConfig.miniature()).run(dir, 0, line -> {});
        // SFT must learn to add (seeds 0 and 1 reach 86 and 89 % held-out); GRPO from there must keep it (it gained
        // +3.0 and −0.5 points on those seeds in 150 iterations: the RLVR gain from a strong SFT model is open work).
        assertTrue(r.sftAccuracy() > 0.6, "SFT should learn two-digit addition, got " + r.sftAccuracy());
        assertTrue(r.sftPassAtK() > r.sftAccuracy(), "pass@8 " + r.sftPassAtK() + " vs pass@1 " + r.sftAccuracy());
        assertTrue(r.grpoAccuracy() >= r.sftAccuracy() - 0.05, "GRPO " + r.grpoAccuracy() + " vs SFT " + r.sftAccuracy());
        assertTrue(r.finalKl() > 0 && r.finalKl() < 1, "KL to the SFT reference " + r.finalKl());

        var test = Jsonl.readExamples(dir.resolve("data/test.jsonl"));
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        for (String key : new String[] {"sft_accuracy", "grpo_accuracy", "sft_pass_at_8", "final_kl", "wall_seconds"}) {
            assertTrue(summary.hasNonNull(key), "summary.json lacks " + key);
        }
        assertEquals(r.grpoAccuracy(), summary.get("grpo_accuracy").asDouble());
        // Accuracy per operand form ("2+2" first): weighted by the forms' prompt counts, it gives the overall figure.
        Map<String, Integer> sizes = new TreeMap<>(Comparator.reverseOrder());
        test.forEach(e -> sizes.merge(ArithmeticTask.form(e.prompt()), 1, Integer::sum));
        assertTrue(sizes.size() >= 3, "the test set holds several forms: " + sizes);
        assertEquals(List.copyOf(sizes.keySet()), List.copyOf(r.grpoAccuracyByForm().keySet()));
        assertEquals(List.copyOf(sizes.keySet()), List.copyOf(r.sftAccuracyByForm().keySet()));
        double sftWeighted = 0;
        double grpoWeighted = 0;
        for (String form : sizes.keySet()) {
            sftWeighted += r.sftAccuracyByForm().get(form) * sizes.get(form) / (double) test.size();
            grpoWeighted += r.grpoAccuracyByForm().get(form) * sizes.get(form) / (double) test.size();
            assertEquals(r.grpoAccuracyByForm().get(form), summary.path("accuracy_by_operand_digits").path(form).path("grpo").asDouble(), 0.0);
        }
        assertEquals(r.sftAccuracy(), sftWeighted, 1e-12);
        assertEquals(r.grpoAccuracy(), grpoWeighted, 1e-12);
        assertTrue(Files.readAllLines(dir.resolve("grpo_log/metrics.csv")).size() > 150);
        // The saved GRPO model reproduces the reported accuracy when loaded back, as `reins llm eval` does.
        LanguageModel grpo = LanguageModel.load(dir.resolve("grpo"));
        double again = new ExactMatchEvaluator(new ExactAnswerVerifier(AnswerExtractor.whole(), 0), 4, 500).greedy(grpo, test).accuracy();
        assertEquals(r.grpoAccuracy(), again, 1e-12);
    }
}
