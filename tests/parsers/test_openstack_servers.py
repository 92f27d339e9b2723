"""`openstack server show -f json` documents (real client output, tests/samples/openstack/)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stacksleuth.parsers.base import ParseError
from stacksleuth.parsers.openstack_servers import parse_servers

SAMPLES = Path(__file__).parents[1] / "samples" / "openstack"


def test_newer_client_document():
    [server] = parse_servers((SAMPLES / "server-show.json").read_text())
    assert server.id == "1a639b0f-30fa-47c7-9ba3-9512ce1583d6"
    assert server.name == "Cirros"
    assert server.compute == "compute.test.local"
    assert server.status == "SHUTOFF"


def test_legacy_document_prefers_the_hypervisor_fqdn():
    [server] = parse_servers((SAMPLES / "server-show-legacy.json").read_text())
    assert server.compute == "compute2.openstack.local"
    assert server.status == "ACTIVE"


def test_documents_one_after_another_as_xargs_prints_them():
    text = (SAMPLES / "server-show-legacy.json").read_text() + (
        SAMPLES / "server-show.json"
    ).read_text()
    assert [s.name for s in parse_servers(text)] == ["test_instance_01_3A06F", "Cirros"]


def test_a_list_of_servers_and_a_server_without_compute():
    document = json.loads((SAMPLES / "server-show.json").read_text())
    unscheduled = {k: v for k, v in document.items() if not k.startswith("OS-EXT-SRV-ATTR")}
    servers = parse_servers(json.dumps([document, unscheduled]))
    assert [s.compute for s in servers] == ["compute.test.local", ""]


@pytest.mark.parametrize("text", ["ID | Name | Status", '["just", "strings"]', "{} {"])
def test_anything_else_is_refused(text):
    with pytest.raises(ParseError):
        parse_servers(text)


def test_empty_input_is_no_server():
    assert parse_servers("\n") == []
