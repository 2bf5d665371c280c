#!/usr/bin/env bash
# Whole-run benchmark: generate canonical inputs, time `report` end to end and per stage, and
# compare with the parse-only floor and with a peer: the same (simpler) job in Python polars,
# scripts/compare_polars.py, run in the same loop. Prints a Markdown table for the README.
#
#   scripts/bench.sh                 # 100k and 1M rows
#   scripts/bench.sh 100000 1000000 10000000
#
# Each size also runs with --threads 1, up to ONE_THREAD_MAX rows (default 1000000), for the
# tagger's speed-up on every core over one: the time `report -v` says the tagger took within its
# "read and tag" stage, plus its "templates and outcomes" stage. Needs GNU time (/usr/bin/time) for peak memory. Inputs go
# to ${BENCH_DIR:-/tmp/invitescope-bench}. Run it on an idle machine.
#
# A second table times `report --history` and `tag --history` into a new store, up to
# HISTORY_MAX rows (default 1000000; 0 skips it): the run that goes a month at a time.
#
# Builds the release binary and the parse_floor example unless INVITESCOPE and PARSE_FLOOR name
# them (e.g. INVITESCOPE=target/release/invitescope PARSE_FLOOR=target/release/examples/parse_floor).
# The peer runs with ${PYTHON:-python3} on all cores, as invitescope does; "× peer" is its time
# divided by invitescope's (above 1, invitescope is faster). Without polars (`pip install
# polars`) its columns show "–".
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
dir="${BENCH_DIR:-/tmp/invitescope-bench}"
mkdir -p "$dir"

