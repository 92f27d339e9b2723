"""Every host says which checks ran, which do not apply to it, and which could not run for
lack of evidence (naming the missing spec): a clean report says what it stands on."""

from __future__ import annotations

from dataclasses import dataclass, field

import jmespath
import pytest

from stacksleuth.checks.applicability import check_statuses
from stacksleuth.checks.loader import load_checks
from stacksleuth.checks.model import AppliesTo, Check
from stacksleuth.evidence.specs import SPECS
from stacksleuth.facts.needs import FACT_SPECS, fields_of, missing_specs

LIBRARY = load_checks().checks


@dataclass
class _Scan:
    """A log scan where only the given sources had a log."""

    used: dict[str, str | None] = field(default_factory=dict)

    def for_pattern(self, source, pattern):
        return []


def _by_id(statuses):
    return {status.check: status for status in statuses}


def _check(**changes) -> Check:
    base = next(c for c in LIBRARY if c.id == "multipath-path-failures")
    return base.model_copy(update=changes)


def test_multipath_check_without_multipath_output_or_syslog_could_not_run():
    statuses = _by_id(check_statuses(LIBRARY, ["compute"], {"lsmod"}, _Scan(), set()))
    multipath = statuses["multipath-path-failures"]
    assert multipath.status == "no evidence"
    assert multipath.missing == ["multipath -ll", "syslog or journal"]


def test_one_alternative_with_evidence_is_enough_for_any_of():
    scan = _Scan({"syslog": "syslog"})
    statuses = _by_id(check_statuses(LIBRARY, ["compute"], set(), scan, set()))
    assert statuses["multipath-path-failures"].status == "ran"


def test_a_check_for_another_role_does_not_apply_and_says_why():
    controller_only = _check(applies_to=AppliesTo(roles=["controller"]))
    (status,) = check_statuses([controller_only], ["compute"], set(), _Scan(), set())
    assert (status.status, status.why) == (
        "not applicable",
        "for controller hosts; this one is compute",
    )


def test_a_check_that_found_something_ran():
    (status,) = check_statuses([_check()], ["compute"], set(), _Scan(), {"multipath-path-failures"})
    assert status.to_json() == {"check": "multipath-path-failures", "status": "ran"}


def test_vhost_check_with_its_evidence_ran():
    vhost = [c for c in LIBRARY if c.id == "vhost-net-disabled"]
    found = {"lsmod", "qemu-kvm defaults", "ps", "libvirt domain xml"}
    (status,) = check_statuses(vhost, ["compute"], found, _Scan({"kernel": "kern.log"}), set())
    assert status.status == "ran"


def test_or_needs_either_side_and_needs_every_field():
    either = "network.bonds[?x] || network.ovs_bonds[?y]"
    assert missing_specs(either, {"bonding"}) == []
    assert missing_specs(either, set()) == ["bonding", "ovs-appctl bond/show"]
    both = "openstack.nova.vlan_interface.value && contains(network.vlans[].name, 'x')"
    assert missing_specs(both, {"nova.conf"}) == ["ip -d address or ip -s -d link"]


@pytest.mark.parametrize("check", LIBRARY, ids=lambda c: c.id)
def test_every_fact_a_library_check_reads_has_its_specs_listed(check):
    """The table in facts/needs.py keeps step with the library: a new fact field read by a
    check without a row would make that check look runnable on hosts lacking its evidence."""
    expressions = [
        part.fact for condition in check.conditions for part in condition.parts if part.fact
    ]
    for expression in expressions:
        jmespath.compile(expression)
        for key in fields_of(expression):
            assert key in FACT_SPECS, f"{check.id}: {key} has no row in FACT_SPECS"


def test_the_table_names_real_specs():
    for key, specs in FACT_SPECS.items():
        for spec in specs:
            assert spec in {s.name for s in SPECS}, f"{key}: {spec!r} is not a spec"
