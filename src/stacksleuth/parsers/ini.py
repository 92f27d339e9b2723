"""oslo.config style INI files: nova.conf, neutron.conf, ml2_conf.ini,
openvswitch_agent.ini, dhcp_agent.ini, ... (sos copies them under ``etc/``).

Real input (corpus ``etc/nova/nova.conf``)::

    [DEFAULT]
    verbose=True
    my_ip = 10.0.0.128
    transport_url = *********
    default_log_levels = "amqp=WARN, amqplib=WARN, ..."
    [libvirt]
    images_type = rbd

``parse_ini(text).get("libvirt", "images_type")`` is ``"rbd"``,
``.get("libvirt", "my_ip")`` falls back to ``[DEFAULT]`` like oslo does and gives
``"10.0.0.128"``, ``.get("DEFAULT", "transport_url")`` is the sos mask ``"*********"``
(``is_masked`` says so), quotes around a whole value are removed as oslo does.

Rules follow oslo.config's own parser: ``#`` and ``;`` start comment lines (not inline
comments); ``key = value`` or ``key: value``, split at the first ``=``/``:`` so values may
contain ``=``; an indented line continues the previous value (joined with a newline) and a
blank line ends it; a repeated key keeps every value (``get_all``) while ``get`` returns
the last one, which is what oslo uses for a single-valued option; section names are
case-sensitive; keys before any section are kept under ``""``.

Tolerance rule: lines that are none of the above are skipped. Empty text gives an empty
config. ``ParseError`` only when non-empty text has not one section or key line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stacksleuth.parsers.base import ParseError

SOS_MASK = "*********"
_KEY = re.compile(r"^[\w.\-/]+$")


@dataclass(slots=True)
class IniConfig:
    """Sections -> keys -> every value given for the key, in file order."""

    sections: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def get_all(self, section: str, key: str) -> list[str]:
        """Every value of ``key`` in ``section``, else in ``[DEFAULT]``, else ``[]``."""
        values = self.sections.get(section, {}).get(key)
        if values is None and section != "DEFAULT":
            values = self.sections.get("DEFAULT", {}).get(key)
        return list(values or [])

    def get(self, section: str, key: str) -> str | None:
        """The effective value: the last one given, with oslo's ``[DEFAULT]`` fallback."""
        values = self.get_all(section, key)
        return values[-1] if values else None


def is_masked(value: str | None) -> bool:
    """True when sos replaced the secret with asterisks."""
    return bool(value) and set(value or "") == {"*"}


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _split_assignment(line: str) -> tuple[str, str] | None:
    positions = [pos for pos in (line.find("="), line.find(":")) if pos > 0]
    if not positions:
        return None
    pos = min(positions)
    key = line[:pos].strip()
    # oslo option names never hold spaces; "a b (c=d)" is not an assignment.
    if not key or not _KEY.match(key):
        return None
    return key, line[pos + 1 :].strip()


def parse_ini(text: str) -> IniConfig:
    """Parse an oslo.config INI file."""
    config = IniConfig()
    section: dict[str, list[str]] = config.sections.setdefault("", {})
    last_values: list[str] | None = None
    seen_line = False
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line:
            last_values = None
            continue
        if line[0] in " \t":
            if last_values is not None and not line.lstrip().startswith(("#", ";")):
                last_values[-1] = f"{last_values[-1]}\n{line.strip()}"
            continue
        if line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            section = config.sections.setdefault(line[1:-1].strip(), {})
            last_values = None
            seen_line = True
            continue
        assignment = _split_assignment(line)
        if assignment is None:
            last_values = None
            continue
        key, value = assignment
        last_values = section.setdefault(key, [])
        last_values.append(_unquote(value))
        seen_line = True
    if not config.sections[""]:
        del config.sections[""]
    if (
        not seen_line
        and text.strip()
        and any(not ln.lstrip().startswith(("#", ";")) for ln in text.splitlines() if ln.strip())
    ):
        raise ParseError("no INI section or key found")
    return config
