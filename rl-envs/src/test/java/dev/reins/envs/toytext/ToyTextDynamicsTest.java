package dev.reins.envs.toytext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.core.env.Env;
import dev.reins.core.env.StepResult;
import dev.reins.core.mdp.Mdp;
import dev.reins.core.mdp.TabularEnv;
import dev.reins.envs.registry.Envs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spot checks of the dynamics against Gymnasium 1.4's transition rules. */
class ToyTextDynamicsTest {

    private static Mdp mdp(String id, Map<String, ?> options) {
        return ((TabularEnv) Envs.make(id, options).unwrapped()).mdp();
    }

    @Test
    void frozenLakeSlipsToBothSidesAndHolesAbsorb() {
        Mdp lake = mdp("FrozenLake-v1", Map.of());
        // From the start (0) moving down (1): left (a−1) stays at 0, down reaches 4, right (a+1) reaches 1, each 1/3.
        List<Mdp.Transition> down = lake.transitions(0, 1);
        assertEquals(3, down.size());
        assertEquals(List.of(0, 4, 1), down.stream().map(Mdp.Transition::nextState).toList());
        down.forEach(t -> assertEquals(1.0 / 3.0, t.probability(), 1e-15));
        // State 5 is a hole: every action loops with reward 0 and terminal.
        assertEquals(List.of(new Mdp.Transition(1.0, 5, 0, true)), lake.transitions(5, 2));
        // Reaching the goal (15) from 14 by moving right pays 1 and terminates.
        assertTrue(lake.transitions(14, 2).contains(new Mdp.Transition(1.0 / 3.0, 15, 1, true)));
        Mdp custom = mdp("FrozenLake-v1", Map.of("is_slippery", true, "success_rate", 0.75,
                "reward_schedule", List.of(2.0, -1.0, -0.01)));
        List<Mdp.Transition> right = custom.transitions(0, 2);
        assertEquals(0.125, right.get(0).probability(), 1e-15);
        assertEquals(0.75, right.get(1).probability(), 1e-15);
        assertEquals(-0.01, right.get(1).reward());
        assertEquals(-1.0, custom.transitions(1, 1).get(1).reward(), "state 5 below 1 is a hole");
    }

    @Test
    void randomMapsAlwaysHaveAPath() {
        for (long seed = 0; seed < 20; seed++) {
            List<String> map = FrozenLake.generateRandomMap(8, 0.6, seed);
            assertEquals(8, map.size());
            assertEquals('S', map.get(0).charAt(0));
            assertEquals('G', map.get(7).charAt(7));
            assertEquals(map, FrozenLake.generateRandomMap(8, 0.6, seed), "seeded");
            // Value iteration from S reaches G with positive value only if a path exists.
            Mdp m = mdp("FrozenLake-v1", Map.of("desc", map, "is_slippery", false));
            double[] v = new double[64];
            for (int it = 0; it < 200; it++) {
                for (int s = 0; s < 64; s++) {
                    double best = 0;
                    for (int a = 0; a < 4; a++) {
                        Mdp.Transition t = m.transitions(s, a).get(0);
                        best = Math.max(best, t.reward() + (t.terminal() ? 0 : 0.9 * v[t.nextState()]));
                    }
                    v[s] = best;
                }
            }
            assertTrue(v[0] > 0, "map " + seed + " has a path: " + map);
        }
    }

    @Test
    void cliffSendsBackToStartWithoutEndingTheEpisode() {
        Mdp cliff = mdp("CliffWalking-v1", Map.of());
        assertEquals(List.of(new Mdp.Transition(1.0, 36, -100, false)), cliff.transitions(36, 1));
        assertEquals(List.of(new Mdp.Transition(1.0, 47, -1, true)), cliff.transitions(35, 2));
        assertEquals(List.of(new Mdp.Transition(1.0, 0, -1, false)), cliff.transitions(0, 0), "walls keep you in");
        Mdp slippery = mdp("CliffWalkingSlippery-v1", Map.of());
        assertEquals(3, slippery.transitions(24, 1).size());
        Env<Integer, Integer> env = Envs.make("CliffWalking-v1");
        env.reset(0);
        StepResult<Integer> r = env.step(1);
        assertEquals(36, r.observation());
        assertEquals(-100.0, r.reward());
        assertFalse(r.done());
    }

