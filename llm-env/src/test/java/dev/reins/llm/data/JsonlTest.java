package dev.reins.llm.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlTest {
    @Test
    void readsBothShapesAndSkipsBlankLines(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a.jsonl");
        Files.writeString(f, "{\"prompt\": \"1+1=\", \"completion\": \"2\"}\n\n{\"prompt\": \"é\", \"completion\": \"x\"}\n");
        List<PromptCompletion> c = Jsonl.readCompletions(f);
        assertEquals(List.of(new PromptCompletion("1+1=", "2"), new PromptCompletion("é", "x")), c);
        Files.writeString(f, "{\"prompt\": \"1+1=\", \"answer\": 2}\n");
        assertEquals("2", Jsonl.readExamples(f).get(0).answer());
    }

    @Test
    void conversationalLinesReadAsConversationsAndChatPrompts(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("chat.jsonl");
        Files.writeString(f, "{\"messages\": [{\"role\": \"user\", \"content\": \"2+2?\"}, {\"role\": \"assistant\", \"content\": \"4\"}]}\n"
                + "{\"prompt\": \"1+1=\", \"completion\": \"2\"}\n");
        List<SftExample> sft = Jsonl.readSftExamples(f);
        assertEquals(new Conversation(List.of(new dev.reins.llm.tokenizer.ChatTemplate.Message("user", "2+2?"),
                new dev.reins.llm.tokenizer.ChatTemplate.Message("assistant", "4"))), sft.get(0));
        assertEquals(new PromptCompletion("1+1=", "2"), sft.get(1));
        Files.writeString(f, "{\"prompt\": [{\"role\": \"user\", \"content\": \"2+2?\"}], \"answer\": \"4\"}\n");
        var example = Jsonl.readExamples(f).get(0);
        assertTrue(example.isConversational());
        assertEquals("<|im_start|>user\n2+2?<|im_end|>\n<|im_start|>assistant\n", example.prompt());
        var tok = dev.reins.llm.tokenizer.ByteTokenizer.withDefaultSpecials();
        assertEquals(List.of(tok.specialId("<|im_start|>").getAsInt()),
                java.util.Arrays.stream(example.encode(tok)).limit(1).boxed().toList(), "markers encode as their special ids");
    }

    @Test
    void malformedConversationsAreNamedWithTheirLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("chat.jsonl");
        for (String[] c : new String[][] {
                {"{\"messages\": \"hi\"}", "\"messages\" must be a list"},
                {"{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", "at least one assistant message"},
                {"{\"messages\": [{\"role\": \"user\"}]}", "missing \"messages[0].content\""},
                {"{\"messages\": [3]}", "messages[0] must be an object"},
                {"{\"messages\": [{\"role\": \"\", \"content\": \"x\"}, {\"role\": \"assistant\", \"content\": \"y\"}]}", "messages[0]: a chat role"}}) {
            Files.writeString(f, "\n" + c[0] + "\n");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Jsonl.readSftExamples(f));
            assertTrue(e.getMessage().contains("chat.jsonl:2:") && e.getMessage().contains(c[1]), e.getMessage());
        }
        Files.writeString(f, "{\"prompt\": [], \"answer\": \"4\"}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Jsonl.readExamples(f));
        assertTrue(e.getMessage().contains("chat.jsonl:1:") && e.getMessage().contains("empty list of messages"), e.getMessage());
    }

    @Test
    void malformedLinesAreReportedWithTheirLineNumber(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.jsonl");
        Files.writeString(f, "{\"prompt\": \"a\", \"completion\": \"b\"}\n{\"prompt\": \"a\", \"completion\": \n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Jsonl.readCompletions(f));
        assertTrue(e.getMessage().contains("bad.jsonl:2:") && e.getMessage().contains("not valid JSON"), e.getMessage());
        Files.writeString(f, "{\"prompt\": \"a\"}\n");
        e = assertThrows(IllegalArgumentException.class, () -> Jsonl.readCompletions(f));
        assertTrue(e.getMessage().contains("bad.jsonl:1:") && e.getMessage().contains("\"completion\""), e.getMessage());
        Files.writeString(f, "[1, 2]\n");
        e = assertThrows(IllegalArgumentException.class, () -> Jsonl.readExamples(f));
        assertTrue(e.getMessage().contains("expected a JSON object"), e.getMessage());
    }

    @Test
    void arithmeticSplitIsDisjointAndSeeded() {
        ArithmeticTask task = new ArithmeticTask(2);
        ArithmeticTask.Split s = task.split(100, 200, 3);
        assertEquals(100, s.test().size());
        assertEquals(200, s.sft().size());
        assertEquals(10_000 - 300, s.rl().size());
        Set<String> seen = new HashSet<>();
        s.test().forEach(e -> assertTrue(seen.add(e.prompt())));
        s.sft().forEach(e -> assertTrue(seen.add(e.prompt())));
        s.rl().forEach(e -> assertTrue(seen.add(e.prompt())));
        assertEquals(s.test(), task.split(100, 200, 3).test());
        for (var e : s.rl()) {
            String[] ab = e.prompt().substring(0, e.prompt().length() - 1).split("\\+");
            assertEquals(Integer.parseInt(ab[0]) + Integer.parseInt(ab[1]), Integer.parseInt(e.answer()), e.prompt());
        }
    }

    @Test
    void anAdditionPromptsFormIsItsOperandsDigitCounts() {
        assertEquals("2+1", ArithmeticTask.form("37+4="));
        assertEquals("1+2", ArithmeticTask.form(ArithmeticTask.prompt(7, 82)));
        assertEquals("4+3", ArithmeticTask.form("1234+567="));
        long forms = new ArithmeticTask(2).all().stream().map(e -> ArithmeticTask.form(e.prompt())).distinct().count();
        assertEquals(4, forms);
        for (String bad : new String[] {"37+4", "+4=", "37+=", "37-4=", "37+4=5"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ArithmeticTask.form(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }
}
