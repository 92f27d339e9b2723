"""`stacksleuth checks test` from an installed wheel: the library's fixtures ship inside the
package, so the installed command proves every check wherever it runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> tuple[subprocess.CompletedProcess[str], list[Path]]:
    """`pip wheel` of the project: its output and the wheel."""
    work = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(work)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    wheels = list(work.glob("stacksleuth-*.whl"))
    if built.returncode != 0 or not wheels:
        pytest.skip(f"cannot build a wheel here (pip: {built.stderr.strip()[-300:]})")
    return built, wheels


def test_building_gives_no_deprecation_warning_from_our_pyproject(build):
    built, _wheels = build
    assert "deprecat" not in (built.stdout + built.stderr).lower(), built.stderr


@pytest.fixture(scope="module")
def installed(build, tmp_path_factory) -> Path:
    """The wheel installed into a directory of its own."""
    _built, wheels = build
    site = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(site),
            str(wheels[0]),
        ],
        capture_output=True,
        check=True,
        timeout=300,
    )
    return site


def _checks_test(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "stacksleuth", "checks", "test", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
        check=False,
    )


def test_the_installed_package_is_the_wheel(installed, tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import stacksleuth; print(stacksleuth.__file__)"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(installed)},
        check=True,
    )
    assert result.stdout.startswith(str(installed))


def test_outside_a_checkout_every_library_check_passes(installed, tmp_path):
    # tmp_path as the working directory: no checkout anywhere near.
    result = _checks_test(installed, tmp_path)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert result.stdout.rstrip().endswith(" passed, 0 failed")


def test_without_fixtures_it_says_where_it_looked(installed, tmp_path):
    stripped = tmp_path / "site"
    shutil.copytree(installed, stripped)
    shutil.rmtree(stripped / "stacksleuth" / "checks" / "library-fixtures")
    result = _checks_test(stripped, tmp_path)
    assert result.returncode == 2
    assert "library-fixtures" in result.stderr and "--fixtures DIR" in result.stderr
    assert "Traceback" not in result.stderr


def test_with_fixtures_given_every_library_check_passes(installed, tmp_path):
    fixtures = REPO / "src" / "stacksleuth" / "checks" / "library-fixtures"
    result = _checks_test(installed, tmp_path, "--fixtures", str(fixtures))
    assert result.returncode == 0, result.stdout[-2000:]
    assert result.stdout.rstrip().endswith(" passed, 0 failed")
