"""The MNIST reference workload as a hand-written NumPy MLP: the same model, Adam and
batches as mnist_pytorch.py, forward and backward written out (float32).

    python mnist_numpy.py DATA_DIR [EPOCHS]
"""
import json
import resource
import sys
import time

import numpy as np

from mnist_idx import load_mnist


def main():
    root = sys.argv[1]
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    t0 = time.perf_counter()
    x_train, y_train, x_test, y_test = load_mnist(root)
    load = time.perf_counter() - t0

    rng = np.random.default_rng(0)
    sizes = [(784, 64), (64, 64), (64, 10)]
    params = []
    for fan_in, fan_out in sizes:  # Glorot uniform weights, zero bias (Keras' Dense)
        limit = np.sqrt(6 / (fan_in + fan_out))
        params += [rng.uniform(-limit, limit, (fan_in, fan_out)).astype(np.float32), np.zeros(fan_out, np.float32)]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    lr, b1, b2, eps, t = 1e-3, 0.9, 0.999, 1e-8, 0
    n = x_train.shape[0]
    epoch_times = []
    for _ in range(epochs):
        start = time.perf_counter()
        order = rng.permutation(n)
        for i in range(0, n, 128):
            index = order[i:i + 128]
            x, y = x_train[index], y_train[index]
            W1, b1_, W2, b2_, W3, b3 = params
            h1 = np.maximum(x @ W1 + b1_, 0)
            h2 = np.maximum(h1 @ W2 + b2_, 0)
            z = h2 @ W3 + b3
            z -= z.max(1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(1, keepdims=True)
            dz = p
            dz[np.arange(len(y)), y] -= 1
            dz /= len(y)
            grads = [None] * 6
            grads[4], grads[5] = h2.T @ dz, dz.sum(0)
            dh2 = (dz @ W3.T) * (h2 > 0)
            grads[2], grads[3] = h1.T @ dh2, dh2.sum(0)
            dh1 = (dh2 @ W2.T) * (h1 > 0)
            grads[0], grads[1] = x.T @ dh1, dh1.sum(0)
            t += 1
            c1, c2 = 1 - b1 ** t, 1 - b2 ** t
            for k in range(6):
                m[k] = b1 * m[k] + (1 - b1) * grads[k]
                v[k] = b2 * v[k] + (1 - b2) * grads[k] ** 2
                params[k] -= (lr * (m[k] / c1) / (np.sqrt(v[k] / c2) + eps)).astype(np.float32)
        epoch_times.append(time.perf_counter() - start)
    W1, b1_, W2, b2_, W3, b3 = params
    logits = np.maximum(np.maximum(x_test @ W1 + b1_, 0) @ W2 + b2_, 0) @ W3 + b3
    accuracy = float((logits.argmax(1) == y_test).mean())
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"peer": "numpy", "load_s": load, "epochs_s": epoch_times, "test_accuracy": accuracy, "peak_rss_mib": rss}))


if __name__ == "__main__":
    main()
