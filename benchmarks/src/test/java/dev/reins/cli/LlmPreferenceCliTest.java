package dev.reins.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.model.Transformer;
import dev.reins.llm.model.TransformerConfig;
import dev.reins.llm.reward.PromptExample;
import dev.reins.llm.reward.RewardModel;
import dev.reins.llm.tokenizer.ByteTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reins llm rm}, {@code llm dpo} and {@code llm ppo} on the tiny Hugging Face GPT-2 fixture, with LoRA. */
class LlmPreferenceCliTest {
    private static final Path HF_MODEL = Path.of("../llm-env/src/test/resources/gpt2-tiny");

    @TempDir
    Path tmp;

    /** JSONL pairs of 4-letter a/b strings; the one with more a's is chosen. */
    private static String pairs(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < n;) {
            String x = word(rng);
            String y = word(rng);
            long ax = x.chars().filter(c -> c == 'a').count();
            long ay = y.chars().filter(c -> c == 'a').count();
            if (ax != ay) {
                out.append(String.format("{\"prompt\": \"p:\", \"chosen\": \"%s\", \"rejected\": \"%s\"}%n", ax > ay ? x : y, ax > ay ? y : x));
                k++;
            }
        }
        return out.toString();
    }

    private static String word(SplittableRandom rng) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            s.append(rng.nextBoolean() ? 'a' : 'b');
        }
        return s.toString();
    }

    @Test
    void aRewardModelPpoAndDpoTrainWithLoraOnAHuggingFaceModel() throws Exception {
        Path train = tmp.resolve("prefs.jsonl");
        Path heldOut = tmp.resolve("held.jsonl");
        Files.writeString(train, pairs(120, 1));
        Files.writeString(heldOut, pairs(40, 2));
        Object[] rm = CliRun.run("llm", "rm", "--model", HF_MODEL.toString(), "--data", train.toString(), "--eval-data", heldOut.toString(),
                "--out", tmp.resolve("rm").toString(), "--lora", "r=4,alpha=8,targets=c_attn,c_proj", "--hp", "steps=60", "--hp",
                "learning_rate=3e-3", "--hp", "eval_every=0");
        assertEquals(0, rm[0], (String) rm[1]);
        assertTrue(((String) rm[1]).contains("held-out: accuracy"), (String) rm[1]);
        RewardModel model = RewardModel.load(tmp.resolve("rm/model"));
        double[] good = model.rewards(List.of(new PromptExample("p:", ""), new PromptExample("p:", "")), List.of("aaab", "aaaa"));
        double[] bad = model.rewards(List.of(new PromptExample("p:", ""), new PromptExample("p:", "")), List.of("bbba", "bbbb"));
        assertTrue(good[0] > bad[0] && good[1] > bad[1], "rewards " + java.util.Arrays.toString(good) + " vs " + java.util.Arrays.toString(bad));

        Object[] best = CliRun.run("llm", "generate", "--model", HF_MODEL.toString(), "--prompt", "p:", "--samples", "4", "--temperature",
                "1", "--max-new-tokens", "4", "--reward-model", tmp.resolve("rm/model").toString());
        assertEquals(0, best[0], (String) best[1]);
        List<Double> ranked = ((String) best[1]).lines().filter(l -> l.matches("-?\\d+\\.\\d{4}\\tp:.*"))
                .map(l -> Double.parseDouble(l.split("\t")[0])).toList();
        assertEquals(4, ranked.size(), (String) best[1]);
        for (int i = 1; i < ranked.size(); i++) {
            assertTrue(ranked.get(i - 1) >= ranked.get(i), "best first: " + ranked);
        }

        Path prompts = tmp.resolve("prompts.jsonl");
        Files.writeString(prompts, "{\"prompt\": \"p:\"}\n".repeat(8));
        Object[] ppo = CliRun.run("llm", "ppo", "--model", HF_MODEL.toString(), "--reward-model", tmp.resolve("rm/model").toString(),
                "--data", prompts.toString(), "--eval-data", prompts.toString(), "--out", tmp.resolve("ppo").toString(), "--lora",
                "r=4,alpha=8,targets=c_attn", "--iterations", "3", "--eval-every", "0", "--max-new-tokens", "4", "--hp",
                "prompts_per_iteration=8", "--hp", "learning_rate=3e-3", "--hp", "critic_learning_rate=3e-3");
        assertEquals(0, ppo[0], (String) ppo[1]);
        assertTrue(((String) ppo[1]).contains("held-out: reward-model score"), (String) ppo[1]);
        for (String file : new String[] {"model/model.safetensors", "adapter/adapter_model.safetensors", "ppo_log/metrics.csv"}) {
            assertTrue(Files.exists(tmp.resolve("ppo").resolve(file)), file);
        }
        assertTrue(Files.readString(tmp.resolve("ppo/ppo_log/metrics.csv")).startsWith("step,objective/kl,objective/entropy,"
                + "objective/non_score_reward,objective/rlhf_reward,objective/scores"));

        Object[] sharedCritic = CliRun.run("llm", "ppo", "--model", HF_MODEL.toString(), "--reward-model",
                tmp.resolve("rm/model").toString(), "--data", prompts.toString(), "--out", tmp.resolve("ppo-shared").toString(), "--critic",
                "shared", "--iterations", "2", "--max-new-tokens", "4", "--hp", "prompts_per_iteration=4", "--hp", "minibatch_size=4");
        assertEquals(0, sharedCritic[0], (String) sharedCritic[1]);

        Object[] grpo = CliRun.run("llm", "grpo", "--model", HF_MODEL.toString(), "--reward-model", tmp.resolve("rm/model").toString(),
                "--data", prompts.toString(), "--out", tmp.resolve("rloo").toString(), "--iterations", "2", "--eval-every", "1",
                "--max-new-tokens", "4", "--hp", "leave_one_out=true", "--hp", "starts_per_iteration=2", "--hp", "group_size=4");
        assertEquals(0, grpo[0], (String) grpo[1]);
        assertTrue(Files.exists(tmp.resolve("rloo/model/model.safetensors")), (String) grpo[1]);

        Object[] dpo = CliRun.run("llm", "dpo", "--model", HF_MODEL.toString(), "--data", train.toString(), "--eval-data",
                heldOut.toString(), "--out", tmp.resolve("dpo").toString(), "--lora", "r=4,alpha=8,targets=c_attn", "--hp", "steps=40",
                "--hp", "learning_rate=5e-3", "--hp", "eval_every=0");
        assertEquals(0, dpo[0], (String) dpo[1]);
        String line = ((String) dpo[1]).lines().filter(l -> l.startsWith("held-out: rewards/accuracies")).findFirst().orElseThrow();
        double accuracy = Double.parseDouble(line.split(" ")[2].replace(",", ""));
        assertTrue(accuracy >= 0.8, line);
        for (String file : new String[] {"model/config.json", "model/model.safetensors", "adapter/adapter_config.json",
            "adapter/adapter_model.safetensors", "dpo_log/metrics.csv", "trainer.ckpt"}) {
            assertTrue(Files.exists(tmp.resolve("dpo").resolve(file)), file);
        }
        assertTrue(Files.readString(tmp.resolve("dpo/dpo_log/metrics.csv")).startsWith("step,loss,rewards/chosen,rewards/rejected,"
                + "rewards/accuracies,rewards/margins,logps/chosen,logps/rejected"));
    }

    @Test
    void dpoResumedFromACheckpointEqualsAnUninterruptedRun() throws Exception {
        Path train = tmp.resolve("prefs.jsonl");
        Files.writeString(train, pairs(30, 3));
        String[] common = {"llm", "dpo", "--model", HF_MODEL.toString(), "--data", train.toString(), "--hp", "steps=6", "--hp",
            "batch_size=4", "--hp", "warmup_steps=2", "--hp", "loss_type=ipo"};
        assertEquals(0, CliRun.run(concat(common, "--out", tmp.resolve("a").toString()))[0]);
        assertEquals(0, CliRun.run(concat(common, "--out", tmp.resolve("b").toString(), "--stop-at", "3"))[0]);
        Object[] resumed = CliRun.run(concat(common, "--out", tmp.resolve("b").toString(), "--resume"));
        assertEquals(0, resumed[0], (String) resumed[1]);
        assertTrue(((String) resumed[1]).contains("resuming at step 3"), (String) resumed[1]);
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a/model/model.safetensors")),
                Files.readAllBytes(tmp.resolve("b/model/model.safetensors")));
    }

    @Test
    void badPreferenceInputIsOneLineWithExitTwoAndNothingWritten() throws Exception {
        Path bad = tmp.resolve("bad.jsonl");
        Files.writeString(bad, "{\"prompt\": \"p:\", \"chosen\": \"a\", \"rejected\": \"b\"}\n"
                + "{\"prompt\": \"p:\", \"chosen\": \"a\", \"rejected\": \"a\"}\n");
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {"rm", "bad.jsonl:2: \"chosen\" equals \"rejected\""});
        cases.add(new String[] {"dpo", "bad.jsonl:2: \"chosen\" equals \"rejected\""});
        for (String[] c : cases) {
            Object[] r = CliRun.run("llm", c[0], "--model", HF_MODEL.toString(), "--data", bad.toString(), "--out",
                    tmp.resolve("out-" + c[0]).toString());
            assertEquals(Reins.BAD_INPUT, r[0], (String) r[1]);
            assertTrue(((String) r[1]).contains(c[1]) && ((String) r[1]).strip().lines().count() == 1, (String) r[1]);
            assertFalse(Files.exists(tmp.resolve("out-" + c[0])), "nothing written for " + c[0]);
        }
        Files.writeString(bad, "{\"prompt\": \"p:\", \"chosen\": \"a\"}\n");
        Object[] r = CliRun.run("llm", "dpo", "--model", HF_MODEL.toString(), "--data", bad.toString(), "--out", tmp.resolve("o").toString());
        assertTrue(((String) r[1]).contains("bad.jsonl:1: missing \"rejected\""), (String) r[1]);

        // An existing run is never overwritten.
        Path taken = Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(taken.resolve("keep.txt"), "mine");
        Files.writeString(bad, pairs(4, 1));
        r = CliRun.run("llm", "dpo", "--model", HF_MODEL.toString(), "--data", bad.toString(), "--out", taken.toString());
        assertEquals(Reins.BAD_INPUT, r[0]);
        assertTrue(((String) r[1]).contains("already exists and is not empty"), (String) r[1]);
        assertEquals(List.of(taken.resolve("keep.txt")), Files.list(taken).toList());

        // A reference model with another tokenizer, a reward model where a language model belongs.
        ByteTokenizer bytes = ByteTokenizer.withDefaultSpecials();
        new LanguageModel(bytes, Transformer.create(new TransformerConfig(bytes.vocabSize(), 32, 8, 1, 2, 16), 0)).save(tmp.resolve("bytes"));
        r = CliRun.run("llm", "dpo", "--model", HF_MODEL.toString(), "--ref-model", tmp.resolve("bytes").toString(), "--data", bad.toString(),
                "--out", tmp.resolve("o2").toString());
        assertEquals(Reins.BAD_INPUT, r[0]);
        assertTrue(((String) r[1]).contains("the tokenizer of --ref-model"), (String) r[1]);
        r = CliRun.run("llm", "ppo", "--model", HF_MODEL.toString(), "--reward-model", HF_MODEL.toString(), "--data", bad.toString(),
                "--out", tmp.resolve("o4").toString());
        assertEquals(Reins.BAD_INPUT, r[0]);
        assertTrue(((String) r[1]).contains("is not a reward model"), (String) r[1]);
        RewardModel.fromLanguageModel(LanguageModel.load(tmp.resolve("bytes")), 0).save(tmp.resolve("byte-rm"));
        r = CliRun.run("llm", "ppo", "--model", HF_MODEL.toString(), "--reward-model", tmp.resolve("byte-rm").toString(), "--data",
                bad.toString(), "--out", tmp.resolve("o5").toString());
        assertEquals(Reins.BAD_INPUT, r[0]);
        assertTrue(((String) r[1]).contains("the tokenizer of --reward-model"), (String) r[1]);
        RewardModel.fromLanguageModel(LanguageModel.load(HF_MODEL), 0).save(tmp.resolve("rm"));
        r = CliRun.run("llm", "dpo", "--model", tmp.resolve("rm").toString(), "--data", bad.toString(), "--out", tmp.resolve("o3").toString());
        assertEquals(Reins.BAD_INPUT, r[0]);
        assertTrue(((String) r[1]).contains("is a reward model"), (String) r[1]);
    }

    @Test
    void aLossThatBecomesNanStopsTrainingWithOneLineAndExitOne() throws Exception {
        ByteTokenizer bytes = ByteTokenizer.withDefaultSpecials();
        LanguageModel broken = new LanguageModel(bytes, Transformer.create(new TransformerConfig(bytes.vocabSize(), 32, 8, 1, 2, 16), 0));
        broken.transformer().parameters().get("h.0.mlp.c_fc.weight").value().putScalar(0, Double.NaN);
        broken.save(tmp.resolve("nan-model"));
        Path prefs = tmp.resolve("prefs.jsonl");
        Files.writeString(prefs, pairs(8, 1));
        for (String command : new String[] {"dpo", "rm"}) {
            Object[] r = CliRun.run("llm", command, "--model", tmp.resolve("nan-model").toString(), "--data", prefs.toString(), "--out",
                    tmp.resolve("out-" + command).toString(), "--hp", "steps=3");
            assertEquals(1, r[0], (String) r[1]);
            String out = ((String) r[1]).strip();
            assertTrue(out.contains("became NaN at step 1") && out.contains("Training stopped") && out.lines().count() == 1, out);
            assertFalse(Files.exists(tmp.resolve("out-" + command).resolve("model")), "no model was saved");
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
