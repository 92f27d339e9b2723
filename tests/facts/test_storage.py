"""Block storage facts: multipath maps with failed paths and iSCSI sessions and disks.

The corpus compute has no SAN; the maps and sessions come from a public iSCSI lab (Orealyz
TP2: host chunk2 logged in to target data-chunk2 through four portals, see
tests/samples/storage/SOURCES.md). Its `multipath -ll` and `iscsiadm` outputs are from the
same host, so trees that pair them tell that host's story.
"""

from __future__ import annotations

import pytest
from hosttrees import needs_sample
from hosttrees import sample_tree as host

from stacksleuth.facts.storage import build_storage

MULTIPATH = "sos_commands/multipath/multipath_-ll"
ISCSI = "sos_commands/iscsi/iscsiadm_-m_session_-P_3"
CHUNK2_ISCSI = ("storage", "orealyz-tp2-iscsiadm_-m_session_-P_3")


@pytest.fixture(scope="module")
def corpus(open_corpus):
    evidence = open_corpus()
    return evidence, build_storage(evidence)


def test_corpus_compute_has_no_maps_and_no_sessions(corpus):
    evidence, facts = corpus
    assert facts.multipath_maps == []
    assert facts.iscsi_sessions == []
    assert facts.attributes() == {
        "storage.multipath": False,
        "storage.multipath.failed_paths": False,
        "storage.iscsi": False,
        "storage.iscsi_leftovers": False,
    }
    assert evidence.notes == []


# -- maps_with_failed_paths ----------------------------------------------------------------


def test_a_cut_link_leaves_one_failed_faulty_path_on_each_map(tmp_path):
    facts = build_storage(
        host(
            tmp_path,
            {
                MULTIPATH: ("storage", "orealyz-tp2-multipath_-ll-failed-faulty"),
                ISCSI: CHUNK2_ISCSI,
            },
        )
    )
    assert facts.maps_with_failed_paths == ["mpatha", "mpathb"]
    mpatha = facts.multipath_maps[0]
    assert (mpatha.wwid, mpatha.vendor, mpatha.product) == (
        "3600140557c66dd047214999a651eb037",
        "LIO-ORG",
        "data-chunk2",
    )
    assert mpatha.failed_paths == 1
    assert [(p.device, p.hctl, p.dm_state, p.path_state) for p in mpatha.paths] == [
        ("sdd", "5:0:0:0", "failed", "faulty"),
        ("sde", "6:0:0:0", "active", "ready"),
    ]
    # Every iSCSI disk of chunk2 is a path of one of its two maps.
    assert facts.iscsi_disks_outside_multipath == []
    assert facts.attributes() == {
        "storage.multipath": True,
        "storage.multipath.failed_paths": True,
        "storage.iscsi": True,
        "storage.iscsi_leftovers": False,
    }


def test_link_back_but_not_reinstated_still_counts_as_failed(tmp_path):
    facts = build_storage(
        host(tmp_path, {MULTIPATH: ("storage", "orealyz-tp2-multipath_-ll-failed-ready")})
    )
    assert facts.maps_with_failed_paths == ["mpatha", "mpathb"]


def test_all_paths_active_ready_is_not_a_failure(tmp_path):
    facts = build_storage(
        host(tmp_path, {MULTIPATH: ("storage", "orealyz-tp2-multipath_-ll-config-warning")})
    )
    assert [m.name for m in facts.multipath_maps] == ["mpatha", "mpathb"]
    assert facts.maps_with_failed_paths == []
    assert facts.attributes() == {
        "storage.multipath": True,
        "storage.multipath.failed_paths": False,
    }


# -- iSCSI sessions -------------------------------------------------------------------------


def test_four_sessions_each_with_its_disk(tmp_path):
    facts = build_storage(host(tmp_path, {ISCSI: CHUNK2_ISCSI}))
    sessions = facts.iscsi_sessions
    assert [(s.portal, s.disks) for s in sessions] == [
        ("10.3.2.2:3260,1", ["sde"]),
        ("10.3.1.1:3260,1", ["sdb"]),
        ("10.3.2.1:3260,1", ["sdc"]),
        ("10.3.1.2:3260,1", ["sdd"]),
    ]
    assert {s.target for s in sessions} == {"iqn.2024-12.tp2.b3:data-chunk2"}
    assert {s.session_state for s in sessions} == {"LOGGED_IN"}
    assert facts.sessions_without_disks == []
    # multipath -ll not collected: nothing is claimed about disks outside it.
    assert facts.iscsi_disks_outside_multipath == []
    assert facts.attributes() == {"storage.iscsi": True, "storage.iscsi_leftovers": False}


