"""The Gradbook kernel against the Jupyter project's own kernel tests (jupyter_kernel_test),
plus what they do not cover: a message signed with the wrong key is never executed, an
interrupt_request stops a training run and keeps the model, and the progress display is
updated in place. Run by scripts/test-jupyter with the kernel installed in a virtual
environment (`gradbook kernel install --prefix VENV`)."""

import queue
import time
import unittest

import jupyter_kernel_test
from jupyter_client.manager import start_new_kernel
from jupyter_client.session import Session

TIMEOUT = 60


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


class ProtocolTests(unittest.TestCase):
    """What the Jupyter tools leave to the kernel's author."""

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name="gradbook")

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel()

    def execute(self, code, timeout=TIMEOUT):
        """Runs code; returns the reply and the iopub messages up to idle."""
        msg_id = self.kc.execute(code)
        reply = self.kc.get_shell_msg(timeout=timeout)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=timeout)
        outputs = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return reply, outputs
            outputs.append(msg)

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

    def test_training_progress_is_one_display_updated_in_place(self):
        reply, outputs = self.execute(
            "seed 1\ndata moons n=2000\nmodel dense 2->32 relu, dense 32->2 softmax\ncompile adam lr=0.01\n"
            "train epochs=3 batch=16")
        self.assertEqual(reply["content"]["status"], "ok")
        displays = [m for m in outputs if m["msg_type"] == "display_data" and m["content"].get("transient")]
        updates = [m for m in outputs if m["msg_type"] == "update_display_data"]
        self.assertEqual(len(displays), 1)
        display_id = displays[0]["content"]["transient"]["display_id"]
        self.assertGreaterEqual(len(updates), 3)
        self.assertTrue(all(m["content"]["transient"]["display_id"] == display_id for m in updates))
        final = updates[-1]["content"]["data"]["text/plain"]
        for epoch in (1, 2, 3):
            self.assertIn("Epoch %d/3" % epoch, final)
        self.assertRegex(final, r"100/100 ━+ .* - accuracy: 0\.\d{4} - loss: 0\.\d{4}")

    def test_an_interrupt_request_stops_training_and_keeps_the_model(self):
        self.execute("seed 2\ndata moons n=20000\nmodel dense 2->64 relu, dense 64->2 softmax\ncompile sgd lr=0.1")
        msg_id = self.kc.execute("train epochs=500 batch=8")
        time.sleep(3)
        self.km.interrupt_kernel()  # kernel.json says "signal": SIGINT
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "ok")
        _, outputs = self.execute("history")
        text = "".join(m["content"].get("text", "") for m in outputs)
        self.assertNotIn("no model", text)
        reply, outputs = self.execute("summary")
        self.assertEqual(reply["content"]["status"], "ok")

    def test_an_interrupt_message_on_control_stops_training(self):
        self.execute("seed 2\ndata moons n=20000\nmodel dense 2->64 relu, dense 64->2 softmax\ncompile sgd lr=0.1")
        msg_id = self.kc.execute("train epochs=500 batch=8")
        time.sleep(3)
        control = self.kc.control_channel
        control.send(self.kc.session.msg("interrupt_request", {}))
        interrupt_reply = self.kc.get_control_msg(timeout=TIMEOUT)
        self.assertEqual(interrupt_reply["msg_type"], "interrupt_reply")
        started = time.time()
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertLess(time.time() - started, 10)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)

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
