package dev.reins.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The miniature RLHF demo from the command line: every method runs, and the trained ones beat the SFT model by gold reward. */
class LlmRlhfDemoCliTest {
    @TempDir
    Path tmp;

    @Test
    void theQuickDemoRunsEveryMethodAndPpoAndDpoBeatTheSftModelByGoldReward() throws Exception {
        Path out = tmp.resolve("rlhf");
        Object[] r = CliRun.run("llm", "rlhf-demo", "--quick", "--out", out.toString(), "--seed", "1");
        assertEquals(0, r[0], (String) r[1]);
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        double ceiling = s.get("rm_accuracy_ceiling").asDouble();
        double accuracy = s.get("rm_accuracy").asDouble();
        // Labels are Bradley–Terry draws: the gold reward itself gets only the ceiling right; the reward model nearly so.
        assertTrue(ceiling > 0.6 && ceiling < 0.95 && accuracy > 0.6 && accuracy > ceiling - 0.08, "accuracy " + accuracy + ", ceiling " + ceiling);
        double sftGold = s.get("sft").get("gold_reward").asDouble();
        for (String method : new String[] {"ppo", "dpo", "ipo", "grpo", "best_of_n", "rejection_sampling"}) {
            JsonNode m = s.get("methods").get(method);
            assertTrue(m != null && m.has("gold_reward") && m.has("win_rate_vs_sft") && m.has("kl_to_sft") && m.has("wall_seconds"),
                    method + ": " + m);
        }
        for (String method : new String[] {"ppo", "dpo"}) {
            JsonNode m = s.get("methods").get(method);
            assertTrue(m.get("gold_reward").asDouble() > sftGold + 0.1 && m.get("win_rate_vs_sft").asDouble() > 0.65
                    && m.get("kl_to_sft").asDouble() > 0, method + " did not beat SFT (gold " + sftGold + "): " + m);
        }
        for (String file : new String[] {"frontier.png", "ppo_hacking.png", "sft/model.safetensors", "rm/config.json", "ppo/config.json",
            "dpo/config.json", "data/prefs.jsonl", "data/prefs-heldout.jsonl", "data/prompts.jsonl"}) {
            assertTrue(Files.exists(out.resolve(file)), file);
        }
    }
}
