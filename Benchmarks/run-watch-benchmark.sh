#!/usr/bin/env bash
# What a live picture costs, timed the way users watch it: in a pseudo-terminal (script(1)),
# with the live progress bar, through `gradbook run`. Two pairs, each with and without
# `watch=` at the default redraw rate (each epoch, at most four times a second):
#   mnist     the seed's MLP (784→64→64→10, Adam, batch 128), EPOCHS epochs of the full MNIST,
#             watch=weights (the first layer's units redrawn)
#   spirals   a 2→32→32→3 ReLU network on data spirals, 300 epochs, watch=boundary
# Training time is wall time minus the same script without `train`; median of ROUNDS, cases
# interleaved within a round. Prints each median and the ratio with/without (target ≤ 1.05).
#   Benchmarks/run-watch-benchmark.sh [DATA_DIR] [ROUNDS] [EPOCHS] [BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data/mnist}
rounds=${2:-5}
epochs=${3:-10}
binary=${4:-}
if [ -z "$binary" ]; then
  swift build -c release --product gradbook >&2
  binary=.build/release/gradbook
fi
binary=$(realpath "$binary")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mnist="seed 1
data mnist $(realpath "$data")
model dense 784->64 relu, dense 64->64 relu, dense 64->10 softmax
compile adam lr=0.001"
spirals="seed 1
data spirals
model dense 2->32 relu, dense 32->32 relu, dense 32->3 softmax
compile adam lr=0.01"
printf '%s\n' "$mnist" > "$work/mnist-load.gb"
printf '%s\ntrain epochs=%s batch=128\n' "$mnist" "$epochs" > "$work/mnist.gb"
printf '%s\ntrain epochs=%s batch=128 watch=weights\n' "$mnist" "$epochs" > "$work/mnist-watch.gb"
printf '%s\n' "$spirals" > "$work/spirals-load.gb"
printf '%s\ntrain epochs=300\n' "$spirals" > "$work/spirals.gb"
printf '%s\ntrain epochs=300 watch=boundary\n' "$spirals" > "$work/spirals-watch.gb"

now() { date +%s.%N; }
# Seconds a script takes in a 100×40 pseudo-terminal with colour (its output discarded).
seconds() {
  local start
  start=$(now)
  script -qec "stty cols 100 rows 40; COLORTERM=truecolor $binary run $1" /dev/null > /dev/null 2>&1
  echo "$(now) - $start" | bc -l
}
results="$work/results"
for round in $(seq "$rounds"); do
  echo "round $round/$rounds" >&2
  for case in mnist-load mnist mnist-watch spirals-load spirals spirals-watch; do
    echo "$case $(seconds "$work/$case.gb")" >> "$results"
  done
done
python3 - "$results" <<'PY'
import statistics, sys
times = {}
for line in open(sys.argv[1]):
    case, value = line.split()
    times.setdefault(case, []).append(float(value))
median = {case: statistics.median(values) for case, values in times.items()}
for name in ("mnist", "spirals"):
    load = median[name + "-load"]
    plain, watched = median[name] - load, median[name + "-watch"] - load
    print(f"{name:8s} training without watch {plain:6.3f} s, with {watched:6.3f} s: "
          f"ratio {watched / plain:.3f} (median of {len(times[name])}; start-up {load:.3f} s subtracted)")
PY
