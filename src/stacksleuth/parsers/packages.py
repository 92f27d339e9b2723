"""Installed packages: ``dpkg -l``, sos's ``installed-rpms`` and plain ``rpm -qa``.

Debian/Ubuntu: ``sos_commands/dpkg/dpkg_-l``. Real input (Ubuntu 20.04 compute)::

    ||/ Name                                 Version                 Architecture Description
    +++-====================================-=======================-============-===========
    ii  bind9-libs:amd64                     1:9.16.1-0ubuntu2.9     amd64        Shared ...
    ii  nova-compute                         2:21.2.3-0ubuntu1       all          OpenStack...

comes out as ``[DpkgPackage(state="ii", name="bind9-libs", version="1:9.16.1-0ubuntu2.9",
arch="amd64", description="Shared ...", name_arch="amd64"), DpkgPackage(state="ii",
name="nova-compute", ...)]``. ``state`` is the two or three status letters (desired,
status, error flag): ``ii`` installed, ``rc`` removed with config files left, ``hi`` held,
``iU``/``iF`` half-done. Old dpkg prints no Architecture column (``arch=None``) and cuts
names to the column width (``kubuntu-artwor``): ``possibly_truncated`` is set when a name
exactly fills the Name column measured from the header.

RPM: sos's ``installed-rpms`` (``rpm --nodigest -qa --qf "%-59{NVRA} %{INSTALLTIME:date}"
| sort -V``) and plain ``rpm -qa``. Real input::

    kernel-4.18.0-80.11.2.el8_0.x86_64                          Fri Sep 27 11:51:34 2019
    ansible-pacemaker-1.0.4-2.20210623224811.666f706.el8ost.noarch

comes out as ``RpmPackage(name="kernel", version="4.18.0", release="80.11.2.el8_0",
arch="x86_64", epoch=None, install_time="Fri Sep 27 11:51:34 2019")`` and
``RpmPackage(name="ansible-pacemaker", version="1.0.4",
release="2.20210623224811.666f706.el8ost", arch="noarch", ...)``. The NVRA is split from
the right (arch after the last dot when it is a known arch, then release and version
after the last two dashes), so names with dashes stay whole. ``gpg-pubkey`` entries have
no arch (``.(none)`` or nothing) and give ``arch=None``. An ``E:`` epoch prefix on the
version (``bash-1:4.1.2-12.el7``) goes to ``epoch``.

Tolerance rule: lines that are not a package line are skipped (header lines, stderr such
as ``shell-init: error retrieving current directory``, a partial first line of a tailed
file). rpm's own ``error:``/``warning:`` lines (a damaged rpmdb) are kept in
``RpmList.errors``. Empty text gives an empty result. ``ParseError`` only when non-empty
text has no package line, no dpkg header and no rpm message at all.
``package_versions()`` maps names to versions of installed packages only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from stacksleuth.parsers.base import ParseError, to_int

# Desired (u/i/h/r/p), status (n/c/H/U/F/W/t/i), optional error flag (R).
_DPKG_LINE = re.compile(r"^(?P<state>[uihrp][ncHUFWti][R ]?)\s+(?P<rest>\S.*)$")
_DPKG_HEADER = "||/"
_DPKG_INSTALLED = frozenset({"ii", "hi"})
_DPKG_ARCHES = frozenset(
    {
        "all",
        "amd64",
        "arm64",
        "armel",
        "armhf",
        "i386",
        "mips64el",
        "mipsel",
        "ppc64el",
        "riscv64",
        "s390x",
        "<none>",
    }
)
_RPM_ARCHES = frozenset(
    {
        "noarch",
        "x86_64",
        "i386",
        "i486",
        "i586",
        "i686",
        "aarch64",
        "ppc64",
        "ppc64le",
        "s390x",
        "src",
        "(none)",
    }
)
_RPM_VERSION = re.compile(r"^(?:(?P<epoch>\d+):)?(?P<version>[^-:\s]+)$")
_RPM_MESSAGE = ("error:", "warning:")


@dataclass(slots=True)
class DpkgPackage:
    """One package line of ``dpkg -l``."""

    state: str
    name: str
    version: str
    arch: str | None = None
    description: str | None = None
    name_arch: str | None = None
    possibly_truncated: bool = False

    @property
    def installed(self) -> bool:
        """True for ``ii`` (installed) and ``hi`` (installed, on hold)."""
        return self.state.strip() in _DPKG_INSTALLED


@dataclass(slots=True)
class RpmPackage:
    """One installed RPM, split from its NVRA."""

    name: str
    version: str
    release: str
    arch: str | None = None
    epoch: int | None = None
    install_time: str | None = None

    @property
    def installed(self) -> bool:
        """Always True: rpm lists only installed packages."""
        return True

    @property
    def evr(self) -> str:
        """``[epoch:]version-release``, the string rpm compares."""
        prefix = f"{self.epoch}:" if self.epoch is not None else ""
        return f"{prefix}{self.version}-{self.release}"


@dataclass(slots=True)
class RpmList:
    """Packages of an rpm listing plus rpm's own error/warning lines."""

    packages: list[RpmPackage] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def parse_dpkg_l(text: str) -> list[DpkgPackage]:
    """Parse ``dpkg -l`` (also ``dpkg -l | grep ...`` without the header)."""
    packages: list[DpkgPackage] = []
    has_arch: bool | None = None
    name_width: int | None = None
    saw_header = False
    for raw in text.splitlines():
        line = raw.rstrip("\n")
        if line.startswith(_DPKG_HEADER):
            saw_header = True
            has_arch = "Architecture" in line
            name_width = _name_width(line)
            continue
        match = _DPKG_LINE.match(line)
        if match is None:
            saw_header = saw_header or line.startswith(("Desired=", "| Status=", "+++-"))
            continue
        package = _dpkg_package(match["state"].strip(), match["rest"], has_arch)
        if package is None:
            continue
        package.possibly_truncated = name_width is not None and len(_raw_name(line)) == name_width
        packages.append(package)
    if not packages and not saw_header and text.strip():
        raise ParseError("no dpkg -l package line or header found")
    return packages


