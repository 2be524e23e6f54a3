"""The tools a class uses beside JupyterLab, against the installed Gradbook kernel:
jupyter console (which shows stream text and ignores display updates) and papermill with -p
through our translator (Jupyter/papermill). Run by scripts/test-jupyter."""

import os
import re
import subprocess
import sys
import tempfile
import unittest


class FrontEndTests(unittest.TestCase):
    """The tools a class uses beside JupyterLab: jupyter console, and papermill with -p."""

    def test_jupyter_console_shows_the_epoch_lines(self):
        # jupyter console ignores update_display_data: progress must be stream text.
        script = ("data moons n=200\nmodel dense 2->8 relu, dense 8->2 softmax\ncompile adam\n"
                  "train epochs=2 batch=50\n")
        console = subprocess.run(
            [sys.executable, "-m", "jupyter_console", "--kernel", "gradbook", "--simple-prompt"],
            input=script, capture_output=True, text=True, timeout=120)
        shown = [line.split("\r")[-1] for line in console.stdout.split("\n")]
        for epoch in (1, 2):
            self.assertIn("Epoch %d/2" % epoch, shown, console.stdout)
        finals = [line for line in shown if re.match(r"4/4 ━+ .* - accuracy: 0\.\d{4} - loss: 0\.\d{4}", line)]
        self.assertEqual(len(finals), 2, console.stdout)
        self.assertIn("trained 2 epochs", console.stdout)

    def test_papermill_runs_a_notebook_with_parameters(self):
        import nbformat
        notebook = nbformat.v4.new_notebook(metadata={
            "kernelspec": {"name": "gradbook", "display_name": "Gradbook", "language": "gradbook"},
            "language_info": {"name": "gradbook"}})
        notebook.cells = [
            nbformat.v4.new_code_cell("lr = 0.1\nepochs = 1", metadata={"tags": ["parameters"]}),
            nbformat.v4.new_code_cell("seed 1\ndata moons n=200\nmodel dense 2->8 relu, dense 8->2 softmax\n"
                                      "compile sgd lr=lr\ntrain epochs=epochs batch=50\nhistory"),
            nbformat.v4.new_code_cell("check _.epochs == epochs"),
        ]
        with tempfile.TemporaryDirectory() as scratch:
            source, result = os.path.join(scratch, "in.ipynb"), os.path.join(scratch, "out.ipynb")
            nbformat.write(notebook, source)
            run = subprocess.run(
                [sys.executable, "-m", "papermill", source, result, "-p", "lr", "0.05", "-p", "epochs", "3"],
                capture_output=True, text=True, timeout=300)
            self.assertEqual(run.returncode, 0, run.stderr[-2000:])
            executed = nbformat.read(result, as_version=4)
            injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
            self.assertEqual(len(injected), 1)
            self.assertIn("lr = 0.05", injected[0].source)
            self.assertIn("epochs = 3", injected[0].source)
            text = "".join(o.get("text", "") for c in executed.cells for o in c.get("outputs", []))
            self.assertIn("optimizer: SGD, lr 0.05", text)
            self.assertIn("Epoch 3/3", text)
            # papermill --help-notebook reads the parameters cell through the translator.
            described = subprocess.run([sys.executable, "-m", "papermill", "--help-notebook", source],
                                       capture_output=True, text=True, timeout=120).stdout
            self.assertRegex(described, r"lr: float \(default 0\.1\)")
            self.assertRegex(described, r"epochs: int \(default 1\)")
            # A string parameter is refused by name before anything runs.
            run = subprocess.run(
                [sys.executable, "-m", "papermill", source, result, "-p", "lr", "fast"],
                capture_output=True, text=True, timeout=300)
            self.assertNotEqual(run.returncode, 0)
            self.assertIn("'fast' cannot be a parameter", run.stderr)


if __name__ == "__main__":
    unittest.main()
