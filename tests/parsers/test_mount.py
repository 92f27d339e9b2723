"""mount -l from the corpus and an NFSv4 line from a public lab guide."""

from __future__ import annotations

from realsamples import sample

from stacksleuth.parsers.mount import mount_for_path, parse_mount


def test_corpus_root_fs_has_its_label():
    mounts = parse_mount(sample("system", "compute4-mount_-l"))
    assert len(mounts) == 54
    root = next(m for m in mounts if m.mountpoint == "/")
    assert (root.device, root.fstype, root.label) == ("/dev/vda2", "ext4", "root")
    assert root.options == ["rw", "relatime"]


def test_nova_instances_on_the_corpus_compute_are_on_local_encrypted_xfs():
    mounts = parse_mount(sample("system", "compute4-mount_-l"))
    entry = mount_for_path(
        mounts, "/var/lib/nova/instances/d1d75e2f-ada4-49bc-a963-528d89dfda25/disk"
    )
    assert entry.mountpoint == "/var/lib/nova/instances"
    assert entry.fstype == "xfs" and not entry.is_network_fs
    assert entry.device.startswith("/dev/mapper/crypt-88244ad9")
    assert mount_for_path(mounts, "/var/lib/nova/instancesX").mountpoint == "/"


def test_nfs4_mount_is_a_network_filesystem_with_its_version():
    (entry,) = parse_mount(sample("system", "kubevirt-lab-mount-nfs4"))
    assert entry.device == "192.168.123.100:/nfs/pv1"
    assert entry.fstype == "nfs4" and entry.is_network_fs
    assert entry.option("vers") == "4.2" and entry.option("hard") == ""
    assert entry.label is None


def test_empty_text():
    assert parse_mount("") == []
    assert mount_for_path([], "/") is None
