"""The four MNIST IDX files of a directory as float32 arrays scaled to [0, 1] and int64
labels: the data loading shared by the Python peers."""
import gzip
import struct

import numpy as np


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load_mnist(root):
    """(x_train, y_train, x_test, y_test) as numpy arrays."""
    images = lambda name: idx(f"{root}/{name}").reshape(-1, 784).astype(np.float32) / 255.0
    labels = lambda name: idx(f"{root}/{name}").astype(np.int64)
    return (images("train-images-idx3-ubyte.gz"), labels("train-labels-idx1-ubyte.gz"),
            images("t10k-images-idx3-ubyte.gz"), labels("t10k-labels-idx1-ubyte.gz"))
