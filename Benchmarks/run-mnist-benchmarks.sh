#!/usr/bin/env bash
# The MNIST benchmark against its peers: Gradbook (release), PyTorch (CPU, 2 threads) and a
# hand-written NumPy MLP, run interleaved ROUNDS times; then the scalar engine against
# micrograd. Prints a table of medians and ratios measured in the same run.
#   Benchmarks/run-mnist-benchmarks.sh [DATA_DIR] [ROUNDS] [EPOCHS]
# Installs the Python peers into Benchmarks/.venv from PyPI (the CPU-only torch wheel).
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data/mnist}
rounds=${2:-3}
epochs=${3:-10}
venv=Benchmarks/.venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "torch==2.13.0+cpu" numpy micrograd scikit-learn
fi
for product in mnist-benchmark scalar-benchmark csv-benchmark; do swift build -c release --product "$product" >&2; done
results=$(mktemp)
for round in $(seq "$rounds"); do
  echo "round $round/$rounds" >&2
  .build/release/mnist-benchmark "$data" "$epochs" >> "$results"
  "$venv/bin/python" Benchmarks/Peers/mnist_pytorch.py "$data" "$epochs" >> "$results"
  "$venv/bin/python" Benchmarks/Peers/mnist_numpy.py "$data" "$epochs" >> "$results"
done
scalar=$(.build/release/scalar-benchmark 30 | awk '/median step/ {print $4}')
micrograd=$("$venv/bin/python" Benchmarks/Peers/micrograd_demo.py 5)
"$venv/bin/python" - "$results" "$scalar" "$micrograd" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
def median(xs): return statistics.median(xs)
peers = {}
for r in rows:
    steady = median(r["epochs_s"][1:]) if len(r["epochs_s"]) > 1 else r["epochs_s"][0]
    p = peers.setdefault(r["peer"], {"load": [], "first": [], "steady": [], "total": [], "acc": [], "rss": [], "floor": []})
    p["load"].append(r["load_s"]); p["first"].append(r["epochs_s"][0]); p["steady"].append(steady)
    p["total"].append(r["load_s"] + sum(r["epochs_s"])); p["acc"].append(r["test_accuracy"]); p["rss"].append(r["peak_rss_mib"])
    if "gemm_floor_epoch_s" in r: p["floor"].append(r["gemm_floor_epoch_s"])
g = peers["gradbook"]
print(f"{'peer':10} {'load s':>8} {'1st epoch s':>12} {'steady epoch s':>15} {'total s':>8} {'test acc':>9} {'peak RSS MiB':>13} {'steady vs gradbook':>19}")
for name, p in peers.items():
    ratio = median(p["steady"]) / median(g["steady"])
    print(f"{name:10} {median(p['load']):8.3f} {median(p['first']):12.3f} {median(p['steady']):15.3f} {median(p['total']):8.2f} {median(p['acc']):9.4f} {median(p['rss']):13.1f} {ratio:18.2f}x")
floor = median(g["floor"])
print(f"\nGEMM floor of one epoch at the measured FMA peak: {floor:.3f} s; Gradbook's steady epoch is {median(g['steady']) / floor:.2f}x the floor")
if "pytorch" in peers:
    print(f"peak RSS: Gradbook {median(g['rss']):.0f} MiB = {median(g['rss']) / median(peers['pytorch']['rss']):.2f} of PyTorch's")
scalar_ms = float(sys.argv[2]); micro = json.loads(sys.argv[3])["median_step_ms"]
print(f"scalar engine, micrograd's demo step: Gradbook {scalar_ms:.1f} ms, micrograd {micro:.0f} ms: {micro / scalar_ms:.0f}x faster")
PY
.build/release/csv-benchmark "$data" 3
