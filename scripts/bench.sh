#!/usr/bin/env bash
# Whole-run benchmark: generate canonical inputs, time `report` end to end and per stage, and
# compare with the parse-only floor. Prints a Markdown table for the README.
#
#   scripts/bench.sh                 # 100k and 1M rows
#   scripts/bench.sh 100000 1000000 10000000
#
# Each size also runs with --threads 1, up to ONE_THREAD_MAX rows (default 1000000), for the
# tagging stage's two-thread speed-up. Needs GNU time (/usr/bin/time) for peak memory. Inputs go
# to ${BENCH_DIR:-/tmp/invitescope-bench}. Run it on an idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
dir="${BENCH_DIR:-/tmp/invitescope-bench}"
mkdir -p "$dir"

cargo build --release --quiet --bin invitescope --example parse_floor
target="${CARGO_TARGET_DIR:-target}/release"
bin="$target/invitescope"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo
echo "| rows | input MB | parse floor s | report s | × floor | rows/s | MB/s | peak RSS MB | RSS ÷ input | tag 1 thread ÷ 2 | stages (s) |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
for n in "${sizes[@]}"; do
  input="$dir/invites-$n-notes75.csv"
  [ -f "$input" ] || "$bin" generate --rows "$n" --seed 1 --notes 75 -o "$input" -q
  mb=$(awk -v b="$(stat -c %s "$input")" 'BEGIN { printf "%.0f", b / 1e6 }')
  # Warm the page cache so both runs read from memory.
  cat "$input" > /dev/null
  floor=$("$target/examples/parse_floor" "$input" | awk '{ print $(NF-1) }')
  out="$dir/out-$n"
  rm -rf "$out"
  /usr/bin/time -f "%e %M" -o "$dir/time-$n" "$bin" report "$input" --out "$out" -v 2> "$dir/stages-$n"
  read -r wall rss_kb < "$dir/time-$n"
  stages=$(grep -o '[a-z]* done in [0-9.]*' "$dir/stages-$n" | awk '{ printf "%s %s, ", $1, $4 }' | sed 's/, $//')
  tag=$(grep -o 'tag done in [0-9.]*' "$dir/stages-$n" | awk '{ print $4 }')
  speedup="–"
  if [ "$n" -le "${ONE_THREAD_MAX:-1000000}" ]; then
    rm -rf "$out"
    "$bin" --threads 1 report "$input" --out "$out" -v 2> "$dir/stages1-$n"
    tag1=$(grep -o 'tag done in [0-9.]*' "$dir/stages1-$n" | awk '{ print $4 }')
    speedup=$(awk -v a="$tag1" -v b="$tag" 'BEGIN { printf "%.2f", a / b }')
  fi
  awk -v n="$n" -v mb="$mb" -v floor="$floor" -v wall="$wall" -v rss="$rss_kb" -v stages="$stages" -v speedup="$speedup" 'BEGIN {
    printf "| %d | %s | %.2f | %.2f | %.1f | %.0f | %.1f | %.0f | %.2f | %s | %s |\n",
      n, mb, floor, wall, wall / floor, n / wall, mb / wall, rss / 1024, rss / 1024 / mb, speedup, stages
  }'
done
