"""A model file Gradbook writes is an ordinary safetensors file: Python's safetensors reads
it, and NumPy's forward pass with the loaded weights gives Gradbook's `predict`.

    check_safetensors.py GRADBOOK SCRATCH MNIST_SAMPLE_DIR"""

import gzip
import os
import subprocess
import sys

import numpy as np
from safetensors.numpy import load_file, safe_open


def idx(path):
    with gzip.open(path) as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    gradbook, scratch, mnist = sys.argv[1:4]
    model_path = os.path.join(scratch, "mnist.safetensors")
    predictions_path = os.path.join(scratch, "predictions.safetensors")
    script = "\n".join([
        "seed 5", "data mnist %s" % mnist,
        "model dense 784->32 relu, dense 32->16 tanh, dense 16->10 softmax",
        "compile adam lr=0.003 loss=sparse_categorical_crossentropy", "train epochs=2 batch=64",
        "predict 0 1 2 3 4 5 6 7", "p = _", "save model %s" % model_path, "save tensors %s p" % predictions_path, ""])
    subprocess.run([gradbook, "run", "/dev/stdin", "--bail"], input=script.encode(), check=True,
                   stdout=subprocess.DEVNULL)

    weights = load_file(model_path)
    with safe_open(model_path, framework="np") as f:
        metadata = f.metadata()
    assert metadata["gradbook.layers"] == "dense 784->32 relu, dense 32->16 tanh, dense 16->10 softmax", metadata
    assert weights["dense_1.W"].dtype == np.float32 and weights["dense_1.W"].shape == (784, 32)
    assert weights["optimizer.exp_avg.dense_3.b"].shape == (10,)

    x = idx(os.path.join(mnist, "t10k-images-idx3-ubyte.gz"))[:8].reshape(8, 784).astype(np.float32) / 255
    h = np.maximum(x @ weights["dense_1.W"] + weights["dense_1.b"], 0)
    h = np.tanh(h @ weights["dense_2.W"] + weights["dense_2.b"])
    z = h @ weights["dense_3.W"] + weights["dense_3.b"]
    z = np.exp(z - z.max(axis=1, keepdims=True))
    numpy_predictions = z / z.sum(axis=1, keepdims=True)

    gradbook_predictions = load_file(predictions_path)["p"]
    difference = np.abs(numpy_predictions - gradbook_predictions).max()
    print("safetensors: NumPy's forward pass matches predict to %.2g (8 test images, 10 classes)" % difference)
    assert difference < 1e-5, difference

    # And Python's file reads back in Gradbook, to the same predictions.
    rewritten = os.path.join(scratch, "from-python.safetensors")
    from safetensors.numpy import save_file
    save_file({k: v for k, v in weights.items()}, rewritten, metadata=metadata)
    script = "\n".join([
        "data mnist %s" % mnist, "load model %s" % rewritten, "predict 0 1 2 3 4 5 6 7", "q = _",
        "save tensors %s q" % predictions_path, ""])
    subprocess.run([gradbook, "run", "/dev/stdin", "--bail"], input=script.encode(), check=True,
                   stdout=subprocess.DEVNULL)
    again = load_file(predictions_path)["q"]
    assert np.array_equal(again, gradbook_predictions), np.abs(again - gradbook_predictions).max()
    print("safetensors: a file written by Python's safetensors loads in Gradbook with the same predictions")


if __name__ == "__main__":
    main()
