"""Loss values and gradients from PyTorch (float64), pinned in Tests/NeuralNetTests/LossTests.swift.

    python Tests/Reference/losses.py
"""
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
z = torch.tensor([[0.3, -1.2, 2.0], [1.5, 0.1, -0.4], [-2.2, 0.7, 0.9], [0.0, 3.1, -1.0]], requires_grad=True)
labels = torch.tensor([2, 0, 1, 1])
loss = F.cross_entropy(z, labels)
loss.backward()
print("sparse_ce", loss.item(), z.grad.reshape(-1).tolist())

z.grad = None
onehot = F.one_hot(labels, 3).double()
soft = torch.tensor([[0.1, 0.2, 0.7], [0.6, 0.3, 0.1], [0.0, 0.5, 0.5], [0.25, 0.5, 0.25]])
loss = -(soft * F.log_softmax(z, 1)).sum(1).mean()
loss.backward()
print("categorical_ce_soft_targets", loss.item(), z.grad.reshape(-1).tolist())

x = torch.tensor([[0.5], [-3.0], [12.0], [-0.1]], requires_grad=True)
t = torch.tensor([[1.0], [0.0], [0.0], [1.0]])
loss = F.binary_cross_entropy_with_logits(x, t)
loss.backward()
print("bce_logits", loss.item(), x.grad.reshape(-1).tolist())

p = torch.tensor([[0.2, 0.9], [0.4, -1.0]], requires_grad=True)
y = torch.tensor([[0.0, 1.0], [1.0, 0.5]])
loss = F.mse_loss(p, y)
loss.backward()
print("mse", loss.item(), p.grad.reshape(-1).tolist())
