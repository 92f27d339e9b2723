"""JSON output: stable key order, readable, nothing else on stdout."""

from __future__ import annotations

import json


def dumps(payload: object) -> str:
    return json.dumps(payload, indent=2, ensure_ascii=False, default=str)
