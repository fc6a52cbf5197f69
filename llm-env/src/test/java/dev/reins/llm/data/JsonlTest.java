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
}
