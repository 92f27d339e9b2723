"""Kernel tunables: ``sysctl -a`` (sos: ``sos_commands/kernel/sysctl_-a``).

Real input (corpus compute, then a non-root run from a public forum post)::

    net.bridge.bridge-nf-call-iptables = 1
    net.ipv4.conf.all.rp_filter = 2
    dev.cdrom.info = drive name:\t\tsr0
    sysctl: permission denied on key 'net.ipv6.conf.all.stable_secret'
    net.ipv6.conf.all.disable_ipv6 = 0

gives ``Sysctl(values={"net.bridge.bridge-nf-call-iptables": "1", ...,
"net.ipv6.conf.all.disable_ipv6": "0"}, errors=[SysctlError(key=
"net.ipv6.conf.all.stable_secret", message="permission denied on key ...")])``.

Values are kept as text (``net.ipv4.tcp_rmem = 4096\t131072\t6291456`` keeps its tabs;
``get_int`` reads single numbers). A key printed more than once (``dev.cdrom.info``) keeps
every value joined by newlines. stderr lines (``sysctl: permission denied on key 'k'``,
older procps ``sysctl: reading key "k"``) become ``errors`` with the key they name: that
key has no value in the output, which is not the same as an unset key.

Tolerance rule: other lines (a partial first line of output tailed by sos, blank lines)
are skipped. Empty text gives an empty ``Sysctl``. ``ParseError`` only when non-empty text
has neither one ``key = value`` nor one ``sysctl:`` line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stacksleuth.parsers.base import ParseError, to_int

_VALUE = re.compile(r"^([A-Za-z0-9_][\w.\-/]*) = ?(.*)$")
_ERROR = re.compile(r"^sysctl: (.*?(?:key|reading key) ['\"]([^'\"]+)['\"].*)$")


@dataclass(slots=True)
class SysctlError:
    """A ``sysctl:`` stderr line mixed into the output."""

    key: str | None
    message: str


@dataclass(slots=True)
class Sysctl:
    """Tunables as printed, plus the keys sysctl could not read."""

    values: dict[str, str] = field(default_factory=dict)
    errors: list[SysctlError] = field(default_factory=list)

    def get_int(self, key: str) -> int | None:
        """The value as an integer when it is one number, else None."""
        value = self.values.get(key)
        try:
            return to_int(value) if value is not None else None
        except ValueError:
            return None


def parse_sysctl(text: str) -> Sysctl:
    """Parse ``sysctl -a`` output with stderr mixed in."""
    result = Sysctl()
    for line in text.splitlines():
        if line.startswith("sysctl:"):
            match = _ERROR.match(line)
            message = line[len("sysctl:") :].strip()
            result.errors.append(SysctlError(match[2] if match else None, message))
            continue
        match = _VALUE.match(line)
        if not match:
            continue
        key, value = match[1], match[2]
        if key in result.values:
            result.values[key] = f"{result.values[key]}\n{value}"
        else:
            result.values[key] = value
    if not result.values and not result.errors and len(text.strip().splitlines()) > 1:
        raise ParseError("no sysctl key = value line found")
    return result
