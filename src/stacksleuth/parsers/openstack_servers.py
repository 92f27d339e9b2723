"""`openstack server show -f json` and `openstack server list --long -f json` output.

An operator defines the problem by the VMs that show it; these documents map each VM to
the compute it runs on. The seeds' recipe is
`openstack server list ... -f value -c ID | xargs -n1 openstack server show -f json`, which
prints one JSON object after another (not a JSON list), so the parser reads a stream of
JSON values, each an object (one `server show`) or a list of objects (`server list`).

`server show` (admin view) names the compute in `OS-EXT-SRV-ATTR:hypervisor_hostname`
(the hypervisor's FQDN as nova knows it) and `OS-EXT-SRV-ATTR:host` (the nova-compute
service host); `server list --long` has `Host`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from stacksleuth.parsers.base import ParseError

_COMPUTE_KEYS = ("OS-EXT-SRV-ATTR:hypervisor_hostname", "OS-EXT-SRV-ATTR:host", "Host")


@dataclass(frozen=True, slots=True)
class ServerRecord:
    id: str
    name: str
    compute: str
    status: str

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "compute": self.compute, "status": self.status}


def parse_servers(text: str) -> list[ServerRecord]:
    """Every server in a stream of `server show` / `server list` JSON documents.

    A server without a compute (not scheduled, or listed without admin rights) keeps
    `compute` empty; the caller says so. Anything but JSON objects raises ParseError.
    """
    servers = []
    for document in _json_values(text):
        items = document if isinstance(document, list) else [document]
        for item in items:
            if not isinstance(item, dict):
                raise ParseError(f"expected a server object, found {type(item).__name__}")
            servers.append(_server(item))
    return servers


def _json_values(text: str) -> list[object]:
    decoder = json.JSONDecoder()
    values = []
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            return values
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            raise ParseError(f"not JSON at line {error.lineno}: {error.msg}") from None
        except ValueError as error:  # a number of more than 4,300 digits
            raise ParseError(f"unreadable JSON: {error}") from None
        except RecursionError:
            raise ParseError("JSON nested too deep to read") from None
        values.append(value)


def _server(item: dict) -> ServerRecord:
    compute = next((str(item[key]) for key in _COMPUTE_KEYS if item.get(key)), "")
    return ServerRecord(
        id=str(item.get("id") or item.get("ID") or ""),
        name=str(item.get("name") or item.get("Name") or ""),
        compute=compute,
        status=str(item.get("status") or item.get("Status") or ""),
    )
