"""One Gradbook kernel per test class, and the two helpers every kernel test uses."""

import os
import sys
import unittest

from jupyter_client.manager import start_new_kernel

TIMEOUT = 60
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


class KernelCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name="gradbook")

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel()

    def execute(self, code, timeout=TIMEOUT):
        """Runs code (stdin not allowed, as nbclient runs it); returns the reply and the iopub
        messages up to idle."""
        msg_id = self.kc.execute(code, allow_stdin=False)
        reply = self.kc.get_shell_msg(timeout=timeout)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=timeout)
        return reply, self.iopub_until_idle(msg_id, timeout)

    def iopub_until_idle(self, msg_id, timeout=TIMEOUT):
        """The iopub messages of the request `msg_id`, up to its idle status."""
        outputs = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return outputs
            outputs.append(msg)

