"""sos's rule for turning a command line into a file name under `sos_commands/<plugin>/`.

Mirrors `_mangle_command` in sos (unchanged since 2014), so the spec table can name
commands the way an operator types them: `ethtool -S eth0` -> `ethtool_-S_eth0`,
`ovs-appctl bond/show` -> `ovs-appctl_bond.show`.
"""

from __future__ import annotations

import re

_BIN_PREFIX = re.compile(r"^/(usr/)?s?bin/")
# sos's \w is ASCII letters, digits and underscore; every other run becomes one "_".
_UNSAFE_RUN = re.compile(r"[^A-Za-z0-9_\-./]+")


def mangle_command(command: str, name_max: int = 255) -> str:
    name = _BIN_PREFIX.sub("", command)
    name = _UNSAFE_RUN.sub("_", name)
    name = name.replace("/", ".").strip(" ._-")
    return name[:name_max]
