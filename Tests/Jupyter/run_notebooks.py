"""Validates notebooks with nbformat and executes them through the Gradbook kernel with
nbclient: no cell may fail and every check must pass (a failed check prints "✗").

    run_notebooks.py GRADBOOK SCRATCH NOTEBOOK.ipynb …

Also makes a notebook in a terminal-like session (`gradbook run` of a script ending in
`save notebook`), then re-runs it in the kernel and compares the values."""

import os
import re
import subprocess
import sys
import time

import nbformat
from nbclient import NotebookClient


def execute(path, timeout=600):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    started = time.time()
    NotebookClient(notebook, kernel_name="gradbook", timeout=timeout, allow_errors=False).execute()
    failed = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.outputs:
            text = output.get("text", "") or output.get("data", {}).get("text/plain", "")
            if isinstance(text, list):
                text = "".join(text)
            # A failed check is a line of its own starting with ✗ (`show` marks mistakes with one too).
            if re.search(r"^✗ ", text, re.M) or output.output_type == "error":
                failed.append((cell.source, text))
    if failed:
        for source, text in failed:
            print("FAILED in %s:\n%s\n%s" % (path, source, text), file=sys.stderr)
        sys.exit(1)
    return notebook, time.time() - started


def main():
    gradbook, scratch, notebooks = sys.argv[1], sys.argv[2], sys.argv[3:]
    if not notebooks:
        sys.exit("no notebooks given")
    for path in notebooks:
        notebook, seconds = execute(path)
        checks = sum(
            len(re.findall(r"^✓ ", "".join(o.get("text", "")), re.M))
            for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
        print("%s: %d cells, %d checks passed, %.1f s" % (
            os.path.basename(path), sum(c.cell_type == "code" for c in notebook.cells), checks, seconds))
        if checks == 0:
            sys.exit("%s: no check ran" % path)

    # A notebook saved by a session outside Jupyter opens and re-runs in the kernel.
    saved = os.path.join(scratch, "terminal.ipynb")
    script = "seed 4\na = randn(3)\nb = sum(a * a)\nb\nsave notebook %s\n" % saved
    subprocess.run([gradbook, "run", "/dev/stdin", "--bail"], input=script.encode(), check=True,
                   stdout=subprocess.DEVNULL)
    original = nbformat.read(saved, as_version=4)
    rerun, _ = execute(saved)
    def result(nb):
        return [o["data"]["text/plain"] for c in nb.cells for o in c.outputs if o.output_type == "execute_result"]
    assert result(original) == result(rerun) and result(original), (result(original), result(rerun))
    print("terminal.ipynb: saved by `gradbook run`, re-run in the kernel with the same values %s" % result(rerun))


if __name__ == "__main__":
    main()
