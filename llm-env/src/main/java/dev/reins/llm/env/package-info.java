/** {@code TokenEnv}: generation of a completion as an episodic MDP scored by a reward function. */
package dev.reins.llm.env;
