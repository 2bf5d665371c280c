#!/usr/bin/env bash
# invitescope against the same job in pandas (scripts/compare_python.py) on one generated input,
# or in polars (scripts/compare_polars.py) with PEER=polars. Prints a Markdown table row per size
# for the README.
#
#   scripts/compare.sh 1000000                # one size
#   scripts/compare.sh 100000 1000000         # several
#   PEER=polars scripts/compare.sh 1000000    # the polars peer
#
# Builds the release binary unless INVITESCOPE names one (e.g. target/debug/invitescope for a
# quick check of the script; its times mean nothing). Needs GNU time (/usr/bin/time) for peak
# memory and `pip install pandas` (or polars). Inputs are `invitescope generate --rows N --seed 1 --notes 75`, shared
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
peer="${PEER:-pandas}"
case "$peer" in
  pandas) script=scripts/compare_python.py name=python ;;
  polars) script=scripts/compare_polars.py name=polars ;;
  *) echo "PEER is pandas or polars" >&2; exit 2 ;;
esac
"$python" -c "import $peer" 2>/dev/null || { echo "needs $peer: pip install $peer" >&2; exit 1; }

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
# polars runs on all cores, pandas on one.
versions='import sys, importlib.util as u, importlib
peer = importlib.import_module(sys.argv[1])
arrow = "" if sys.argv[1] == "polars" else " with pyarrow" if u.find_spec("pyarrow") else " without pyarrow"
print(f"Python {sys.version.split()[0]}, {sys.argv[1]} {peer.__version__}{arrow}")'
echo "invitescope: $("$bin" --version); $("$python" -c "$versions" "$peer")"
echo
echo "| rows | input MB | invitescope s | invitescope --threads 1 s | $peer s | $peer ÷ invitescope | invitescope peak RSS MB | $peer peak RSS MB |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "$@"; do
  input="$dir/invites-$n-notes75.csv"
  [ -f "$input" ] || "$bin" generate --rows "$n" --seed 1 --notes 75 -o "$input" -q
  mb=$(awk -v b="$(stat -L -c %s "$input")" 'BEGIN { printf "%.0f", b / 1e6 }')
  cat "$input" > /dev/null # warm the page cache for both
  rm -rf "$dir/compare-rust-$n" "$dir/compare-rust1-$n" "$dir/compare-$name-$n"
  timed "compare-rust-$n" "$bin" report "$input" --out "$dir/compare-rust-$n" -v
  timed "compare-rust1-$n" "$bin" report "$input" --out "$dir/compare-rust1-$n" --threads 1 -v
  timed "compare-$name-$n" "$python" "$script" "$input" --out "$dir/compare-$name-$n" -v
  read -r rust_s rust_kb < "$dir/compare-rust-$n.time"
  read -r rust1_s _ < "$dir/compare-rust1-$n.time"
  read -r py_s py_kb < "$dir/compare-$name-$n.time"
  awk -v n="$n" -v mb="$mb" -v rs="$rust_s" -v r1="$rust1_s" -v ps="$py_s" -v rkb="$rust_kb" -v pkb="$py_kb" 'BEGIN {
    printf "| %d | %s | %.2f | %.2f | %.2f | %.1f | %.0f | %.0f |\n", n, mb, rs, r1, ps, ps / rs, rkb / 1024, pkb / 1024
  }'
done
echo
echo "Stage times (-v) are in $dir/compare-{rust,rust1,$name}-N.log."
