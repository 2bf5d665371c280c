#!/usr/bin/env bash
# invitescope against the same job in pandas (scripts/compare_python.py) on one generated input.
# Prints a Markdown table row per size for the README.
#
#   scripts/compare.sh 1000000          # one size
#   scripts/compare.sh 100000 1000000   # several
#
# Builds the release binary unless INVITESCOPE names one (e.g. target/debug/invitescope for a
# quick check of the script; its times mean nothing). Needs GNU time (/usr/bin/time) for peak
# memory and `pip install pandas`. Inputs are `invitescope generate --rows N --seed 1 --notes 75`, shared
# with scripts/bench.sh in ${BENCH_DIR:-/tmp/invitescope-bench} and reused when present; outputs
# go beside them. Each program runs once, page cache warm: run it on an idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || { echo "usage: scripts/compare.sh ROWS..." >&2; exit 2; }
python="${PYTHON:-python3}"
dir="${BENCH_DIR:-/tmp/invitescope-bench}"
mkdir -p "$dir"

bin="${INVITESCOPE:-}"
if [ -z "$bin" ]; then
  cargo build --release --quiet --bin invitescope
  bin="${CARGO_TARGET_DIR:-target}/release/invitescope"
fi
"$python" -c 'import pandas' 2>/dev/null || { echo "needs pandas: pip install pandas" >&2; exit 1; }

# Runs a command under GNU time: "wall_seconds peak_rss_kb" to $dir/NAME.time, stderr (the
# stage times) to $dir/NAME.log.
timed() {
  local name="$1"
  shift
  /usr/bin/time -f "%e %M" -o "$dir/$name.time" "$@" 2> "$dir/$name.log" || {
    echo "failed: $* (see $dir/$name.log)" >&2
    exit 1
  }
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
# pandas' string columns are Python objects, or Arrow arrays when pyarrow is installed: say which.
versions='import sys, importlib.util as u, pandas as pd
arrow = "with pyarrow" if u.find_spec("pyarrow") else "without pyarrow"
print(f"Python {sys.version.split()[0]}, pandas {pd.__version__} {arrow}")'
echo "invitescope: $("$bin" --version); $("$python" -c "$versions")"
echo
echo "| rows | input MB | invitescope s | invitescope --threads 1 s | pandas s | pandas ÷ invitescope | invitescope peak RSS MB | pandas peak RSS MB |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "$@"; do
  input="$dir/invites-$n-notes75.csv"
  [ -f "$input" ] || "$bin" generate --rows "$n" --seed 1 --notes 75 -o "$input" -q
  mb=$(awk -v b="$(stat -c %s "$input")" 'BEGIN { printf "%.0f", b / 1e6 }')
  cat "$input" > /dev/null # warm the page cache for both
  rm -rf "$dir/compare-rust-$n" "$dir/compare-rust1-$n" "$dir/compare-python-$n"
  timed "compare-rust-$n" "$bin" report "$input" --out "$dir/compare-rust-$n" -v
  timed "compare-rust1-$n" "$bin" report "$input" --out "$dir/compare-rust1-$n" --threads 1 -v
  timed "compare-python-$n" "$python" scripts/compare_python.py "$input" --out "$dir/compare-python-$n" -v
  read -r rust_s rust_kb < "$dir/compare-rust-$n.time"
  read -r rust1_s _ < "$dir/compare-rust1-$n.time"
  read -r py_s py_kb < "$dir/compare-python-$n.time"
  awk -v n="$n" -v mb="$mb" -v rs="$rust_s" -v r1="$rust1_s" -v ps="$py_s" -v rkb="$rust_kb" -v pkb="$py_kb" 'BEGIN {
    printf "| %d | %s | %.2f | %.2f | %.2f | %.1f | %.0f | %.0f |\n", n, mb, rs, r1, ps, ps / rs, rkb / 1024, pkb / 1024
  }'
done
echo
echo "Stage times (-v) are in $dir/compare-{rust,rust1,python}-N.log."
