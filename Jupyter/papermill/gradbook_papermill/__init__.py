"""Papermill's parameter translator for the Gradbook language.

Papermill injects parameters as a cell written in the notebook's language. Gradbook's
assignments are `name = expression`, comments start with `#`, and its values are numbers,
tensors (`[1, 2, 3]`), `true`/`false`, `inf` and `nan`: those are what a parameter can be.
"""

import math
import re

from papermill.engines import NBClientEngine
from papermill.exceptions import PapermillException
from papermill.models import Parameter
from papermill.translators import Translator, papermill_translators

__all__ = ["GradbookTranslator", "GradbookEngine"]

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class GradbookTranslator(Translator):
    """`lr = 0.05`, `layers = [64, 64]`, `augment = true`."""

    @classmethod
    def translate_float(cls, val):
        if math.isnan(val):
            return "nan"
        if math.isinf(val):
            return "inf" if val > 0 else "-inf"
        return repr(float(val))

    @classmethod
    def translate_int(cls, val):
        return str(int(val))

    @classmethod
    def translate_bool(cls, val):
        return "true" if val else "false"

    @classmethod
    def translate_list(cls, val):
        if not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in val):
            raise PapermillException(
                f"a Gradbook list is a tensor of numbers; {val!r} holds something else")
        return "[" + ", ".join(cls.translate(x) for x in val) + "]"

    @classmethod
    def translate_str(cls, val):
        # papermill passes -p values that look like numbers as numbers already.
        raise PapermillException(
            f"Gradbook variables hold numbers and tensors, not text: {val!r} cannot be a parameter "
            "(pass a number, true/false or a list of numbers)")

    @classmethod
    def translate_none(cls, val):
        raise PapermillException("Gradbook has no None: give the parameter a number")

    @classmethod
    def translate_dict(cls, val):
        raise PapermillException(f"Gradbook has no dictionaries: {val!r} cannot be a parameter")

    @classmethod
    def comment(cls, cmt_str):
        return f"# {cmt_str}".strip()

    @classmethod
    def assign(cls, name, str_val):
        if not _NAME.match(name):
            raise PapermillException(f"{name!r} is not a Gradbook variable name")
        return f"{name} = {str_val}"

    @classmethod
    def inspect(cls, parameters_cell):
        """The `name = value  # help` lines of the cell tagged `parameters`."""
        params = []
        for line in parameters_cell.source.splitlines():
            match = re.match(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*([^#]+?)\s*(?:#\s*(.*))?$", line)
            if not match:
                continue
            name, value, help_text = match.groups()
            if re.match(r"^-?\d+$", value):
                kind = "int"
            elif re.match(r"^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$", value, re.I):
                kind = "float"
            elif value in ("true", "false"):
                kind = "bool"
            elif value.startswith("["):
                kind = "list"
            else:
                kind = "None"
            params.append(Parameter(name=name, inferred_type_name=kind, default=value, help=help_text or ""))
        return params


class GradbookEngine(NBClientEngine):
    """Papermill's own nbclient engine; `--engine gradbook` is the same run. Its entry point
    is what brings the translator in (see pyproject.toml)."""


papermill_translators.register("gradbook", GradbookTranslator)
