"""Shell variable files: ``/etc/default/*`` (``etc/default/qemu-kvm``, ``libvirtd``,
``grub``, ...), ``/etc/sysconfig/*``.

Real input (corpus ``etc/default/qemu-kvm``)::

    # To load the vhost_net module, which in some cases can speed up
    # network performance, set VHOST_NET_ENABLED to 1.
    VHOST_NET_ENABLED=0
    KVM_HUGEPAGES=0

gives ``{"KSM_ENABLED": "AUTO", "SLEEP_MILLISECS": "200", "VHOST_NET_ENABLED": "0",
"KVM_HUGEPAGES": "0"}``.

These files are sourced by shell scripts, so: ``#`` comment lines; an optional leading
``export``; ``NAME=value`` with no spaces around ``=``; one level of matching single or
double quotes is removed (``start_libvirtd="yes"`` -> ``yes``); a trailing `` # comment``
after an unquoted value is dropped; backtick or ``$(...)`` commands are kept verbatim (not
run); a later assignment wins. Commented-out assignments (``#VHOST_NET_ENABLED=1``) are
not settings and are ignored.

Tolerance rule: lines that are not assignments (shell code, blank lines, stray spaces) are
skipped. Empty text gives ``{}``; shell files may legally hold no assignment, so this
parser never raises ``ParseError``.
"""

from __future__ import annotations

import re

_ASSIGNMENT = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$")
# Blanks then `#`: the lookbehind starts the blanks only where a run of them begins, so a
# long run costs its length, not its square.
_TRAILING_COMMENT = re.compile(r"(?<!\s)\s+#.*$")


def _value(raw: str) -> str:
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] in "\"'" and raw.endswith(raw[0]):
        return raw[1:-1]
    if raw[:1] and raw[0] in "\"'":  # `NAME=` alone is an empty value, not a quote
        closing = raw.find(raw[0], 1)
        if closing > 0:
            return raw[1:closing]
    return _TRAILING_COMMENT.sub("", raw)


def parse_shellvars(text: str) -> dict[str, str]:
    """Parse ``NAME=value`` assignments of a shell fragment."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        match = _ASSIGNMENT.match(line)
        if match:
            values[match[1]] = _value(match[2])
    return values
