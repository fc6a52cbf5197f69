package dev.reins.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code reins llm}: language-model training, generation and evaluation. */
@Command(name = "llm", mixinStandardHelpOptions = true,
        description = "Language models: SFT, reward models, DPO, PPO-RLHF, GRPO with verifiers, generation, evaluation, and the RLVR and RLHF demos.",
        subcommands = {LlmRlvrDemoCommand.class, LlmRlhfDemoCommand.class, LlmSftCommand.class, LlmRmCommand.class, LlmDpoCommand.class, LlmPpoCommand.class, LlmGrpoCommand.class, LlmPrmCommand.class, LlmSearchCommand.class,
            LlmGenerateCommand.class,
            LlmEvalCommand.class,
            })
final class LlmCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: rlvr-demo, rlhf-demo, sft, rm, dpo, ppo, grpo, prm, search, generate or eval");
    }
}
