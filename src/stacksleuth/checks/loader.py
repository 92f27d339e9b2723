"""Loading checks: the bundled library plus the operator's own `--checks DIR`.

A bad file gives one clear error naming the file and the field; it never takes the
other checks down with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from stacksleuth.checks.model import Check
from stacksleuth.checks.python import PYTHON_CHECKS

LIBRARY = Path(__file__).parent / "library"


@dataclass(frozen=True)
class CheckError:
    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass
class LoadedChecks:
    checks: list[Check]
    errors: list[CheckError]
    paths: dict[str, Path]


def check_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*.yaml") if p.is_file())


def load_check(path: Path) -> Check:
    """Parse and validate one file; raises ValueError with the field in the message."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"unreadable: {exc}") from None
    except yaml.YAMLError as exc:
        raise ValueError(f"not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError("a check file holds one mapping (id, title, ...)")
    try:
        check = Check.model_validate(data)
    except ValidationError as exc:
        raise ValueError("; ".join(_describe(error) for error in exc.errors())) from None
    if check.implementation == "python" and check.id not in PYTHON_CHECKS:
        # A .py beside the YAML is deliberately not imported (see checks/python/__init__.py).
        raise ValueError(
            f"field implementation: 'python', but no built-in Python function is registered "
            f"for {check.id!r} (built-in: {', '.join(sorted(PYTHON_CHECKS))}); Python files in "
            "a check directory are never imported"
        )
    return check


def _describe(error: dict) -> str:
    field = ".".join(str(part) for part in error["loc"]) or "(top level)"
    return f"field {field}: {error['msg']}"


def load_checks(extra_dirs: list[Path] | None = None, *, library: bool = True) -> LoadedChecks:
    directories = ([LIBRARY] if library else []) + list(extra_dirs or [])
    loaded = LoadedChecks([], [], {})
    for directory in directories:
        if not directory.is_dir():
            loaded.errors.append(CheckError(directory, "not a directory of checks"))
            continue
        for path in check_files(directory):
            try:
                check = load_check(path)
            except ValueError as exc:
                loaded.errors.append(CheckError(path, str(exc)))
                continue
            if check.id in loaded.paths:
                message = f"duplicate check id {check.id!r} (also {loaded.paths[check.id]})"
                loaded.errors.append(CheckError(path, message))
                continue
            loaded.checks.append(check)
            loaded.paths[check.id] = path
    return loaded
