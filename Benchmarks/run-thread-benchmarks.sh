#!/usr/bin/env bash
# The worker pool beside other work, timed the way users run Gradbook: the seed's MLP
# (784→64→64→10, Adam, batch 128) for EPOCHS epochs of the full MNIST through `gradbook run`.
# Each case's training time is its wall time minus the same script without `train` (loading
# and start-up), median of ROUNDS, cases interleaved within a round:
#   pipe      alone, output to a pipe
#   one       GRADBOOK_THREADS=1, alone (the single-threaded reference)
#   pinned    taskset -c 0: one core for the whole process
#   pair      two runs started together, each timed
#   terminal  in a pseudo-terminal (script(1)), with the live progress bar
# and prints the ratios: pinned / one, pair / pipe, terminal / pipe.
#   Benchmarks/run-thread-benchmarks.sh [DATA_DIR] [ROUNDS] [EPOCHS] [BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data/mnist}
rounds=${2:-3}
epochs=${3:-10}
binary=${4:-}
if [ -z "$binary" ]; then
  swift build -c release --product gradbook >&2
  binary=.build/release/gradbook
fi
binary=$(realpath "$binary")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
setup="seed 1
data mnist $(realpath "$data")
model dense 784->64 relu, dense 64->64 relu, dense 64->10 softmax
compile adam lr=0.001"
printf '%s\n' "$setup" > "$work/load.gb"
printf '%s\ntrain epochs=%s batch=128\n' "$setup" "$epochs" > "$work/train.gb"

now() { date +%s.%N; }
# Seconds one command takes (its output discarded).
seconds() { local start; start=$(now); "$@" > /dev/null 2>&1; echo "$(now) - $start" | bc -l; }
in_terminal() { script -qec "$*" /dev/null; }

results="$work/results"
for round in $(seq "$rounds"); do
  echo "round $round/$rounds" >&2
  echo "load $(seconds "$binary" run "$work/load.gb")" >> "$results"
  echo "pipe $(seconds "$binary" run "$work/train.gb")" >> "$results"
  echo "one $(seconds env GRADBOOK_THREADS=1 "$binary" run "$work/train.gb")" >> "$results"
  if command -v taskset > /dev/null; then
    echo "pinned $(seconds taskset -c 0 "$binary" run "$work/train.gb")" >> "$results"
  fi
  seconds "$binary" run "$work/train.gb" > "$work/a" &
  seconds "$binary" run "$work/train.gb" > "$work/b" &
  wait
  echo "pair $(cat "$work/a")" >> "$results"
  echo "pair $(cat "$work/b")" >> "$results"
  if command -v script > /dev/null; then
    echo "terminal $(seconds in_terminal "COLUMNS=100 $binary run $work/train.gb")" >> "$results"
  fi
done
python3 - "$results" <<'PY'
import statistics, sys
times = {}
for line in open(sys.argv[1]):
    case, value = line.split()
    times.setdefault(case, []).append(float(value))
load = statistics.median(times.pop("load"))
train = {case: statistics.median(values) - load for case, values in times.items()}
print(f"start-up and loading: {load:.2f} s (subtracted below)")
for case, value in train.items():
    print(f"{case:9} {value:6.2f} s training")
def ratio(a, b, target):
    if a in train and b in train:
        r = train[a] / train[b]
        print(f"{a} / {b}: {r:.2f}x (target ≤ {target})")
ratio("pinned", "one", 1.2)
ratio("pair", "pipe", 2.3)
ratio("terminal", "pipe", 1.05)
PY
