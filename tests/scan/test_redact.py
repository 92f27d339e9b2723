"""Secrets in quoted lines are masked; the rest of the line stays as the host printed it.

Lines are real (tests/samples/virt and tests/samples/openstack, see SOURCES.md there).
"""

from __future__ import annotations

import time

import pytest
from realsamples import sample

from stacksleuth.scan.engine import LogHit
from stacksleuth.scan.quotes import MAX_QUOTE_CHARS, quoted_text
from stacksleuth.scan.redact import MASK, mask_secrets

RBD_KEY = "AQDgMEFY27UcERAAX4p8GvgdTytz0i/aoMK7JA=="
QEMU_SECRET = "4O2/o/xxx="
CREDENTIALS = sample("openstack", "credentials-in-config-and-debug-lines").splitlines()


def test_rbd_keys_in_a_qemu_drive_are_masked_and_the_drive_still_reads():
    line = sample("virt", "cheatsheet-ps_ef-qemu-rbd-key").strip()
    masked = mask_secrets(line)
    assert RBD_KEY not in masked
    assert masked.count(f"id=volumes:key={MASK}:auth_supported=cephx") == 2
    assert "-netdev tap,ifname=tapa42f54ba-91,script=,id=hostnet0,vhost=on" in masked


def test_a_qemu_secret_object_loses_its_data_only():
    line = sample("virt", "glpi-agent-qemu-cmdline-rbd-secret").strip()
    masked = mask_secrets(line)
    assert QEMU_SECRET not in masked
    assert f"secret,id=virtio-disk0-secret0,data={MASK},keyid=masterKey0" in masked
    # the master key object names a file, not a secret: kept
    assert "-object secret,id=masterKey0,format=raw,file=/var/lib/libvirt/qemu/" in masked


@pytest.mark.parametrize(
    ("line", "shown", "hidden"),
    [
        (CREDENTIALS[0], f"transport_url = rabbit://openstack:{MASK}@controller", "RABBIT_PASS"),
        (CREDENTIALS[1], f"mysql+pymysql://nova:{MASK}@controller/nova", "NOVA_DBPASS"),
        (CREDENTIALS[2], f"password = {MASK}", "NOVA_PASS"),
        (CREDENTIALS[3], f'-H "X-Auth-Token: {MASK}"', "gAAAAABa3to"),
    ],
)
def test_oslo_urls_passwords_and_tokens_are_masked(line, shown, hidden):
    masked = mask_secrets(line)
    assert shown in masked
    assert hidden not in masked


def test_every_broker_of_a_transport_url_is_masked():
    # The same install-guide line with the three brokers of an HA deployment.
    line = CREDENTIALS[0].replace("@controller", "@c1:5672,openstack:RABBIT_PASS@c2:5672")
    assert mask_secrets(line).endswith(f"openstack:{MASK}@c1:5672,openstack:{MASK}@c2:5672")


def test_the_corpus_compute_leaks_only_its_qemu_secret_object():
    # compute4's real ps: one qemu with an rbd disk whose cephx secret is passed inline.
    lines = sample("virt", "compute4-ps_auxwwwm").splitlines()
    changed = [(line, mask_secrets(line)) for line in lines if mask_secrets(line) != line]
    assert len(changed) == 1
    line, masked = changed[0]
    assert "data=XAPibndN" in line and "data=XAPibndN" not in masked
    assert f"storage-secret0,data={MASK},keyid=masterKey0" in masked
    assert '"key-secret":"libvirt-1-storage-secret0"' in masked  # a reference, kept
    assert len(masked) < len(line)


@pytest.mark.parametrize(
    "hostile",
    ["a-" * 500_000, "token" * 200_000, ",a:b" * 250_000, "a=b " * 250_000, "key" + " " * 10**6],
)
def test_masking_is_linear_in_the_line(hostile):
    # A quadratic pattern takes minutes on a 1 MB line; linear ones well under a second.
    start = time.perf_counter()
    mask_secrets(hostile)
    assert time.perf_counter() - start < 3


def test_a_quoted_line_is_capped_and_says_how_much_was_cut():
    line = sample("virt", "cheatsheet-ps_ef-qemu-rbd-key").strip() * 20_000  # ~50 MB
    start = time.perf_counter()
    text = quoted_text(line)
    assert time.perf_counter() - start < 1
    assert text.startswith(mask_secrets(line[:MAX_QUOTE_CHARS]))
    assert text.endswith(f" [... {len(line) - MAX_QUOTE_CHARS:,} more characters cut]")
    assert RBD_KEY not in text
    assert quoted_text("short") == "short"


def test_log_hits_are_quoted_through_the_same_mask():
    # A log line is quoted by its hit's JSON, the only way its text reaches a report.
    hit = LogHit("var/log/nova/nova-api.log", 7, CREDENTIALS[3], {})
    assert "gAAAAABa3to" not in hit.to_json()["text"]
    assert hit.text == CREDENTIALS[3]  # the checks still see the line as written
