#!/usr/bin/env bash
# Alternating side-by-side runs of Reins and CleanRL (built by setup.sh in PEER, default /tmp/cleanrl-peer) on
# CartPole-v1 with CleanRL's default settings: PAIRS pairs per algorithm (default 3), each pair one Reins run then one
# CleanRL run. Prints one TSV row per run: algo, program, pair, wall s, CPU s (user + sys), peak RSS KB, the mean
# return of the last 20 training episodes (what CleanRL reports; exploring, for DQN ε = 0.05), and for Reins also its
# 100-episode deterministic evaluation. Run from the repository root, with nothing else running. REINS overrides the launcher
# (default ./reins; use a copy of the built jars if sources may change meanwhile, as ./reins rebuilds then).
set -euo pipefail
PEER="${PEER:-/tmp/cleanrl-peer}"
PAIRS="${PAIRS:-3}"
REINS="${REINS:-./reins}"
OUT="$(mktemp -d)"
printf 'algo\tprogram\tpair\twall_s\tcpu_s\tpeak_rss_kb\tlast_20_training_episodes\tevaluation\n'
for algo in ppo dqn; do
  for pair in $(seq 1 "$PAIRS"); do
    /usr/bin/time -f '%e %U %S %M' -o "$OUT/time" $REINS train --config "benchmarks/peers/cleanrl/${algo}_CartPole-v1.yaml" \
      --seed "$pair" --out "$OUT/reins-$algo-$pair" --no-progress > "$OUT/log" 2>&1
    eval="$(grep -oE 'mean return [-0-9.]+' "$OUT/log" | awk '{print $3}' || true)"
    # metrics.csv: step, wall_seconds, episode, episode_return, ...; rows with an episode_return are episode ends.
    ret="$(awk -F, 'NR > 1 && $4 != "" {print $4}' "$OUT/reins-$algo-$pair/metrics.csv" | tail -20 \
      | awk '{s += $1} END {if (NR) printf "%.1f", s / NR}')"
    read -r wall user sys rss < "$OUT/time"
    printf '%s\treins\t%s\t%s\t%.1f\t%s\t%s\t%s\n' "$algo" "$pair" "$wall" "$(echo "$user + $sys" | bc)" "$rss" "$ret" "$eval"
    (cd "$PEER" && OPENBLAS_NUM_THREADS=1 PYTHONPATH="$PEER/site:$PEER" /usr/bin/time -f '%e %U %S %M' -o "$OUT/time" \
      /usr/bin/python3 "cleanrl/$algo.py" --seed "$pair" > "$OUT/log" 2>&1)
    ret="$(grep -oE 'episodic_return=\[?[-0-9.]+' "$OUT/log" | tail -20 | grep -oE '[-0-9.]+$' \
      | awk '{s += $1} END {if (NR) printf "%.1f", s / NR}')"
    read -r wall user sys rss < "$OUT/time"
    printf '%s\tcleanrl\t%s\t%s\t%.1f\t%s\t%s\t\n' "$algo" "$pair" "$wall" "$(echo "$user + $sys" | bc)" "$rss" "$ret"
  done
done
rm -rf "$OUT"
