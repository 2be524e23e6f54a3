"""Resident memory of one Gradbook kernel, as a hub sees it: idle (started, one cell answered)
and the peak while it trains the seed's MLP (784→64→64→10, Adam, batch 128) on MNIST.

    python Benchmarks/kernel_memory.py [MNIST_DIR] [EPOCHS]   (with jupyter_client, the kernel installed)

Targets (issue 20): idle ≤ 40 MB, full-MNIST training ≤ 150 MB.
"""
import sys
import time

from jupyter_client.manager import start_new_kernel


def status(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else ""
    epochs = sys.argv[2] if len(sys.argv) > 2 else "2"
    km, kc = start_new_kernel(kernel_name="gradbook")
    try:
        pid = km.provisioner.process.pid
        kc.execute_interactive("1 + 1", timeout=60, output_hook=lambda message: None)
        time.sleep(0.5)
        idle = status(pid, "VmRSS")
        code = (f"seed 1\ndata mnist {data}\nmodel dense 784->64 relu, dense 64->64 relu, dense 64->10 softmax\n"
                f"compile adam lr=0.001\ntrain epochs={epochs} batch=128 validation=0.1\nevaluate")
        started = time.time()
        out = []
        reply = kc.execute_interactive(code, timeout=600, output_hook=out.append)
        seconds = time.time() - started
        text = "".join(m["content"].get("text", "") for m in out if m["msg_type"] == "stream")
        loaded = next((line for line in text.split("\n") if line.startswith("loaded")), "?")
        print(f"{loaded[:90]}")
        print(f"status {reply['content']['status']}; {epochs} epochs in {seconds:.1f} s")
        print(f"kernel RSS idle {idle:.1f} MiB; peak while training {status(pid, 'VmHWM'):.1f} MiB")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
