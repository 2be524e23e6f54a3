"""The Gradbook kernel against the Jupyter project's own kernel tests (jupyter_kernel_test),
plus what they do not cover: a message signed with the wrong key is never executed, an
interrupt ends the cell as IPython's KeyboardInterrupt does and keeps the model, outputs
arrive in the order they happen, and training progress is stream text with carriage returns. Run by scripts/test-jupyter with the kernel installed in a virtual
environment (`gradbook kernel install --prefix VENV`)."""

import os
import queue
import sys
import time
import unittest

import jupyter_kernel_test
from jupyter_client.manager import start_new_kernel
from jupyter_client.session import Session

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_session import TIMEOUT, KernelCase  # noqa: E402


class GradbookKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "gradbook"
    language_name = "gradbook"
    file_extension = ".gradbook"

    code_hello_world = "echo hello, world"
    # Assigning to a command's name is allowed, with a warning (stderr).
    code_stderr = "train = 1"
    completion_samples = [
        {"text": "comp", "matches": {"compile", "compare"}},
        {"text": "compile ad", "matches": {"adagrad", "adam", "adam_eps_inside", "adam_nobias", "adamw"}},
        {"text": "train epo", "matches": {"epochs="}},
    ]
    complete_code_samples = ["1 + 2", "a = [1, 2]", "train epochs=3", "# a comment", ""]
    incomplete_code_samples = ["a = [1,", "f(1, 2", "x = 1 + \\"]
    invalid_code_samples = ["1 + 2)", "a = ]"]
    code_generate_error = "undefined_name + 1"
    code_execute_result = [
        {"code": "1 + 2", "result": "Value(3.0)"},
        {"code": "[1, 2] * 2", "result": "tensor([2., 4.], dtype=float32, requires_grad)"},
        {"code": "2 ^ 10", "result": "Value(1024.0)"},
    ]
    code_display_data = [
        {"code": "a = 1\nvars", "mime": "text/html"},
        {"code": "minimize bowl from (1, 1) with sgd lr=0.1 steps=30", "mime": "image/svg+xml"},
    ]
    code_history_pattern = "1 +*"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "compile"


