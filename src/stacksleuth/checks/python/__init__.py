"""The built-in Python checks, by check id: one module per check, listed here by hand.

Only these run. A `.py` file in an operator's `--checks DIR` is never imported: check
directories are shared like data, and running code from them would give whoever wrote
one the rights of the operator analysing (possibly hostile) evidence. A YAML check with
`implementation: python` whose id is not in this table fails to load, naming the file
and the field.
"""

from __future__ import annotations

from stacksleuth.checks.python.api import PythonCheck, PythonCheckInput, register
from stacksleuth.checks.python.nova_api_slow_requests import slow_requests

PYTHON_CHECKS: dict[str, PythonCheck] = {check.id: check for check in (slow_requests,)}

__all__ = ["PYTHON_CHECKS", "PythonCheck", "PythonCheckInput", "register"]
