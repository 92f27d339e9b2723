"""What an operator reads from `stacksleuth host` on the seed's compute-40-3."""

from __future__ import annotations

from pathlib import Path

from hosttrees import build_sosreport, run_cli, seed_network_files, write, x710_on_vfio_pci


def _seed_host(tmp_path: Path, devbind: str | None) -> Path:
    root = build_sosreport(tmp_path, "compute-40-3")
    for rel, text in seed_network_files(devbind).items():
        write(root / rel, text)
    return root


def test_split_x710_is_called_out(tmp_path):
    done = run_cli("host", str(_seed_host(tmp_path, x710_on_vfio_pci())), "--no-color")
    assert done.returncode == 0, done.stderr
    assert "compute-40-3" in done.stdout
    assert "card 0000:83:00 (Ethernet Controller X710 for 10GbE SFP+) is split between" in (
        " ".join(done.stdout.split())
    )
    assert "i40e + vfio-pci" in done.stdout


def test_card_all_on_the_kernel_driver_is_not_called_out(tmp_path):
    done = run_cli("host", str(_seed_host(tmp_path, None)), "--no-color")
    assert done.returncode == 0, done.stderr
    assert "0000:83:00" in done.stdout  # the NIC table lists the card
    assert "split between" not in done.stdout
