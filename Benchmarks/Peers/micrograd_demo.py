"""micrograd's own demo step, timed: MLP 2-16-16-1, 100 moons points, SVM hinge loss plus
L2 (1e-4), forward + backward + SGD update (micrograd's demo.ipynb). Prints JSON.

    python micrograd_demo.py [STEPS]
"""
import json
import random
import sys
import time

from micrograd.engine import Value
from micrograd.nn import MLP
from sklearn.datasets import make_moons

random.seed(1337)
X, y = make_moons(n_samples=100, noise=0.1, random_state=1337)
y = y * 2 - 1
model = MLP(2, [16, 16, 1])


def step(k):
    inputs = [list(map(Value, row)) for row in X]
    scores = list(map(model, inputs))
    losses = [(1 + -yi * si).relu() for yi, si in zip(y, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = 1e-4 * sum((p * p for p in model.parameters()))
    total = data_loss + reg_loss
    model.zero_grad()
    total.backward()
    lr = 1.0 - 0.9 * k / 100
    for p in model.parameters():
        p.data -= lr * p.grad


times = []
for k in range(int(sys.argv[1]) if len(sys.argv) > 1 else 5):
    start = time.perf_counter()
    step(k)
    times.append(time.perf_counter() - start)
times.sort()
print(json.dumps({"peer": "micrograd", "median_step_ms": 1000 * times[len(times) // 2]}))