def _name_width(header: str) -> int | None:
    # "||/ Name           Version": the Name column ends one blank before "Version".
    start, end = header.find("Name"), header.find("Version")
    if start < 0 or end < 0:
        return None
    return end - start - 1


def _raw_name(line: str) -> str:
    return line[4:].split(None, 1)[0] if len(line) > 4 else ""


def _dpkg_package(state: str, rest: str, has_arch: bool | None) -> DpkgPackage | None:
    fields = rest.split(None, 3)
    if len(fields) < 2:
        return None
    raw_name, version = fields[0], fields[1]
    # Without a header (grep output, tailed file) guess the layout from the third column.
    with_arch = (
        has_arch if has_arch is not None else (len(fields) > 2 and fields[2] in _DPKG_ARCHES)
    )
    if with_arch:
        arch = fields[2] if len(fields) > 2 else None
        description = fields[3] if len(fields) > 3 else None
    else:
        arch = None
        description = " ".join(fields[2:]) or None
    name, _, name_arch = raw_name.partition(":")
    return DpkgPackage(
        state=state,
        name=name,
        version=version,
        arch=None if arch == "<none>" else arch,
        description=description,
        name_arch=name_arch or None,
    )


def parse_nvra(nvra: str) -> RpmPackage | None:
    """Split ``name-[epoch:]version-release[.arch]``; None when it is not one."""
    base, arch = nvra, None
    head, dot, tail = nvra.rpartition(".")
    if dot and tail in _RPM_ARCHES:
        base, arch = head, tail
    name, sep1, rest = base.rpartition("-")
    if not sep1:
        return None
    name, sep2, version = name.rpartition("-")
    release = rest
    if not sep2 or not name or not release:
        return None
    match = _RPM_VERSION.match(version)
    if match is None:
        return None
    epoch = match["epoch"]
    return RpmPackage(
        name=name,
        version=match["version"],
        release=release,
        arch=None if arch == "(none)" else arch,
        epoch=to_int(epoch) if epoch is not None else None,
    )


def parse_installed_rpms(text: str) -> RpmList:
    """Parse sos's ``installed-rpms`` (NVRA, blanks, install date) or plain ``rpm -qa``."""
    result = RpmList()
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith(_RPM_MESSAGE):
            result.errors.append(line)
            continue
        nvra, _, install_time = line.partition(" ")
        package = parse_nvra(nvra)
        if package is None:
            continue
        package.install_time = install_time.strip() or None
        result.packages.append(package)
    if not result.packages and not result.errors and text.strip():
        raise ParseError("no rpm package line found")
    return result


def parse_rpm_qa(text: str) -> RpmList:
    """Parse plain ``rpm -qa`` output (one NVRA per line)."""
    return parse_installed_rpms(text)


def package_versions(packages: Iterable[DpkgPackage | RpmPackage]) -> dict[str, str]:
    """Name -> version of installed packages only (dpkg ``ii``/``hi``; every rpm).

    dpkg versions are printed ones (``2:21.2.3-0ubuntu1``); rpm versions are
    ``[epoch:]version-release``. When a name appears more than once (several kernels),
    the last line wins: sos sorts ``installed-rpms`` with ``sort -V``, so that is the
    newest for a sorted listing.
    """
    versions: dict[str, str] = {}
    for package in packages:
        if not package.installed:
            continue
        if isinstance(package, RpmPackage):
            versions[package.name] = package.evr
        else:
            versions[package.name] = package.version
    return versions
