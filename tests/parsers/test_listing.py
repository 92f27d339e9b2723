"""`ls -l` family listings: insights-core's nova instances listings and the corpus's own
`ls` outputs (libvirt, neutron lock, /var/log with -h, /dev with devices and symlinks)."""

from __future__ import annotations

import pytest
from realsamples import sample

from stacksleuth.parsers.base import ParseError
from stacksleuth.parsers.listing import parse_listing


def test_nova_instances_listing_gives_each_console_log_with_its_size():
    listing = parse_listing(sample("listing", "insights-ls_-laR_.var.lib.nova.instances"))
    (console,) = listing.files_named("console.log")
    assert console.path == (
        "/var/lib/nova/instances/e560e649-41fd-46a2-a3d2-5f4750ba2bb4/console.log"
    )
    assert (console.size, console.size_exact, console.owner) == (48957, True, "qemu")
    base = [e for e in listing.entries if e.directory.endswith("/_base") and e.is_file]
    assert [(e.name, e.size) for e in base] == [
        ("faf1184c098da91e90290a920b8fab1ee6e1d4c4", 41126400)
    ]
    assert listing.errors == []


def test_rhel7_selinux_listing_has_entries_but_no_sizes():
    listing = parse_listing(
        sample("listing", "insights-ls_-laRZ_.var.lib.nova.instances-rhel7-no-size")
    )
    (console,) = listing.files_named("console.log")
    assert console.size is None
    assert console.context == "system_u:object_r:nova_var_lib_t:s0"
    assert console.directory == "/var/lib/nova/instances/11415c6c-a2a5-45f0-a198-724246b96631"


def test_selinux_column_shown_as_question_mark_is_not_a_context():
    listing = parse_listing(sample("listing", "compute4-ls_-laZR_.var.lib.neutron.lock"))
    assert len(listing.entries) == 5
    assert all(e.context is None for e in listing.entries)
    assert listing.entries[-1].size == 0 and listing.entries[0].size == 4096


def test_human_sizes_are_bytes_marked_approximate():
    listing = parse_listing(sample("listing", "compute4-ls_-alRh_.var.log"))
    entry = next(e for e in listing.entries if e.name == "cloud-init.log")
    assert (entry.size, entry.size_exact) == (420 * 1024, False)
    btmp = next(e for e in listing.entries if e.name == "btmp")
    assert (btmp.size, btmp.size_exact) == (0, True)
    assert entry.directory == "/var/log/" and entry.path == "/var/log/cloud-init.log"


def test_devices_have_no_size_and_symlinks_their_target():
    listing = parse_listing(sample("listing", "compute4-ls_-lanR_.dev"))
    autofs = next(e for e in listing.entries if e.name == "autofs")
    assert (autofs.type, autofs.size) == ("c", None)
    core = next(e for e in listing.entries if e.name == "core")
    assert (core.type, core.target, core.owner) == ("l", "/proc/kcore", "0")


def test_tailed_listing_skips_its_partial_first_line():
    text = sample("listing", "compute4-ls_-alRh_.var.log-tailed")
    assert text.startswith("83 Feb 10 16:19 ovsdb-server.log")
    listing = parse_listing(text)
    assert listing.entries[0].name == "ovsdb-server.log.1.gz"
    # Without a header line the directory is unknown: the name is all the path there is.
    assert listing.entries[0].directory == "" and listing.entries[0].path == "ovsdb-server.log.1.gz"


def test_ls_errors_are_kept_and_foreign_text_refused():
    listing = parse_listing(sample("listing", "guide-ls-cannot-access-no-such-dir"))
    assert listing.entries == [] and len(listing.errors) == 1
    assert parse_listing("").entries == []
    with pytest.raises(ParseError):
        parse_listing(sample("system", "compute4-mount_-l"))
