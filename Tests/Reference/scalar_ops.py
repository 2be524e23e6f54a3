"""Reference values for the scalar engine's ops, computed with PyTorch (float64).

Run once to regenerate the numbers pinned in Tests/ScalarGradTests/PinnedPyTorchTests.swift:
    python Tests/Reference/scalar_ops.py
"""
import torch

torch.set_default_dtype(torch.float64)


def grads(f, *xs):
    ts = [torch.tensor(x, requires_grad=True) for x in xs]
    out = f(*ts)
    out.backward()
    return [out.item()] + [t.grad.item() for t in ts]


cases = {
    "add": (lambda a, b: a + b, 1.5, -0.25),
    "subtract": (lambda a, b: a - b, 1.5, -0.25),
    "multiply": (lambda a, b: a * b, 1.5, -0.25),
    "divide": (lambda a, b: a / b, 1.5, -0.25),
    "negate": (lambda a: -a, 0.7),
    "power3": (lambda a: a ** 3, -1.3),
    "power-0.5": (lambda a: a ** -0.5, 2.7),
    "exp": (lambda a: torch.exp(a), 0.8),
    "log": (lambda a: torch.log(a), 2.3),
    "tanh": (lambda a: torch.tanh(a), 0.6),
    "sigmoid": (lambda a: torch.sigmoid(a), -1.2),
    "relu+": (lambda a: torch.relu(a), 0.9),
    "relu-": (lambda a: torch.relu(a), -0.9),
    # micrograd's test_sanity_check and test_more_ops
    "micrograd_sanity": None,
    "micrograd_more_ops": None,
}

for name, case in cases.items():
    if case is None:
        continue
    f, *xs = case
    print(name, grads(f, *xs))

x = torch.tensor(-4.0, requires_grad=True)
z = 2 * x + 2 + x
q = z.relu() + z * x
h = (z * z).relu()
y = h + q + q * x
y.backward()
print("micrograd_sanity", [y.item(), x.grad.item()])

a = torch.tensor(-4.0, requires_grad=True)
b = torch.tensor(2.0, requires_grad=True)
c = a + b
d = a * b + b ** 3
c = c + c + 1
c = c + 1 + c + (-a)
d = d + d * 2 + (b + a).relu()
d = d + 3 * d + (b - a).relu()
e = c - d
f = e ** 2
g = f / 2.0
g = g + 10.0 / f
g.backward()
print("micrograd_more_ops", [g.item(), a.grad.item(), b.grad.item()])

x1, x2 = torch.tensor(2.0, requires_grad=True), torch.tensor(0.0, requires_grad=True)
w1, w2 = torch.tensor(-3.0, requires_grad=True), torch.tensor(1.0, requires_grad=True)
bb = torch.tensor(6.8813735870195432, requires_grad=True)
o = torch.tanh(x1 * w1 + x2 * w2 + bb)
o.backward()
print("neuron", [o.item(), x1.grad.item(), w1.grad.item(), x2.grad.item(), w2.grad.item(), bb.grad.item()])