def test_a_session_without_disk_is_a_leftover(tmp_path):
    needs_sample("storage", "open-iscsi-175-iscsiadm_-m_session_-P_3-no-lun0")
    facts = build_storage(
        host(tmp_path, {ISCSI: ("storage", "open-iscsi-175-iscsiadm_-m_session_-P_3-no-lun0")})
    )
    assert facts.sessions_without_disks
    assert facts.attributes()["storage.iscsi_leftovers"] is True


def test_tailed_sessions_keep_their_disks_without_a_target_name(tmp_path):
    facts = build_storage(
        host(tmp_path, {ISCSI: ("storage", "orealyz-tp2-iscsiadm_-m_session_-P_3-tailed")})
    )
    assert [(s.target, s.disks) for s in facts.iscsi_sessions] == [
        (None, ["sdc"]),
        (None, ["sdd"]),
    ]
    assert facts.sessions_without_disks == []


# -- iscsi_disks_outside_multipath ----------------------------------------------------------


def test_iscsi_disks_on_a_host_without_multipath_maps_are_single_path_not_leftovers(tmp_path):
    # chunk2's sessions beside the corpus multipath -ll (multipathd running, no map).
    facts = build_storage(
        host(tmp_path, {ISCSI: CHUNK2_ISCSI, MULTIPATH: ("storage", "compute4-multipath_-ll")})
    )
    assert facts.iscsi_disks_outside_multipath == ["sdb", "sdc", "sdd", "sde"]
    assert facts.iscsi_leftovers is False
    assert facts.attributes()["storage.multipath"] is False


def test_iscsi_disks_no_map_claims_on_a_multipath_host_are_leftovers(tmp_path):
    # chunk2's sessions beside a real map of another SAN (insights-core RHEL 5 sample, a
    # DGC LUN on sdk/sdp/sdf/sdu): multipath is in use, yet no map holds the iSCSI disks.
    facts = build_storage(
        host(
            tmp_path,
            {
                ISCSI: CHUNK2_ISCSI,
                MULTIPATH: ("storage", "insights-multipath_-v4_-ll-rhel5-old-format"),
            },
        )
    )
    assert facts.iscsi_disks_outside_multipath == ["sdb", "sdc", "sdd", "sde"]
    assert facts.iscsi_leftovers is True
    assert facts.attributes()["storage.iscsi_leftovers"] is True


def test_json_shape(tmp_path):
    facts = build_storage(
        host(tmp_path, {MULTIPATH: ("storage", "orealyz-tp2-multipath_-ll-failed-faulty")})
    )
    data = facts.to_json()
    assert data["iscsi_sessions"] is None
    assert data["multipath_maps"][0]["failed_paths"] == 1
    assert data["multipath_maps"][0]["paths"][0] == {
        "device": "sdd",
        "hctl": "5:0:0:0",
        "dm_state": "failed",
        "path_state": "faulty",
        "online_state": "running",
        "failed": True,
    }


def test_a_container_without_device_mapper_is_a_state_not_an_unparsed_file(tmp_path):
    """LXD/Docker: multipath cannot open /dev/mapper/control. The host is not partial and
    its maps are unknown; the state is a fact the fleet can compare."""
    evidence = host(tmp_path, {MULTIPATH: ("storage", "container-libdevmapper-no-control")})
    facts = build_storage(evidence)
    assert evidence.notes == [], "not an unparsed file"
    assert facts.multipath_maps is None, "the maps are unknown, not absent"
    assert (
        facts.multipath_unavailable == "/dev/mapper/control: open failed: Operation not permitted"
    )
    assert facts.attributes() == {"storage.multipath.device_mapper_unreachable": True}
    assert facts.to_json()["multipath_unavailable"] == facts.multipath_unavailable