    @Test
    void taxiEncodingWallsRewardsAndMask() {
        assertArrayEquals(new int[] {3, 1, 2, 0}, Taxi.decode(Taxi.encode(3, 1, 2, 0)));
        Mdp taxi = mdp("Taxi-v4", Map.of());
        assertEquals(500, taxi.numStates());
        assertEquals(6, taxi.numActions());
        // (0,1) east is blocked by the wall "R: |"; west is open.
        int s = Taxi.encode(0, 1, 0, 1);
        assertEquals(s, taxi.transitions(s, 2).get(0).nextState());
        assertEquals(Taxi.encode(0, 0, 0, 1), taxi.transitions(s, 3).get(0).nextState());
        // Pick-up at R (0,0) with the passenger there: into the taxi, −1.
        int atR = Taxi.encode(0, 0, 0, 1);
        assertEquals(new Mdp.Transition(1.0, Taxi.encode(0, 0, 4, 1), -1, false), taxi.transitions(atR, 4).get(0));
        // Drop-off at the destination G (0,4): +20, terminal.
        int atG = Taxi.encode(0, 4, 4, 1);
        assertEquals(new Mdp.Transition(1.0, Taxi.encode(0, 4, 1, 1), 20, true), taxi.transitions(atG, 5).get(0));
        // An illegal pick-up costs −10.
        assertEquals(-10.0, taxi.transitions(Taxi.encode(2, 2, 0, 1), 4).get(0).reward());
        assertArrayEquals(new int[] {1, 0, 0, 1, 0, 0}, Taxi.actionMask(s));
        // The start distribution: passenger waiting somewhere other than the destination, 300 states.
        double[] init = taxi.initialStateDistribution();
        assertEquals(300, java.util.Arrays.stream(init).filter(p -> p > 0).count());
        Mdp rainy = mdp("Taxi-v4", Map.of("is_rainy", true));
        assertEquals(3, rainy.transitions(Taxi.encode(2, 2, 0, 1), 0).size());
        assertEquals(0.8, rainy.transitions(Taxi.encode(2, 2, 0, 1), 0).get(0).probability(), 1e-15);
    }

    @Test
    void fickleTaxiPassengerChangesDestinationAtMostOnce() {
        Env<Integer, Integer> env = Envs.make("Taxi-v4", Map.of("fickle_passenger", true, "fickle_probability", 1.0));
        int changes = 0;
        for (long seed = 0; seed < 30; seed++) {
            int s = env.reset(seed).observation();
            int[] d = Taxi.decode(s);
            int dest = d[3];
            // Drive to the passenger by brute force: try actions until picked up, using the known locations.
            int[] loc = Taxi.LOCATIONS[d[2]];
            s = drive(env, s, loc[0], loc[1]);
            s = env.step(4).observation(); // pick up
            assertEquals(4, Taxi.decode(s)[2]);
            int before = Taxi.decode(s)[3];
            s = env.step(Taxi.decode(s)[0] < 4 ? 0 : 1).observation(); // one move with the passenger aboard
            if (Taxi.decode(s)[3] != before) {
                changes++;
            }
            assertEquals(dest, before);
        }
        assertTrue(changes > 0, "with probability 1 the passenger changes their mind after the first move");
    }

    private static int drive(Env<Integer, Integer> env, int s, int row, int col) {
        for (int guard = 0; guard < 100; guard++) {
            int[] d = Taxi.decode(s);
            if (d[0] == row && d[1] == col) {
                return s;
            }
            // Go to row 2 (no walls), across, then to the target row.
            int action;
            if (d[1] != col) {
                action = d[0] != 2 ? (d[0] < 2 ? 0 : 1) : (d[1] < col ? 2 : 3);
            } else {
                action = d[0] < row ? 0 : 1;
            }
            s = env.step(action).observation();
        }
        throw new AssertionError("could not reach " + row + "," + col);
    }

    @Test
    void blackjackFollowsSuttonAndBartosRules() {
        assertEquals(21, Blackjack.sumHand(new int[] {1, 10}));
        assertTrue(Blackjack.usableAce(new int[] {1, 5}));
        assertFalse(Blackjack.usableAce(new int[] {1, 5, 10}));
        assertTrue(Blackjack.isBust(new int[] {10, 10, 5}));
        assertTrue(Blackjack.isNatural(new int[] {10, 1}));
        Env<int[], Integer> env = Envs.make("Blackjack-v1");
        double total = 0;
        int n = 20_000;
        for (long seed = 0; seed < n; seed++) {
            int[] obs = env.reset(seed).observation();
            assertTrue(obs[0] >= 4 && obs[0] <= 21 && obs[1] >= 1 && obs[1] <= 10);
            StepResult<int[]> r = env.step(0); // always stick
            assertTrue(r.terminated());
            total += r.reward();
        }
        // Sticking on any two cards loses on average (dealer plays to 17): about −0.15 to −0.2.
        assertTrue(total / n < -0.1 && total / n > -0.3, "mean return of always sticking: " + total / n);
    }
}
