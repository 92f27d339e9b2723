"""What was checked, for the three human reports: which checks ran on the hosts, which
could not run for lack of evidence (and the missing specs), which do not apply, and which
hosts gave nothing to check. A clean report then says what "no known issue" rests on.

Reads each host's `checks` (analysis/v1) and `fleet.unreadable`; computes nothing new,
only groups hosts that share a status so a fleet of 168 hosts stays a few lines:

    checked         17 checks on 3 hosts
    ran             bond-lacp-churned, mtu-mismatch, ... (on every host)
    could not run   console-log-oversized on 3 hosts: missing ls nova instances or console.log
    not applicable  nova-api-slow-requests on 3 hosts: for controller hosts; ...
    unreadable      compute-9: empty: it holds no file
"""

from __future__ import annotations

from dataclasses import dataclass

from stacksleuth.report.view import Doc, abbreviate, plural

RAN, NOT_APPLICABLE, NO_EVIDENCE = "ran", "not applicable", "no evidence"
_HOSTS_NAMED = 3


@dataclass(frozen=True)
class CheckedLine:
    """One line of the section: a label (`ran`, `could not run`...) and its text."""

    label: str
    text: str


def checked_lines(doc: Doc) -> list[CheckedLine]:
    """The lines of the "what was checked" section, most telling first."""
    hosts = [h for h in doc.get("hosts", []) if not h.get("unreadable")]
    unreadable = [h for h in doc.get("hosts", []) if h.get("unreadable")]
    checks = list(dict.fromkeys(c["check"] for h in hosts for c in h.get("checks", [])))
    lines: list[CheckedLine] = []
    if hosts and checks:
        lines.append(
            CheckedLine(
                "checked", f"{plural(len(checks), 'check')} on {plural(len(hosts), 'host')}"
            )
        )
        ran = [c for c in checks if _everywhere(hosts, c, RAN)]
        if ran:
            lines.append(CheckedLine("ran", f"{', '.join(ran)} (on every host)"))
        lines += _by_status(hosts, checks, NO_EVIDENCE, "could not run")
        lines += _by_status(hosts, checks, NOT_APPLICABLE, "not applicable")
        lines += _ran_somewhere(hosts, checks, ran)
    elif not hosts:
        lines.append(CheckedLine("checked", "nothing: no host gave usable evidence"))
    for host in unreadable:
        lines.append(CheckedLine("unreadable", f"{host['name']}: {host['unreadable']}"))
    return lines


def _status_of(host: Doc, check: str) -> Doc | None:
    return next((c for c in host.get("checks", []) if c["check"] == check), None)


def _everywhere(hosts: list[Doc], check: str, status: str) -> bool:
    return all((_status_of(h, check) or {}).get("status") == status for h in hosts)


def _by_status(hosts: list[Doc], checks: list[str], status: str, label: str) -> list[CheckedLine]:
    """One line per check and reason: `check on 3 hosts (a, b, c): why`."""
    lines = []
    for check in checks:
        reasons: dict[str, list[str]] = {}
        for host in hosts:
            entry = _status_of(host, check)
            if entry and entry.get("status") == status:
                reasons.setdefault(str(entry.get("why", "")), []).append(host["name"])
        for why, names in reasons.items():
            where = _hosts(names, len(hosts))
            lines.append(CheckedLine(label, f"{check} {where}" + (f": {why}" if why else "")))
    return lines


def _ran_somewhere(hosts: list[Doc], checks: list[str], everywhere: list[str]) -> list[CheckedLine]:
    partly = []
    for check in checks:
        if check in everywhere:
            continue
        names = [h["name"] for h in hosts if (_status_of(h, check) or {}).get("status") == RAN]
        if names:
            partly.append(f"{check} {_hosts(names, len(hosts))}")
    return [CheckedLine("ran", text) for text in partly]


def _hosts(names: list[str], total: int) -> str:
    if len(names) == total and total > 1:
        return f"on all {total} hosts"
    if len(names) == 1:
        return f"on {names[0]}"
    return f"on {plural(len(names), 'host')} ({abbreviate(names, _HOSTS_NAMED)})"
