"""Issue 21's pictures through the kernel: the loss surface under an optimizer's path and the
decision boundary arrive as Vega-Lite that validates against the schema altair ships (with
the SVG and the text picture in the same bundle), and `train … watch=boundary` is one display
updated in place several times. Run by scripts/test-jupyter beside test_kernel.py."""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_session import KernelCase  # noqa: E402

VEGA_LITE = "application/vnd.vegalite.v5+json"


def schema():
    import altair
    with open(os.path.join(os.path.dirname(altair.__file__), "vegalite", "v5", "schema",
                           "vega-lite-schema.json")) as f:
        return json.load(f)


class PictureTests(KernelCase):
    def surfaces(self, outputs):
        return [m["content"]["data"] for m in outputs
                if m["msg_type"] == "display_data" and "image/svg+xml" in m["content"]["data"]
                and "<image" in m["content"]["data"]["image/svg+xml"]]

    def test_race_draws_the_paths_over_the_surface(self):
        import jsonschema
        reply, outputs = self.execute("race sgd momentum adam[lr=0.05] on rosenbrock from (-1.5, 2) steps=200")
        self.assertEqual(reply["content"]["status"], "ok")
        bundles = self.surfaces(outputs)
        self.assertEqual(len(bundles), 1)
        spec = bundles[0][VEGA_LITE]
        jsonschema.Draft7Validator(schema()).validate(spec)
        marks = [layer["mark"]["type"] for layer in spec["layer"]]
        self.assertEqual(marks, ["image", "line"])
        paths = spec["layer"][1]["data"]["values"]
        self.assertEqual(sorted({row["path"] for row in paths}), ["adam[lr=0.05]", "momentum", "sgd"])
        # Every step of each path, from the start.
        self.assertEqual(len([row for row in paths if row["path"] == "sgd"]), 201)
        self.assertEqual([paths[0]["x"], paths[0]["y"]], [-1.5, 2])
        self.assertIn("momentum", bundles[0]["text/plain"])
        # The schema can refuse: an image layer without its url channel's type is not valid.
        spec["layer"][0]["encoding"]["url"]["type"] = "colour"
        import jsonschema as js
        with self.assertRaises(js.ValidationError):
            js.Draft7Validator(schema()).validate(spec)

    def test_the_live_boundary_is_one_display_updated_in_place(self):
        import jsonschema
        self.execute("seed 3\ndata spirals\nmodel dense 2->32 relu, dense 32->32 relu, dense 32->3 softmax\n"
                     "compile adam lr=0.01")
        reply, outputs = self.execute("train epochs=60 watch=boundary every=1")
        self.assertEqual(reply["content"]["status"], "ok")
        first = [m for m in outputs if m["msg_type"] == "display_data"
                 and m["content"].get("transient", {}).get("display_id")]
        self.assertEqual(len(first), 1, [m["msg_type"] for m in outputs])
        display_id = first[0]["content"]["transient"]["display_id"]
        updates = [m for m in outputs if m["msg_type"] == "update_display_data"]
        self.assertGreaterEqual(len(updates), 2)
        self.assertTrue(all(m["content"]["transient"]["display_id"] == display_id for m in updates))
        last = updates[-1]["content"]["data"]
        jsonschema.Draft7Validator(schema()).validate(last[VEGA_LITE])
        self.assertEqual([layer["mark"]["type"] for layer in last[VEGA_LITE]["layer"]], ["image", "circle"])
        self.assertIn("decision boundary after epoch 60", last["text/plain"])
        # The picture changes as the model learns: the first and the last are not the same.
        self.assertNotEqual(first[0]["content"]["data"]["image/svg+xml"], last["image/svg+xml"])
        # Training progress still arrives as stream text around it.
        self.assertTrue(any(m["msg_type"] == "stream" and "Epoch 60/60" in m["content"]["text"] for m in outputs))
        # 'boundary' afterwards draws the same final picture.
        reply, outputs = self.execute("boundary")
        boundary = self.surfaces(outputs)
        self.assertEqual(len(boundary), 1)
        self.assertEqual(boundary[0][VEGA_LITE]["layer"][0]["data"], last[VEGA_LITE]["layer"][0]["data"])


if __name__ == "__main__":
    unittest.main()
