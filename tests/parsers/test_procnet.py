"""/proc/interrupts from the corpus and softnet_stat from insights-core test data."""

from __future__ import annotations

import pytest
from realsamples import sample

from stacksleuth.parsers.base import ParseError
from stacksleuth.parsers.procnet import parse_interrupts, parse_softnet_stat


def test_virtio0_rx_queue_interrupts_land_almost_all_on_cpu0():
    ints = parse_interrupts(sample("system", "compute4-proc-interrupts"))
    assert ints.cpus == ["CPU0", "CPU1"]
    (rx,) = ints.by_device("virtio0-input")
    assert rx.irq == "25" and rx.counts == [24376036, 13487]
    assert (rx.chip, rx.hwirq_type) == ("PCI-MSI", "49153-edge")
    assert rx.total == 24389523


def test_shared_legacy_irq_lists_every_device():
    ints = parse_interrupts(sample("system", "compute4-proc-interrupts"))
    irq10 = next(row for row in ints.lines if row.irq == "10")
    assert irq10.devices == ["virtio10", "ehci_hcd:usb1", "uhci_hcd:usb2"]
    assert irq10.hwirq_type == "10-fasteoi"


def test_named_rows_and_single_count_err_mis():
    ints = parse_interrupts(sample("system", "compute4-proc-interrupts"))
    rows = {row.irq: row for row in ints.lines}
    assert rows["LOC"].counts == [191371268, 187266423]
    assert rows["LOC"].description == "Local timer interrupts"
    assert rows["ERR"].counts == [0] and rows["MIS"].counts == [0]
    assert rows["PIW"].description == "Posted-interrupt wakeup event"


def test_tailed_interrupts_drop_the_partial_loc_line():
    ints = parse_interrupts(sample("system", "compute4-proc-interrupts-tailed"))
    assert ints.cpus == []
    assert ints.lines[0].irq == "SPU"
    assert "C" not in [row.irq for row in ints.lines]
    assert next(r for r in ints.lines if r.irq == "RES").counts == [58809413, 64524942]


def test_older_kernel_joins_chip_and_trigger():
    ints = parse_interrupts(sample("system", "insights-interrupts-single-cpu-old-chip-type"))
    timer = ints.lines[0]
    assert (timer.irq, timer.counts, timer.chip) == ("0", [45], "IO-APIC-edge")
    assert timer.hwirq_type is None and timer.devices == ["timer"]
    assert ints.lines[-3].description == "Hypervisor callback interrupts"


def test_softnet_new_kernel_drops_backlog_and_cpu_index():
    stats = parse_softnet_stat(sample("system", "insights-softnet_stat-rhel9-13cols"))
    assert len(stats) == 5
    assert [s.dropped for s in stats] == [25219, 1094, 19399, 32302, 187284]
    assert stats[1].time_squeeze == 177 and stats[1].backlog_len == 220
    assert stats[3].index == 3 and stats[4].index == 0


def test_softnet_older_layouts():
    rhel7 = parse_softnet_stat(sample("system", "insights-softnet_stat-rhel7-10cols"))
    assert [s.cpu_collision for s in rhel7] == [117, 196, 73, 33]
    assert rhel7[0].received_rps == 5 and rhel7[0].flow_limit_count is None
    (rhel5,) = parse_softnet_stat(sample("system", "insights-softnet_stat-rhel5-9cols"))
    assert rhel5.processed == 1842008611 and rhel5.received_rps is None


def test_empty_and_foreign_text():
    assert parse_interrupts("").lines == []
    assert parse_softnet_stat("") == []
    with pytest.raises(ParseError):
        parse_softnet_stat(sample("system", "compute4-numactl_--hardware"))
    with pytest.raises(ParseError):
        parse_interrupts(sample("system", "compute4-mount_-l"))
