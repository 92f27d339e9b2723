"""Console log sizes: from a listing of the instances directory (insights-client's
`ls -laR /var/lib/nova/instances`), else from console.log files sos copied (--all-logs)."""

from __future__ import annotations

from hosttrees import add_tailed
from hosttrees import sample_tree as host
from realsamples import sample

from stacksleuth.facts.console_logs import build_console_logs
from stacksleuth.facts.openstack import build_openstack

LISTING = "insights_commands/ls_-laR_.var.lib.nova.instances"
UUID = "e560e649-41fd-46a2-a3d2-5f4750ba2bb4"
COPY = "var/lib/nova/instances/4a3be61d-2350-4304-bbf7-657083cc6ccb/console.log"


def test_listing_gives_each_console_log_exactly(tmp_path):
    evidence = host(tmp_path, {LISTING: ("listing", "insights-ls_-laR_.var.lib.nova.instances")})
    (log,) = build_console_logs(evidence)
    assert log.path == f"/var/lib/nova/instances/{UUID}/console.log"
    assert (log.instance, log.size, log.size_exact) == (UUID, 48957, True)
    assert log.evidence == LISTING
    assert evidence.notes == []


def test_rhel7_selinux_listing_names_the_log_without_a_size(tmp_path):
    name = "insights-ls_-laRZ_.var.lib.nova.instances-rhel7-no-size"
    (log,) = build_console_logs(host(tmp_path, {LISTING: ("listing", name)}))
    assert (log.instance, log.size) == ("11415c6c-a2a5-45f0-a198-724246b96631", None)


def test_copied_console_log_is_measured_byte_for_byte(tmp_path):
    evidence = host(tmp_path, {COPY: ("console", "elatov-rdo-console.log-cirros-tail40")})
    (log,) = build_console_logs(evidence)
    text = sample("console", "elatov-rdo-console.log-cirros-tail40")
    assert log.path == "/" + COPY and log.instance == "4a3be61d-2350-4304-bbf7-657083cc6ccb"
    assert (log.size, log.size_exact) == (len(text.encode()), True)


def test_a_console_full_of_raw_bytes_is_measured_without_a_note(tmp_path):
    """A serial console holds escape and binary bytes; sizing it must not decode it."""
    evidence = host(tmp_path, {})
    raw = sample("console", "elatov-rdo-console.log-cirros-tail40").encode() + b"\xff\xfe\x1b[0m\n"
    target = evidence.root / COPY
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(raw)
    (log,) = build_console_logs(evidence)
    assert (log.size, log.size_exact) == (len(raw), True)
    assert evidence.notes == []


def test_a_copy_sos_tailed_gives_only_a_lower_bound(tmp_path):
    evidence = host(tmp_path, {})
    text = sample("console", "elatov-rdo-console.log-cirros-tail40")
    add_tailed(evidence.root, COPY, "openstack_nova", text)
    (log,) = build_console_logs(evidence)
    assert (log.size, log.size_exact) == (len(text.encode()), False)


def test_listing_wins_over_a_copy_of_the_same_file(tmp_path):
    copy = f"var/lib/nova/instances/{UUID}/console.log"
    evidence = host(
        tmp_path,
        {
            LISTING: ("listing", "insights-ls_-laR_.var.lib.nova.instances"),
            copy: ("console", "elatov-rdo-console.log-cirros-tail40"),
        },
    )
    (log,) = build_console_logs(evidence)
    assert (log.size, log.evidence) == (48957, LISTING)


def test_console_logs_are_part_of_the_openstack_facts(tmp_path):
    evidence = host(tmp_path, {LISTING: ("listing", "insights-ls_-laR_.var.lib.nova.instances")})
    facts = build_openstack(evidence).to_json()
    assert [log["size"] for log in facts["console_logs"]] == [48957]


def test_no_listing_and_no_copy_means_no_console_logs(tmp_path):
    assert build_console_logs(host(tmp_path, {})) == []
