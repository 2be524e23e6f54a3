"""The MNIST reference workload in PyTorch (CPU), the fastest plain loop: data as float32
tensors in memory, shuffled index per epoch, slicing by index, no DataLoader.

    MLP 784→64 (relu) →64 (relu) →10, Adam lr 1e-3, cross-entropy, batch 128, 10 epochs.

Prints one line of JSON: data-load seconds, per-epoch seconds, test accuracy, peak RSS.
    python mnist_pytorch.py DATA_DIR [EPOCHS]
"""
import json
import resource
import sys
import time

import torch

from mnist_idx import load_mnist

torch.set_num_threads(2)
torch.manual_seed(0)


def main():
    root = sys.argv[1]
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    t0 = time.perf_counter()
    x_train, y_train, x_test, y_test = map(torch.from_numpy, load_mnist(root))
    load = time.perf_counter() - t0

    model = torch.nn.Sequential(torch.nn.Linear(784, 64), torch.nn.ReLU(), torch.nn.Linear(64, 64), torch.nn.ReLU(), torch.nn.Linear(64, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    n = x_train.shape[0]
    epoch_times = []
    for epoch in range(epochs):
        start = time.perf_counter()
        permutation = torch.randperm(n)
        for i in range(0, n, 128):
            index = permutation[i:i + 128]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x_train[index]), y_train[index])
            loss.backward()
            optimizer.step()
        epoch_times.append(time.perf_counter() - start)
    with torch.no_grad():
        accuracy = (model(x_test).argmax(1) == y_test).float().mean().item()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB → MiB
    print(json.dumps({"peer": "pytorch", "load_s": load, "epochs_s": epoch_times, "test_accuracy": accuracy, "peak_rss_mib": rss}))


if __name__ == "__main__":
    main()