build=()
[ -n "${INVITESCOPE:-}" ] || build+=(--bin invitescope)
[ -n "${PARSE_FLOOR:-}" ] || build+=(--example parse_floor)
[ ${#build[@]} -eq 0 ] || cargo build --release --quiet "${build[@]}"
target="${CARGO_TARGET_DIR:-target}/release"
bin="${INVITESCOPE:-$target/invitescope}"
parse_floor="${PARSE_FLOOR:-$target/examples/parse_floor}"
python="${PYTHON:-python3}"

# Seconds spent tagging, from a `report -v` log of the streamed run: the "tagging took" line and
# the "templates and outcomes" stage; empty if the log has neither (an older binary).
tag_seconds() {
  sed -n 's/^invitescope: tagging took \([0-9.]*\) s.*/\1/p; s/^invitescope: templates and outcomes done in \([0-9.]*\) s.*/\1/p' "$1" |
    awk '{ s += $1; n++ } END { if (n == 2) printf "%.2f", s }'
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
if peer=$("$python" -c 'import sys, polars; print(f"Python {sys.version.split()[0]}, polars {polars.__version__}")' 2> /dev/null); then
  echo "invitescope: $("$bin" --version); peer: scripts/compare_polars.py, $peer"
else
  peer=""
  echo "invitescope: $("$bin" --version); peer: skipped, $python cannot import polars (pip install polars)"
fi
echo
echo "| rows | input MB | parse floor s | report s | × floor | rows/s | MB/s | peak RSS MB | RSS ÷ input | tag 1 thread ÷ all | peer s | peer peak RSS MB | × peer | stages (s) |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
for n in "${sizes[@]}"; do
  input="$dir/invites-$n-notes75.csv"
  [ -f "$input" ] || "$bin" generate --rows "$n" --seed 1 --notes 75 -o "$input" -q
  mb=$(awk -v b="$(stat -L -c %s "$input")" 'BEGIN { printf "%.0f", b / 1e6 }')
  # Warm the page cache so both runs read from memory.
  cat "$input" > /dev/null
  floor=$("$parse_floor" "$input" | awk '{ print $(NF-1) }')
  out="$dir/out-$n"
  rm -rf "$out"
  /usr/bin/time -f "%e %M" -o "$dir/time-$n" "$bin" report "$input" --out "$out" -v 2> "$dir/stages-$n"
  read -r wall rss_kb < "$dir/time-$n"
  stages=$(sed -n 's/^invitescope: \(.*\) done in \([0-9.]*\) s.*/\1 \2/p; s/^invitescope: \(tagging\) took \([0-9.]*\) s.*/(\1 \2)/p' "$dir/stages-$n" |
    paste -sd, - | sed 's/,/, /g; s/, (/ (/g')
  tag=$(tag_seconds "$dir/stages-$n")
  peer_s="–"
  peer_mb="–"
  peer_x="–"
  if [ -n "$peer" ]; then
    rm -rf "$dir/peer-out-$n"
    if /usr/bin/time -f "%e %M" -o "$dir/peer-time-$n" "$python" scripts/compare_polars.py "$input" \
      --out "$dir/peer-out-$n" -v 2> "$dir/peer-stages-$n"; then
      read -r peer_wall peer_kb < "$dir/peer-time-$n"
      peer_s=$(awk -v s="$peer_wall" 'BEGIN { printf "%.2f", s }')
      peer_mb=$(awk -v kb="$peer_kb" 'BEGIN { printf "%.0f", kb / 1024 }')
      peer_x=$(awk -v p="$peer_wall" -v r="$wall" 'BEGIN { printf "%.1f", p / r }')
    else
      echo "peer failed on $n rows (see $dir/peer-stages-$n)" >&2
    fi
  fi
  speedup="–"
  if [ "$n" -le "${ONE_THREAD_MAX:-1000000}" ]; then
    rm -rf "$out"
    "$bin" --threads 1 report "$input" --out "$out" -v 2> "$dir/stages1-$n"
    tag1=$(tag_seconds "$dir/stages1-$n")
    if [ -n "$tag" ] && [ -n "$tag1" ]; then
      speedup=$(awk -v a="$tag1" -v b="$tag" 'BEGIN { printf "%.2f", a / b }')
    fi
  fi
  awk -v n="$n" -v mb="$mb" -v floor="$floor" -v wall="$wall" -v rss="$rss_kb" -v stages="$stages" -v speedup="$speedup" \
    -v peer_s="$peer_s" -v peer_mb="$peer_mb" -v peer_x="$peer_x" 'BEGIN {
    printf "| %d | %s | %.2f | %.2f | %.1f | %.0f | %.1f | %.0f | %.2f | %s | %s | %s | %s | %s |\n",
      n, mb, floor, wall, wall / floor, n / wall, mb / wall, rss / 1024, rss / 1024 / mb, speedup, peer_s, peer_mb, peer_x, stages
  }'
done

history_sizes=()
for n in "${sizes[@]}"; do
  [ "$n" -le "${HISTORY_MAX:-1000000}" ] && history_sizes+=("$n")
done
if [ ${#history_sizes[@]} -gt 0 ]; then
  echo
  echo "With a history store (a new one for each run):"
  echo
  echo "| rows | input MB | report --history s | peak RSS MB | RSS ÷ input | tag --history s | peak RSS MB | RSS ÷ input |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
  for n in "${history_sizes[@]}"; do
    input="$dir/invites-$n-notes75.csv"
    mb=$(awk -v b="$(stat -L -c %s "$input")" 'BEGIN { printf "%.0f", b / 1e6 }')
    store="$dir/store-$n"
    rm -rf "$store" "$dir/out-$n"
    /usr/bin/time -f "%e %M" -o "$dir/history-time-$n" "$bin" report "$input" --history "$store" --out "$dir/out-$n" -q
    read -r report_wall report_kb < "$dir/history-time-$n"
    rm -rf "$store"
    /usr/bin/time -f "%e %M" -o "$dir/history-time-$n" "$bin" tag "$input" --history "$store" -o "$dir/tagged-$n.csv" -q
    read -r tag_wall tag_kb < "$dir/history-time-$n"
    rm -rf "$store" "$dir/tagged-$n.csv"
    awk -v n="$n" -v mb="$mb" -v rw="$report_wall" -v rk="$report_kb" -v tw="$tag_wall" -v tk="$tag_kb" 'BEGIN {
      printf "| %d | %s | %.2f | %.0f | %.2f | %.2f | %.0f | %.2f |\n", n, mb, rw, rk / 1024, rk / 1024 / mb, tw, tk / 1024, tk / 1024 / mb
    }'
  done
fi
