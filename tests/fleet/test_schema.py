"""`--format json` output obeys the documented JSON Schema (src/stacksleuth/schema/)."""

from __future__ import annotations

import json
from importlib.resources import files

import jsonschema
from fleettrees import build_fleet, fixture
from hosttrees import run_cli

SCHEMA = json.loads(
    files("stacksleuth").joinpath("schema/analysis-v1.schema.json").read_text(encoding="utf-8")
)


def test_the_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_fleet_output_validates_and_stdout_holds_only_json(tmp_path):
    build_fleet(
        tmp_path / "fleet",
        [
            ("compute-1", fixture("nic-mixed-driver-tx-hang", "positive")),
            ("compute-2", fixture("nic-mixed-driver-tx-hang", "positive")),
            ("compute-3", fixture("nic-mixed-driver-tx-hang", "negative")),
            ("compute-4", fixture("vhost-net-disabled", "negative")),
            ("compute-5", fixture("multipath-path-failures", "positive")),
        ],
    )
    result = run_cli(
        "analyze",
        str(tmp_path / "fleet"),
        "--symptom",
        "NETDEV WATCHDOG",
        "--format",
        "json",
        "--cache-dir",
        str(tmp_path / "cache"),
    )
    document = json.loads(result.stdout)  # fails if anything else is on stdout
    jsonschema.validate(document, SCHEMA)
    assert document["fleet"]["affected_method"] == "symptom"
    assert document["findings"] and document["fleet"]["hypotheses"]


def test_the_schema_rejects_a_renamed_field():
    document = {"schema": "stacksleuth/analysis/v1", "hosts": [], "findings": [], "notes": []}
    document["fleet"] = {"affected": [], "healthy": [], "discriminator": []}
    try:
        jsonschema.validate(document, SCHEMA)
    except jsonschema.ValidationError as error:
        assert "discriminators" in error.message
    else:
        raise AssertionError("a fleet without `discriminators` must not validate")
