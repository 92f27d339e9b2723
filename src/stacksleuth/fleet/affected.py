"""Step 1 of the method, defining the problem: which hosts are affected.

In order of precedence: hosts named by the operator (`--affected`, `--affected-file`), the
computes that run the VMs named in a ticket (`--vms`: `openstack server show -f json`
documents), hosts whose logs match a symptom (`--symptom`), else the hosts with a finding
of severity high or worse. Names are matched loosely (short name, FQDN, any case) because
nova, sos and operators each spell a host their own way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from stacksleuth.errors import UsageError
from stacksleuth.parsers.base import ParseError
from stacksleuth.parsers.openstack_servers import ServerRecord, parse_servers


@dataclass(frozen=True, slots=True)
class HostNames:
    """How one analysed host can be named: its name, its FQDN, and the name it had before
    it was told apart from another report of the same machine (`compute-1#2`)."""

    name: str
    fqdn: str = ""
    original: str = ""


@dataclass
class AffectedSet:
    affected: list[str]
    healthy: list[str]
    method: str
    sentence: str
    unknown: list[str] = field(default_factory=list)
    vms: list[ServerRecord] = field(default_factory=list)
    compared_with: str = ""  # which healthy hosts the affected ones are compared with
    unreadable: list[str] = field(default_factory=list)  # no usable evidence: neither

    def to_json(self) -> dict[str, object]:
        return {
            "compared_with": self.compared_with,
            "affected": self.affected,
            "healthy": self.healthy,
            "unreadable": self.unreadable,
            "affected_from": self.sentence,
            "affected_method": self.method,
            "unknown_affected": self.unknown,
            "vms": [vm.to_json() for vm in self.vms],
        }


@dataclass(frozen=True)
class AffectedRequest:
    """What the operator said about the affected set (all optional)."""

    names: tuple[str, ...] = ()
    names_file: Path | None = None
    vms_file: Path | None = None
    symptom: str | None = None
    vms: tuple[ServerRecord, ...] = ()  # read from `vms_file` by `read`

    def read(self) -> AffectedRequest:
        """Read the files now, so a bad file is a usage error before any host is read."""
        names = list(self.names)
        if self.names_file is not None:
            names.extend(_read_names(self.names_file))
        vms = tuple(read_vms(self.vms_file)) if self.vms_file is not None else ()
        return replace(self, names=tuple(names), vms=vms)


def choose_affected(
    request: AffectedRequest,
    hosts: list[HostNames],
    symptom_hosts: set[str],
    serious_hosts: set[str],
) -> AffectedSet:
    """The affected set, with a sentence saying how it was chosen."""
    index = _name_index(hosts)
    order = [h.name for h in hosts]
    if request.names:
        picked, unknown = _match(request.names, index)
        how = "--affected-file" if request.names_file else "--affected"
        if not picked:
            # A clean run here would be a false all-clear: nothing the operator named was read.
            raise UsageError(
                f"{how}: no analysed host is called {', '.join(unknown)} "
                f"(the hosts read: {', '.join(order) or 'none'})"
            )
        return _split(order, picked, "affected", f"{len(picked)} host(s) given with {how}", unknown)
    if request.vms_file is not None:
        return _from_vms(request.vms_file.name, list(request.vms), order, index)
    if request.symptom:
        sentence = f"{len(symptom_hosts)} host(s) whose logs match --symptom {request.symptom!r}"
        return _split(order, symptom_hosts, "symptom", sentence)
    sentence = f"{len(serious_hosts)} host(s) with a finding of severity high or worse"
    return _split(order, serious_hosts, "findings", sentence)


def read_vms(path: Path) -> list[ServerRecord]:
    try:
        return parse_servers(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"--vms {path}: {_reason(error)}") from None
    except ParseError as error:
        raise UsageError(
            f"--vms {path}: {error} (expected `openstack server show -f json` output)"
        ) from None


def _from_vms(
    file_name: str, vms: list[ServerRecord], order: list[str], index: NameIndex
) -> AffectedSet:
    computes = [vm.compute for vm in vms if vm.compute]
    picked, unknown = _match(computes, index)
    spread = Counter((_resolve(c, index) or [c])[0] for c in computes)
    unplaced = len(vms) - len(computes)
    sentence = f"{len(vms)} VM(s) from --vms {file_name} run on {len(spread)} compute(s)" + (
        f"; {unplaced} VM(s) name no compute" if unplaced else ""
    )
    affected = _split(order, picked, "vms", sentence, unknown)
    affected.vms = vms
    return affected


def _split(
    order: list[str],
    picked: Iterable[str],
    method: str,
    sentence: str,
    unknown: list[str] | None = None,
) -> AffectedSet:
    chosen = set(picked)
    return AffectedSet(
        affected=[name for name in order if name in chosen],
        healthy=[name for name in order if name not in chosen],
        method=method,
        sentence=sentence,
        unknown=unknown or [],
    )


NameIndex = dict[str, list[str]]  # a spelling -> every analysed host it may mean


def _name_index(hosts: list[HostNames]) -> NameIndex:
    index: NameIndex = {}
    for host in hosts:
        for spelling in (host.name, host.fqdn, host.original):
            for key in {_key(spelling), _key(spelling.split(".")[0])} if spelling else ():
                if host.name not in index.setdefault(key, []):
                    index[key].append(host.name)
    return index


def _match(names: Iterable[str], index: NameIndex) -> tuple[set[str], list[str]]:
    """The hosts the names mean (two reports of one machine: both), and unknown names."""
    picked: set[str] = set()
    unknown: list[str] = []
    for name in names:
        hosts = _resolve(name, index)
        if hosts:
            picked.update(hosts)
        elif name not in unknown:
            unknown.append(name)
    return picked, unknown


def _resolve(name: str, index: NameIndex) -> list[str] | None:
    return index.get(_key(name)) or index.get(_key(name.split(".")[0]))


def _key(name: str) -> str:
    return name.strip().lower()


def _read_names(path: Path) -> list[str]:
    """One host name per line; blank lines and `#` comments ignored."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"--affected-file {path}: {_reason(error)}") from None
    names = []
    for line in text.splitlines():
        name = line.split("#", 1)[0].strip()
        if name:
            names.append(name)
    return names


def _reason(error: OSError | UnicodeDecodeError) -> str:
    if isinstance(error, UnicodeDecodeError):
        return f"not UTF-8 text (byte {error.start})"
    return error.strerror or str(error)
