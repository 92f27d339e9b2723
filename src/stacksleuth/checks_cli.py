"""`stacksleuth checks ...`: list, show, lint and test the knowledge base."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stacksleuth.stdout import reader_may_leave

app = typer.Typer(
    help="The knowledge base: list, show, lint and test checks (the bundled library plus "
    "your own with --checks DIR). How to write one: docs/writing-checks.md.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

ChecksDirs = Annotated[
    list[Path] | None,
    typer.Option("--checks", help="A directory of your own checks (repeatable)."),
]


def _load(extra: list[Path] | None, library: bool = True):
    from stacksleuth.checks.loader import load_checks

    return load_checks(list(extra or []), library=library)


@app.command("list")
def list_checks(
    checks: ChecksDirs = None,
    output: Annotated[str, typer.Option("--format", "-f", help="text or json")] = "text",
) -> None:
    """Every check: id, severity, category, title."""
    loaded = _load(checks)
    with reader_may_leave():
        if output == "json":
            from stacksleuth.report.jsonout import dumps

            rows = [
                {**c.model_dump(mode="json"), "path": str(loaded.paths[c.id])}
                for c in loaded.checks
            ]
            typer.echo(dumps(rows))
        else:
            for check in sorted(loaded.checks, key=lambda c: (c.severity.rank, c.id)):
                typer.echo(f"{check.id:36} {check.severity:9} {check.category:15} {check.title}")
    for error in loaded.errors:
        typer.echo(f"error: {error}", err=True)
    raise typer.Exit(1 if loaded.errors else 0)


@app.command()
def show(check_id: str, checks: ChecksDirs = None) -> None:
    """One check as the engine sees it (YAML)."""
    import yaml

    loaded = _load(checks)
    match = [c for c in loaded.checks if c.id == check_id]
    if not match:
        typer.echo(f"error: no check {check_id!r} (see `stacksleuth checks list`)", err=True)
        raise typer.Exit(2)
    with reader_may_leave():
        typer.echo(f"# {loaded.paths[check_id]}")
        typer.echo(
            yaml.safe_dump(
                match[0].model_dump(mode="json", exclude_defaults=True), sort_keys=False, width=100
            )
        )


@app.command()
def lint(
    directory: Annotated[
        Path | None, typer.Argument(help="Checks to lint; default: the bundled library.")
    ] = None,
) -> None:
    """Validate check files: schema, JMESPath, regular expressions (RE2 subset), unique ids.
    Each error names the file and the field."""
    loaded = _load([directory] if directory else None, library=directory is None)
    for error in loaded.errors:
        typer.echo(f"error: {error}", err=True)
    typer.echo(f"{len(loaded.checks)} check(s) valid, {len(loaded.errors)} error(s)")
    raise typer.Exit(1 if loaded.errors else 0)


@app.command("test")
def test_checks(
    directory: Annotated[
        Path | None, typer.Argument(help="Checks to test; default: the bundled library.")
    ] = None,
    fixtures: Annotated[
        Path | None,
        typer.Option(
            help="Fixture directory (<id>/positive, <id>/negative); default: "
            "DIR/fixtures, or the fixtures shipped with the library."
        ),
    ] = None,
) -> None:
    """Run every check on its fixtures: the positive must fire, the negative must not."""
    from stacksleuth.checks.fixtures import (
        default_fixtures_dir,
        fixture_candidates,
        fixture_dirs,
        run_fixture,
    )

    loaded = _load([directory] if directory else None, library=directory is None)
    base = fixtures or (directory / "fixtures" if directory else default_fixtures_dir())
    if base is None:
        looked = ", ".join(str(c) for c in fixture_candidates())
        typer.echo(
            "error: the library's fixtures are missing from this installation "
            f"(looked in: {looked}); pass --fixtures DIR",
            err=True,
        )
        raise typer.Exit(2)
    if not base.is_dir():
        typer.echo(f"error: no fixture directory at {base}; pass --fixtures DIR", err=True)
        raise typer.Exit(2)
    failed = len(loaded.errors)
    for error in loaded.errors:
        typer.echo(f"error: {error}", err=True)
    passed = 0
    for check in loaded.checks:
        for kind, path in fixture_dirs(base, check.id).items():
            if path is None:
                typer.echo(f"FAIL {check.id} {kind}: no fixture at {base / check.id / kind}")
                failed += 1
                continue
            result = run_fixture(check, path, kind)
            verdict = "ok  " if result.passed else "FAIL"
            expected = "fires" if kind == "positive" else "stays silent"
            typer.echo(f"{verdict} {check.id} {kind} ({expected})")
            passed += result.passed
            failed += not result.passed
    typer.echo(f"{passed} passed, {failed} failed")
    raise typer.Exit(1 if failed else 0)
