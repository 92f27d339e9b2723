"""multipath -ll from the corpus compute, a public iSCSI lab and insights-core test data."""

from __future__ import annotations

import pytest
from realsamples import sample

from stacksleuth.parsers.base import ParseError
from stacksleuth.parsers.multipath import parse_multipath_ll


def _by_name(text: str) -> dict:
    return {m.name: m for m in parse_multipath_ll(text)}


def test_cut_link_fails_the_path_of_the_active_group_on_mpatha():
    maps = _by_name(sample("storage", "orealyz-tp2-multipath_-ll-failed-faulty"))
    mpatha = maps["mpatha"]
    assert mpatha.wwid == "3600140557c66dd047214999a651eb037"
    assert mpatha.dm_device == "dm-2"
    assert (mpatha.vendor, mpatha.product) == ("LIO-ORG", "data-chunk2")
    assert mpatha.size == "1022M"
    assert mpatha.features == "1 queue_if_no_path"
    assert mpatha.hwhandler == "1 alua"
    assert mpatha.write_permission == "rw"
    active, enabled = mpatha.path_groups
    assert (active.policy, active.prio, active.status) == ("service-time 0", 0, "active")
    (dead,) = active.paths
    assert (dead.hctl, dead.device, dead.major_minor) == ("5:0:0:0", "sdd", "8:48")
    assert (dead.dm_state, dead.path_state, dead.online_state) == ("failed", "faulty", "running")
    assert (enabled.prio, enabled.status) == (50, "enabled")
    assert [p.device for p in enabled.paths] == ["sde"]
    assert enabled.paths[0].dm_state == "active"


def test_on_mpathb_the_dead_path_sits_in_the_standby_group():
    mpathb = _by_name(sample("storage", "orealyz-tp2-multipath_-ll-failed-faulty"))["mpathb"]
    assert [(g.status, g.prio) for g in mpathb.path_groups] == [("enabled", 0), ("active", 50)]
    assert [p.device for p in mpathb.failed_paths] == ["sdb"]
    assert [p.device for p in mpathb.paths] == ["sdb", "sdc"]


def test_link_back_checker_ready_but_dm_still_failed_until_reinstated():
    maps = _by_name(sample("storage", "orealyz-tp2-multipath_-ll-failed-ready"))
    sdd = maps["mpatha"].path_groups[0].paths[0]
    assert (sdd.device, sdd.dm_state, sdd.path_state) == ("sdd", "failed", "ready")
    assert maps["mpatha"].path_groups[0].prio == 50
    assert [p.device for p in maps["mpathb"].failed_paths] == ["sdb"]


def test_config_warning_on_stderr_is_skipped_and_padded_hctl_is_read():
    maps = parse_multipath_ll(sample("storage", "orealyz-tp2-multipath_-ll-config-warning"))
    assert [m.name for m in maps] == ["mpatha", "mpathb"]
    assert [p.hctl for p in maps[0].paths] == ["13:0:0:0", "14:0:0:0"]
    assert [(p.hctl, p.device) for p in maps[1].paths] == [("5:0:0:0", "sdc"), ("6:0:0:0", "sdb")]
    assert not any(m.failed_paths for m in maps)


def test_rhel5_old_format_with_v4_debug_noise():
    (l004,) = parse_multipath_ll(sample("storage", "insights-multipath_-v4_-ll-rhel5-old-format"))
    assert l004.name == l004.alias == "L004"
    assert l004.wwid == "360060160ade32800f2e3baf47665e211"
    assert l004.dm_device == "dm-9"
    assert (l004.vendor, l004.product) == ("DGC", "RAID 5")
    assert (l004.size, l004.features, l004.hwhandler) == ("100G", "1 queue_if_no_path", "1 emc")
    assert l004.write_permission == "rw"
    groups = [(g.policy, g.prio, g.status) for g in l004.path_groups]
    assert groups == [("round-robin 0", 1, "active"), ("round-robin 0", 0, "enabled")]
    # The 33-row "paths list" table above the map is not mistaken for map paths.
    assert [p.device for p in l004.paths] == ["sdk", "sdp", "sdf", "sdu"]
    first = l004.paths[0]
    assert (first.hctl, first.major_minor) == ("3:0:1:4", "8:160")
    assert (first.dm_state, first.path_state, first.online_state) == ("active", "ready", None)


def test_corpus_compute_has_no_maps_only_bcache_ioctl_noise():
    assert parse_multipath_ll(sample("storage", "compute4-multipath_-ll")) == []


def test_corpus_v4_run_lists_bcache_devices_in_paths_table_but_no_maps():
    assert parse_multipath_ll(sample("storage", "compute4-multipath_-v4_-ll")) == []


def test_tailed_output_drops_paths_before_the_first_full_map_header():
    text = sample("storage", "orealyz-tp2-multipath_-ll-failed-faulty")
    # sos keeps the end of big outputs: start in the middle of mpatha's first path line.
    tailed = text[text.index("5:0:0:0 sdd") + 3 :]
    assert [m.name for m in parse_multipath_ll(tailed)] == ["mpathb"]


def test_empty_text_gives_no_maps():
    assert parse_multipath_ll("") == []


def test_iscsiadm_output_is_not_multipath():
    with pytest.raises(ParseError):
        parse_multipath_ll(sample("storage", "compute4-iscsiadm_-m_session_-P_3"))


def test_libdevmapper_failure_in_a_container_is_a_state_with_no_map():
    from stacksleuth.parsers.multipath import parse_multipath_output

    output = parse_multipath_output(sample("storage", "container-libdevmapper-no-control"))
    assert output.maps == []
    assert output.device_mapper_error == "/dev/mapper/control: open failed: Operation not permitted"


def test_a_real_map_listing_has_no_device_mapper_error():
    from stacksleuth.parsers.multipath import parse_multipath_output

    output = parse_multipath_output(sample("storage", "orealyz-tp2-multipath_-ll-failed-faulty"))
    assert output.device_mapper_error is None and output.maps
