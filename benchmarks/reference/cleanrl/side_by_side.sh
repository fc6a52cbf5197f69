#!/usr/bin/env bash
# Alternating side-by-side runs of Reins and CleanRL (built by setup.sh in PEER, default /tmp/cleanrl-peer) with
# CleanRL's default settings — PPO and DQN on CartPole-v1 (500k steps), TD3 and SAC on Pendulum-v1 (20k steps, 1,000
# random steps first): PAIRS pairs per algorithm in ALGOS (default 3; "ppo dqn"), each pair one Reins run then one
# CleanRL run. Prints one TSV row per run: algo, program, pair, wall s, CPU s (user + sys), peak RSS KB, the mean
# return of the last 20 training episodes (what CleanRL reports; exploring, for DQN ε = 0.05), and for Reins also its
# 100-episode deterministic evaluation. Run from the repository root, with nothing else running. REINS overrides the launcher
# (default ./reins; use a copy of the built jars if sources may change meanwhile, as ./reins rebuilds then).
set -euo pipefail
PEER="${PEER:-/tmp/cleanrl-peer}"
PAIRS="${PAIRS:-3}"
REINS="${REINS:-./reins}"
ALGOS="${ALGOS:-ppo dqn}"
OUT="$(mktemp -d)"
printf 'algo\tprogram\tpair\twall_s\tcpu_s\tpeak_rss_kb\tlast_20_training_episodes\tevaluation\n'
for algo in $ALGOS; do
  case "$algo" in
    ppo | dqn) env=CartPole-v1 script="$algo.py" peer_args=() ;;
    td3 | sac) env=Pendulum-v1 script="${algo}_continuous_action.py"
      peer_args=(--env-id Pendulum-v1 --total-timesteps 20000 --learning-starts 1000) ;;
    *) echo "unknown algo $algo" >&2; exit 2 ;;
  esac
  for pair in $(seq 1 "$PAIRS"); do
    /usr/bin/time -f '%e %U %S %M' -o "$OUT/time" $REINS train --config "benchmarks/peers/cleanrl/${algo}_${env}.yaml" \
      --seed "$pair" --out "$OUT/reins-$algo-$pair" --no-progress > "$OUT/log" 2>&1
    eval="$(grep -oE 'mean return [-0-9.]+' "$OUT/log" | awk '{print $3}' || true)"
    # metrics.csv: step, wall_seconds, episode, episode_return, ...; rows with an episode_return are episode ends.
    ret="$(awk -F, 'NR > 1 && $4 != "" {print $4}' "$OUT/reins-$algo-$pair/metrics.csv" | tail -20 \
      | awk '{s += $1} END {if (NR) printf "%.1f", s / NR}')"
    read -r wall user sys rss < "$OUT/time"
    printf '%s\treins\t%s\t%s\t%.1f\t%s\t%s\t%s\n' "$algo" "$pair" "$wall" "$(echo "$user + $sys" | bc)" "$rss" "$ret" "$eval"
    (cd "$PEER" && OPENBLAS_NUM_THREADS=1 PYTHONPATH="$PEER/site:$PEER" /usr/bin/time -f '%e %U %S %M' -o "$OUT/time" \
      /usr/bin/python3 "cleanrl/$script" --seed "$pair" "${peer_args[@]}" > "$OUT/log" 2>&1)
    ret="$(grep -oE 'episodic_return=\[?[-0-9.]+' "$OUT/log" | tail -20 | grep -oE '[-0-9.]+$' \
      | awk '{s += $1} END {if (NR) printf "%.1f", s / NR}')"
    read -r wall user sys rss < "$OUT/time"
    printf '%s\tcleanrl\t%s\t%s\t%.1f\t%s\t%s\t\n' "$algo" "$pair" "$wall" "$(echo "$user + $sys" | bc)" "$rss" "$ret"
  done
done
rm -rf "$OUT"