class ProtocolTests(KernelCase):
    """What the Jupyter tools leave to the kernel's author."""

    def test_a_message_signed_with_the_wrong_key_is_not_executed(self):
        self.execute("secret = 1")
        for key, code in ((b"not-the-connection-key", "secret = 2"), (b"", "secret = 3")):
            forger = Session(key=key, username="forger")  # an empty key sends no signature at all
            forger.send(self.kc.shell_channel.socket, "execute_request",
                        {"code": code, "silent": False, "store_history": True,
                         "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
            with self.assertRaises(queue.Empty):
                self.kc.get_shell_msg(timeout=2)
        reply, outputs = self.execute("secret")
        results = [m for m in outputs if m["msg_type"] == "execute_result"]
        self.assertEqual(results[0]["content"]["data"]["text/plain"], "Value(1.0)")

    def test_messages_follow_the_order_of_the_protocol(self):
        msg_id = self.kc.execute("a = 2\na * 21")
        kinds = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kinds.append(msg["msg_type"] + ":" + msg["content"].get("execution_state", ""))
            if kinds[-1] == "status:idle":
                break
        self.assertEqual(kinds, ["status:busy", "execute_input:", "execute_result:", "status:idle"])

    @staticmethod
    def stdout(outputs):
        return "".join(m["content"]["text"] for m in outputs
                       if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")

    @staticmethod
    def as_shown(text):
        """Text as a terminal (or JupyterLab) shows it: each line from its last carriage return."""
        return [line.split("\r")[-1].rstrip() for line in text.split("\n")]

    def test_training_progress_is_stream_text_with_carriage_returns(self):
        # As Keras writes its bar in a notebook: every front end (console, Lab, nbconvert) shows
        # a stream; no display_data that jupyter console would ignore.
        reply, outputs = self.execute(
            "seed 1\ndata moons n=2000\nmodel dense 2->32 relu, dense 32->2 softmax\ncompile adam lr=0.01\n"
            "train epochs=3 batch=16")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertFalse([m for m in outputs if m["msg_type"] == "update_display_data"])
        shown = self.as_shown(self.stdout(outputs))
        for epoch in (1, 2, 3):
            self.assertEqual(shown.count("Epoch %d/3" % epoch), 1, shown)
        finals = [line for line in shown if line.startswith("100/100 ━")]
        self.assertEqual(len(finals), 3, shown)
        for line in finals:
            self.assertRegex(line, r"100/100 ━+ .* - accuracy: 0\.\d{4} - loss: 0\.\d{4}")

    def test_progress_grows_with_the_epochs_not_their_square(self):
        # Each update is one line: 400 epochs send a few hundred bytes each, not the whole text
        # so far each time (that was 29 MB after 528 epochs).
        self.execute("seed 1\ndata moons n=240\nmodel dense 2->8 relu, dense 8->2 softmax\ncompile sgd lr=0.1")
        reply, outputs = self.execute("train epochs=400 batch=240")
        self.assertEqual(reply["content"]["status"], "ok")
        streams = [m["content"]["text"] for m in outputs if m["msg_type"] == "stream"]
        self.assertLess(max(len(t) for t in streams), 400)
        self.assertLess(sum(len(t.encode()) for t in streams), 400 * 400)
        self.assertEqual(sum("Epoch 400/400" in line for line in self.as_shown("".join(streams))), 1)

    def test_outputs_arrive_in_the_order_they_happen(self):
        # A multi-line cell's earlier outputs go out before a later line's training progress.
        reply, outputs = self.execute(
            "echo first\ndata moons n=200\nmodel dense 2->8 relu, dense 8->2 softmax\ncompile sgd lr=0.1\n"
            "train epochs=2 batch=50\necho last")
        self.assertEqual(reply["content"]["status"], "ok")
        order = []
        for m in outputs:
            if m["msg_type"] == "stream":
                order.append(m["content"]["text"])
            elif m["msg_type"] == "display_data":
                order.append("[display] " + m["content"]["data"].get("text/plain", ""))
        def at(needle):
            return next(i for i, text in enumerate(order) if needle in text)
        self.assertLess(at("first"), at("moons: 200 samples"))
        self.assertLess(at("moons: 200 samples"), at("[display] Layer"))
        self.assertLess(at("[display] Layer"), at("Epoch 1/2"))
        self.assertLess(at("Epoch 2/2"), at("trained 2 epochs"))
        self.assertLess(at("trained 2 epochs"), at("last"))

    def interrupted_training(self, interrupt, code="train epochs=500 batch=8\nafter = 1"):
        """Starts a long training cell, interrupts it after 3 s; returns the reply and outputs."""
        self.execute("seed 2\ndata moons n=20000\nmodel dense 2->64 relu, dense 64->2 softmax\ncompile sgd lr=0.1\n"
                     "after = 0")
        msg_id = self.kc.execute(code)
        time.sleep(3)
        started = time.time()
        interrupt()
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertLess(time.time() - started, 10)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        return reply, self.iopub_until_idle(msg_id)

    def test_an_interrupt_request_stops_training_and_keeps_the_model(self):
        # As IPython: the cell stops (status error, KeyboardInterrupt), its later lines do not
        # run, the model and the epochs so far stay, and the stopped epoch is marked partial.
        reply, outputs = self.interrupted_training(self.km.interrupt_kernel)  # kernel.json: SIGINT
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "KeyboardInterrupt")
        errors = [m for m in outputs if m["msg_type"] == "error"]
        self.assertEqual([m["content"]["ename"] for m in errors], ["KeyboardInterrupt"])
        _, outputs = self.execute("after")
        self.assertEqual([m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"],
                         ["Value(0.0)"])
        reply, outputs = self.execute("history")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertRegex(self.stdout(outputs), r"\* epoch \d+ was stopped by Ctrl-C after [\d.]+% of its batches")
        reply, outputs = self.execute("summary")
        self.assertEqual(reply["content"]["status"], "ok")

    def test_an_interrupt_message_on_control_stops_training(self):
        control = self.kc.control_channel
        def interrupt():
            control.send(self.kc.session.msg("interrupt_request", {}))
            self.assertEqual(self.kc.get_control_msg(timeout=TIMEOUT)["msg_type"], "interrupt_reply")
        reply, _ = self.interrupted_training(interrupt, code="train epochs=500 batch=8; after = 2\nafter = 3")
        self.assertEqual(reply["content"]["ename"], "KeyboardInterrupt")
        _, outputs = self.execute("after")
        self.assertEqual([m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"],
                         ["Value(0.0)"])

    def test_a_step_through_waits_for_enter_on_stdin(self):
        # As ipdb in ipykernel: each page, then an input_request; Enter the next page, q the rest.
        self.execute("a = 2.0\nb = a * 3\nc = b * a\nL = c + b")
        msg_id = self.kc.execute("backward L --step", allow_stdin=True)
        pages = []
        def drain_iopub(timeout):
            try:
                while True:
                    msg = self.kc.get_iopub_msg(timeout=timeout)
                    if msg["msg_type"] == "stream" and "── " in msg["content"]["text"]:
                        pages.append(msg["content"]["text"])
            except queue.Empty:
                pass
        def pages_until_input():
            # stdin and iopub are separate sockets: the page may arrive after the question.
            request = self.kc.get_stdin_msg(timeout=TIMEOUT)
            self.assertEqual(request["msg_type"], "input_request")
            self.assertEqual(request["parent_header"]["msg_id"], msg_id)
            drain_iopub(1.0)
            return request
        request = pages_until_input()
        self.assertIn("Enter", request["content"]["prompt"])
        self.assertEqual(len(pages), 1)  # one page, then the question
        self.assertRegex(pages[0], r"· 1/(\d+) ──")
        total = int(__import__("re").search(r"· 1/(\d+) ──", pages[0]).group(1))
        self.assertGreaterEqual(total, 3)
        self.kc.input("")
        pages_until_input()
        self.assertEqual(len(pages), 2)
        self.kc.input("q")  # the rest at once
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(reply["content"]["status"], "ok")
        while True:
            msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["msg_type"] == "stream" and "── " in msg["content"]["text"]:
                pages.append(msg["content"]["text"])
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle" \
                    and msg["parent_header"].get("msg_id") == msg_id:
                break
        self.assertEqual(len(pages), total)
        # Without stdin (nbclient, papermill) every page comes at once, and the cell says why —
        # also when more follows it in the cell.
        for code in ("backward L --step", "backward L --step; z = 1\nz = 2"):
            reply, outputs = self.execute(code)
            text = self.stdout(outputs)
            self.assertEqual(text.count("── "), total, code)
            self.assertIn("this front end takes no input", text)
        # Not the last statement: it still waits for Enter; an interrupt at the prompt ends the
        # cell with KeyboardInterrupt and what follows does not run.
        msg_id = self.kc.execute("backward L --step\nafter_steps = 1", allow_stdin=True)
        request = self.kc.get_stdin_msg(timeout=TIMEOUT)
        self.assertEqual(request["parent_header"]["msg_id"], msg_id)
        self.kc.control_channel.send(self.kc.session.msg("interrupt_request", {}))
        self.assertEqual(self.kc.get_control_msg(timeout=TIMEOUT)["msg_type"], "interrupt_reply")
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "KeyboardInterrupt")
        reply, _ = self.execute("after_steps")
        self.assertEqual(reply["content"]["ename"], "NameError")

    def test_plots_come_as_vega_lite_with_svg_and_text(self):
        # JupyterLab draws Vega-Lite natively (tooltips, zoom); nbconvert falls back to the SVG.
        import json
        import os

        import altair
        import jsonschema
        with open(os.path.join(os.path.dirname(altair.__file__), "vegalite", "v5", "schema",
                               "vega-lite-schema.json")) as f:
            schema = json.load(f)
        reply, outputs = self.execute(
            "seed 1\ndata moons n=200\nmodel dense 2->8 relu, dense 8->2 softmax\ncompile adam lr=0.05\n"
            "train epochs=12 batch=20 validation=0.2 verbose=0\nplot loss")
        self.assertEqual(reply["content"]["status"], "ok")
        bundles = [m["content"]["data"] for m in outputs
                   if m["msg_type"] == "display_data" and "application/vnd.vegalite.v5+json" in m["content"]["data"]]
        self.assertEqual(len(bundles), 1)
        spec = bundles[0]["application/vnd.vegalite.v5+json"]
        jsonschema.Draft7Validator(schema).validate(spec)
        self.assertIn("image/svg+xml", bundles[0])
        self.assertIn("text/plain", bundles[0])
        self.assertEqual(spec["encoding"]["color"]["sort"], ["loss", "val_loss"])
        self.assertEqual(spec["encoding"]["x"]["axis"]["title"], "epoch")
        self.assertEqual(spec["encoding"]["x"]["axis"]["format"], "d")
        self.assertEqual(len(spec["data"]["values"]), 24)
        # The schema can refuse: a mark it does not know fails validation.
        spec["mark"]["type"] = "squiggle"
        with self.assertRaises(jsonschema.ValidationError):
            jsonschema.Draft7Validator(schema).validate(spec)

    def test_digits_come_as_one_strip(self):
        # show 0 1 2: one display, the digits side by side with their captions (they stacked).
        self.execute("seed 1\ndata mnist\nmodel dense 784->16 relu, dense 16->10 softmax\ncompile adam")
        reply, outputs = self.execute("show 0 1 2")
        self.assertEqual(reply["content"]["status"], "ok")
        displays = [m["content"]["data"] for m in outputs if m["msg_type"] == "display_data"]
        self.assertEqual(len(displays), 1)
        html = displays[0]["text/html"]
        self.assertEqual(html.count("<img src=\"data:image/png;base64,"), 3)
        self.assertEqual(html.count("<figcaption"), 3)
        self.assertIn("#2  label 1", displays[0]["text/plain"])
        # One digit alone: its caption and its picture, as before.
        reply, outputs = self.execute("show 0")
        displays = [m["content"]["data"] for m in outputs if m["msg_type"] == "display_data"]
        self.assertEqual(len(displays), 1)
        self.assertIn("image/png", displays[0])

    def test_control_refuses_what_belongs_on_shell(self):
        # Control is read while a cell runs: an execute or inspect request there would re-enter
        # the interpreter mid-cell. It is refused with an error reply; nothing runs.
        self.execute("seed 2\ndata moons n=20000\nmodel dense 2->64 relu, dense 64->2 softmax\ncompile sgd lr=0.1")
        msg_id = self.kc.execute("train epochs=3 batch=8")
        time.sleep(1)
        control = self.kc.control_channel
        control.send(self.kc.session.msg("execute_request", {"code": "q = 41 + 1", "silent": False}))
        refused = self.kc.get_control_msg(timeout=TIMEOUT)
        self.assertEqual(refused["msg_type"], "execute_reply")
        self.assertEqual(refused["content"]["status"], "error")
        self.assertIn("belongs on the shell channel", refused["content"]["evalue"])
        control.send(self.kc.session.msg("inspect_request", {"code": "train", "cursor_pos": 5, "detail_level": 0}))
        self.assertEqual(self.kc.get_control_msg(timeout=TIMEOUT)["content"]["status"], "error")
        control.send(self.kc.session.msg("kernel_info_request", {}))
        self.assertEqual(self.kc.get_control_msg(timeout=TIMEOUT)["msg_type"], "kernel_info_reply")
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "ok")
        _, outputs = self.execute("vars")
        text = "".join(m["content"].get("text", "") for m in outputs)
        self.assertNotIn("q ", text)

    def test_complete_reports_the_word_it_replaces(self):
        msg_id = self.kc.complete("train epo", 9)
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(reply["content"]["cursor_start"], 6)
        self.assertEqual(reply["content"]["cursor_end"], 9)

    def test_inspect_knows_a_command_with_its_form(self):
        self.kc.inspect("compile adam", 12)
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertTrue(reply["content"]["found"])
        self.assertIn("beta1", reply["content"]["data"]["text/plain"])

    def test_comm_info_is_answered(self):
        self.kc.comm_info()
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(reply["content"], {"status": "ok", "comms": {}})


class LifecycleTests(unittest.TestCase):
    """Restart (a shutdown_request with restart, then a new process) and shutdown."""

    def test_restart_gives_a_fresh_session_and_shutdown_ends_the_process(self):
        km, kc = start_new_kernel(kernel_name="gradbook")
        try:
            kc.execute_interactive("kept = 1", timeout=TIMEOUT)
            first = km.provisioner.process.pid
            km.restart_kernel(now=False)  # shutdown_request(restart=True), then a new process
            # A fresh client for the new process (a channel of the old one may still be reconnecting).
            kc.stop_channels()
            kc = km.client()
            kc.start_channels()
            kc.wait_for_ready(timeout=TIMEOUT)
            self.assertNotEqual(km.provisioner.process.pid, first)
            outputs = []
            reply = kc.execute_interactive("kept", timeout=TIMEOUT, output_hook=outputs.append)
            self.assertEqual(reply["content"]["status"], "error")
            self.assertEqual(reply["content"]["ename"], "NameError")
            # Shutdown: the reply comes, and the process ends by itself (no kill needed).
            process = km.provisioner.process
            kc.shutdown()
            reply = kc.get_control_msg(timeout=TIMEOUT)
            self.assertEqual(reply["msg_type"], "shutdown_reply")
            self.assertEqual(process.wait(timeout=10), 0)
        finally:
            kc.stop_channels()
            if km.is_alive():
                km.shutdown_kernel(now=True)


if __name__ == "__main__":
    unittest.main()
