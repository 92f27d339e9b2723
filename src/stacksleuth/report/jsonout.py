"""JSON output: stable key order, readable, valid UTF-8, nothing else on stdout."""

from __future__ import annotations

import json

from stacksleuth.report.safe_text import json_text


def dumps(payload: object) -> str:
    # ensure_ascii=False keeps names readable; json_text then makes the result valid
    # UTF-8 whatever bytes a file name held (see safe_text).
    return json_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str))
