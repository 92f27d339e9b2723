"""iscsiadm -m session -P 3 from the corpus compute and a public iSCSI multipath lab."""

from __future__ import annotations

import pytest
from realsamples import sample

from stacksleuth.parsers.base import ParseError
from stacksleuth.parsers.iscsi import parse_iscsiadm_session


def test_corpus_compute_has_no_iscsi_sessions():
    result = parse_iscsiadm_session(sample("storage", "compute4-iscsiadm_-m_session_-P_3"))
    assert result.no_active_sessions is True
    assert result.sessions == []
    assert result.messages == []


def test_one_target_logged_in_through_four_portals():
    result = parse_iscsiadm_session(sample("storage", "orealyz-tp2-iscsiadm_-m_session_-P_3"))
    assert result.transport_class_version == "2.0-870"
    assert result.version == "6.2.1.9"
    assert result.no_active_sessions is False
    sessions = result.sessions
    assert {s.target for s in sessions} == {"iqn.2024-12.tp2.b3:data-chunk2"}
    assert [(s.current_portal, s.sid) for s in sessions] == [
        ("10.3.2.2:3260,1", 10),
        ("10.3.1.1:3260,1", 5),
        ("10.3.2.1:3260,1", 6),
        ("10.3.1.2:3260,1", 9),
    ]


def test_each_session_states_iface_and_timeouts():
    first = parse_iscsiadm_session(sample("storage", "orealyz-tp2-iscsiadm_-m_session_-P_3"))
    session = first.sessions[0]
    assert session.persistent_portal == "10.3.2.2:3260,1"
    assert (session.iface_name, session.iface_transport) == ("default", "tcp")
    assert session.iface_initiatorname == "iqn.2024-12.tp2.b3:data-chunk2:chunk1-initiator"
    assert session.iface_ipaddress == "10.3.2.102"
    assert session.iface_netdev == "default"
    assert session.connection_state == "LOGGED IN"
    assert session.session_state == "LOGGED_IN"
    assert session.internal_state == "NO CHANGE"
    assert session.recovery_timeout == 5


def test_attached_disks_map_scsi_hosts_to_sd_devices():
    result = parse_iscsiadm_session(sample("storage", "orealyz-tp2-iscsiadm_-m_session_-P_3"))
    assert [(s.host_number, s.host_state, s.disks) for s in result.sessions] == [
        (6, "running", ["sde"]),
        (7, "running", ["sdb"]),
        (8, "running", ["sdc"]),
        (5, "running", ["sdd"]),
    ]
    lun = result.sessions[3].luns[0]
    assert (lun.host, lun.channel, lun.target_id, lun.lun) == (5, 0, 0, 0)
    assert (lun.device, lun.state) == ("sdd", "running")


def test_tailed_output_keeps_whole_sessions_without_their_target_line():
    result = parse_iscsiadm_session(
        sample("storage", "orealyz-tp2-iscsiadm_-m_session_-P_3-tailed")
    )
    # The cut landed inside SID 5; its remaining keys have no "Current Portal" to go to.
    assert [(s.sid, s.target, s.disks) for s in result.sessions] == [
        (6, None, ["sdc"]),
        (9, None, ["sdd"]),
    ]
    assert result.version is None


def test_empty_text_gives_no_sessions():
    result = parse_iscsiadm_session("")
    assert result.sessions == []
    assert result.no_active_sessions is False


def test_multipath_output_is_not_iscsiadm():
    with pytest.raises(ParseError):
        parse_iscsiadm_session(sample("storage", "orealyz-tp2-multipath_-ll-failed-faulty"))
