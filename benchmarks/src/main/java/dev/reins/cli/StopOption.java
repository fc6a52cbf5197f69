package dev.reins.cli;

import dev.reins.llm.reward.PromptExample;
import dev.reins.llm.tokenizer.SpecialTokens;
import dev.reins.llm.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --stop TOKEN} of the commands that generate: where completions end besides end-of-text. */
final class StopOption {
    @Option(names = "--stop", paramLabel = "TOKEN", description = "Also end completions at TOKEN: a special token such as "
            + "<|im_end|> or a string of one token (repeatable). End-of-text always ends them, and <|im_end|> does when the prompts "
            + "are conversations.")
    List<String> stops = new ArrayList<>();

    /** The stop ids for {@code prompts} (conversational ones add {@code <|im_end|>}). */
    int[] resolve(Tokenizer tokenizer, List<PromptExample> prompts) {
        return SpecialTokens.stopTokens(tokenizer, prompts.stream().anyMatch(PromptExample::isConversational), stops);
    }
}
