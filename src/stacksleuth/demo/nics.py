"""NIC layouts of the demo computes and the three outputs that describe them.

Every compute has two I350 ports for the control network (eth0, eth1, as in seed 000's
`lshw` listing) and one storage/traffic card. What the fleet comparison must find is the
seed's split X710: two functions on the kernel `i40e` driver, two on `vfio-pci` (DPDK).
Healthy computes also carry X710s, all on i40e or all on vfio-pci, so neither "has an
X710" nor "uses DPDK" tells the affected hosts apart; only the split card does.

Outputs, each in the real format of its source (see data/SOURCES.md):
- `lshw -C network -businfo`: seed 000's table layout, descriptions from real listings;
- `dpdk-devbind.py --status`: rows as real dpdk-devbind prints them (OVS-DPDK is deployed
  fleet-wide, so every compute has the tool, even with `<none>` bound);
- `ethtool -i` of the i40e and mlx5 ports: real outputs, bus-info set to the port.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stacksleuth.demo import data


@dataclass(frozen=True)
class Model:
    """A NIC model as lshw and dpdk-devbind name it, with its kernel driver."""

    key: str
    businfo: str
    devbind: str
    kernel_driver: str
    businfo_source: str
    devbind_source: str

    def check(self) -> None:
        """Refuse a description that is not in its real source."""
        data.line(self.businfo_source, f"network        {self.businfo}")
        data.line(self.devbind_source, f"'{self.devbind}'")


I350 = Model(
    "I350",
    "I350 Gigabit Network Connection",
    "I350 Gigabit Network Connection 1521",
    "igb",
    "nics/lshw-businfo-seed000",
    "nics/dpdk-devbind-jm1-x710-vfio",
)
X710 = Model(
    "X710",
    "Ethernet Controller X710 for 10GbE SFP+",
    "Ethernet Controller X710 for 10GbE SFP+ 1572",
    "i40e",
    "nics/lshw-businfo-seed000",
    "nics/dpdk-devbind-usrp-split-x710",
)
X82599 = Model(
    "82599",
    "82599ES 10-Gigabit SFI/SFP+ Network Connection",
    "82599ES 10-Gigabit SFI/SFP+ Network Connection 10fb",
    "ixgbe",
    "nics/lshw-businfo-vpp-upf-82599",
    "nics/dpdk-devbind-opennetvm-82599",
)
CONNECTX4LX = Model(
    "ConnectX-4 Lx",
    "MT27710 Family [ConnectX-4 Lx]",
    "MT27710 Family [ConnectX-4 Lx] 1015",
    "mlx5_core",
    "nics/lshw-businfo-demikernel-connectx4lx",
    "nics/dpdk-devbind-mellanox-connectx4lx",
)
MODELS = (I350, X710, X82599, CONNECTX4LX)
DPDK_DRIVER = "vfio-pci"

# Real i40e `ethtool -i` outputs with different firmware; the fleet has several.
I40E_FIRMWARE = ("nics/ethtool-i-i40e-fw7.10", "nics/ethtool-i-i40e-fw5.05")
MLX5_ETHTOOL_I = "nics/ethtool-i-mlx5"


@dataclass(frozen=True)
class Port:
    """One PCI network function: its address, netdev name (None on DPDK) and driver."""

    address: str
    name: str | None
    model: Model
    driver: str

    @property
    def userspace(self) -> bool:
        return self.driver == DPDK_DRIVER


def _card(model: Model, bus: str, names: list[str | None], dpdk: list[bool]) -> list[Port]:
    return [
        Port(
            f"0000:{bus}:00.{function}",
            None if on_dpdk else name,
            model,
            DPDK_DRIVER if on_dpdk else model.kernel_driver,
        )
        for function, (name, on_dpdk) in enumerate(zip(names, dpdk, strict=True))
    ]


def _control() -> list[Port]:
    return _card(I350, "01", ["eth0", "eth1"], [False, False])


def _x710(dpdk: list[bool]) -> list[Port]:
    return _card(X710, "83", ["eth2", "eth3", "eth4", "eth5"], dpdk)


LAYOUTS: dict[str, list[Port]] = {
    # Seed 000: storage on eth2/eth4 (i40e), traffic on functions 1 and 3 (DPDK).
    "x710-split": _control() + _x710([False, True, False, True]),
    "x710-kernel": _control() + _x710([False, False, False, False]),
    "x710-dpdk": _control()
    + _x710([True, True, True, True])
    + _card(X82599, "81", ["eth2", "eth3"], [False, False]),
    "82599": _control() + _card(X82599, "81", ["eth2", "eth3"], [False, False]),
    # p2p1 at 0000:af:00.0: the bus-info of the real mlx5 `ethtool -i` (seed 001's name).
    "connectx": _control() + _card(CONNECTX4LX, "af", ["p2p1", "p2p2"], [False, False]),
}
SPLIT_LAYOUT = "x710-split"
HEALTHY_LAYOUTS = ("x710-kernel", "x710-dpdk", "82599", "connectx")
# Storage-network ports of a split card (the seed's eth2 and eth4).
STORAGE_PORTS = ("eth2", "eth4")


def businfo(ports: list[Port]) -> str:
    """`lshw -C network -businfo` in seed 000's column layout."""
    header = data.lines("nics/lshw-businfo-seed000")[:2]
    rows = [f"pci@{p.address}  {p.name or '':<16}network        {p.model.businfo}" for p in ports]
    return "\n".join(header + rows) + "\n"


def devbind(ports: list[Port]) -> str:
    """`dpdk-devbind.py --status`: the DPDK section, then the kernel section."""
    dpdk = [
        f"{p.address} '{p.model.devbind}' drv={p.driver} unused={p.model.kernel_driver}"
        for p in ports
        if p.userspace
    ]
    kernel = [
        f"{p.address} '{p.model.devbind}' if={p.name} drv={p.driver} unused={DPDK_DRIVER}"
        + (" *Active*" if p.name == "eth0" else "")
        for p in ports
        if not p.userspace
    ]
    return (
        "Network devices using DPDK-compatible driver\n"
        "============================================\n"
        + ("\n".join(dpdk) if dpdk else "<none>")
        + "\n\nNetwork devices using kernel driver\n"
        "===================================\n" + "\n".join(kernel) + "\n"
    )


def ethtool_i(port: Port, i40e_source: str) -> str | None:
    """The real `ethtool -i` of an i40e or mlx5 port with its bus-info, else None."""
    source = {"i40e": i40e_source, "mlx5_core": MLX5_ETHTOOL_I}.get(port.driver)
    if source is None or port.name is None:
        return None
    return re.sub(r"(?m)^bus-info: .*$", f"bus-info: {port.address}", data.piece(source))


def check_sources() -> None:
    """Every model description and output template is in its real source."""
    for model in MODELS:
        model.check()
    data.line("nics/dpdk-devbind-usrp-split-x710", "drv=vfio-pci unused=i40e")
    data.line("nics/dpdk-devbind-usrp-split-x710", "if=p1p1 drv=i40e unused=vfio-pci")
    data.line("nics/dpdk-devbind-mellanox-connectx4lx", "<none>")
