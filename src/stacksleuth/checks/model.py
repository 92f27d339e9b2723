"""The check format: one YAML file per known issue, validated here at load time.

Sigma-like, so a support engineer can review a check without reading Python:

    id: nic-mixed-driver-tx-hang
    title: ...
    category: network
    severity: critical
    symptoms: [Slow access to block devices on some VMs]
    conditions:                       # all must hold
      - name: split_cards
        fact: "network.cards[?mixed_drivers]"        # JMESPath over the host's facts JSON
      - name: tx_hang
        log:
          source: kernel
          patterns: ['NETDEV WATCHDOG: (?P<iface>\\S+) \\(\\S+\\): transmit queue \\d+ timed out']
        join: {group: iface, values: "split_cards[].functions[].names[]"}
    predictions: [...]
    evidence: [...]
    explanation / workaround / fix / references / falsepositives

A fact condition holds when its JMESPath result is truthy (a non-empty list, true, a
non-zero number); the result is kept under the condition's name for later joins. A log
condition holds when at least `min_count` lines of its source match (within `window`
when given; per value of a named group with `group_by`); with `join`, only lines whose
named group is one of the values selected by earlier conditions count. A condition with
`any_of` holds when one of its alternatives (fact or log conditions) does. A check with
`implementation: python` is decided by the function registered under its id
(`checks/python/`); its conditions then only declare the log patterns to scan for.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Literal

import jmespath
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# Which log specs a source reads, in order of preference: the first one the host has
# is used, so one kernel message is not counted three times from kern.log, the journal
# and dmesg.
LOG_SOURCES: dict[str, tuple[str, ...]] = {
    "kernel": ("kern.log", "journal", "dmesg"),
    "syslog": ("syslog", "journal"),
    "nova-compute": ("nova-compute.log",),
    "nova-api": ("nova-api.log",),
    "neutron-openvswitch-agent": ("neutron-openvswitch-agent.log",),
    "openvswitch": ("ovs-vswitchd.log",),
    "dnsmasq": ("dnsmasq.log", "syslog"),
}

# Regex features RE2 and Hyperscan lack: the fast multi-pattern engine must serve every
# pattern, so they are refused at load time.
_NON_RE2 = re.compile(r"\(\?[=!<]|\(\?<[=!]|\\[1-9]|\(\?P=")


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _compile_jmespath(expression: str) -> str:
    try:
        jmespath.compile(expression)
    except jmespath.exceptions.JMESPathError as exc:
        raise ValueError(f"not a valid JMESPath expression: {exc}") from None
    return expression


def validate_pattern(pattern: str) -> str:
    if _NON_RE2.search(pattern):
        raise ValueError(
            f"{pattern!r} uses lookaround or backreferences, which the scan engine cannot run"
        )
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression {pattern!r}: {exc}") from None
    return pattern


class Join(_Strict):
    """Log lines count only when their named `group` is among the `values` selected by
    earlier conditions (a JMESPath over {condition name: result})."""

    group: str
    values: str

    _check_values = field_validator("values")(_compile_jmespath)


class LogMatch(_Strict):
    source: Literal[
        "kernel",
        "syslog",
        "nova-compute",
        "nova-api",
        "neutron-openvswitch-agent",
        "openvswitch",
        "dnsmasq",
    ]
    patterns: list[str] = Field(min_length=1)
    min_count: int = Field(default=1, ge=1)
    window_seconds: int | None = Field(default=None, ge=1)
    # Count per value of this named group (per interface, per MAC): the condition holds
    # when one value alone reaches min_count (within the window).
    group_by: str | None = None

    @field_validator("patterns")
    @classmethod
    def _patterns_compile(cls, patterns: list[str]) -> list[str]:
        return [validate_pattern(p) for p in patterns]

    @property
    def groups(self) -> set[str]:
        """The named groups of the patterns."""
        return {g for p in self.patterns for g in re.compile(p).groupindex}

    @model_validator(mode="after")
    def _group_by_is_a_group(self) -> LogMatch:
        if self.group_by is not None and self.group_by not in self.groups:
            raise ValueError(f"group_by {self.group_by!r} is not a named group of the patterns")
        return self


class Condition(_Strict):
    """A fact (JMESPath), a log match, or `any_of` alternatives (each a fact or a log
    condition with its own name; the condition holds when one of them does)."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    description: str = ""
    fact: str | None = None
    log: LogMatch | None = None
    join: Join | None = None
    any_of: list[Condition] | None = Field(default=None, min_length=2)

    _check_fact = field_validator("fact")(lambda v: v if v is None else _compile_jmespath(v))

    @model_validator(mode="after")
    def _one_kind(self) -> Condition:
        kinds = [k for k in (self.fact, self.log, self.any_of) if k is not None]
        if len(kinds) != 1:
            raise ValueError("a condition has exactly one of `fact`, `log` or `any_of`")
        if self.join is not None and self.log is None:
            raise ValueError("`join` applies to log conditions only")
        if self.join is not None and self.join.group not in self.log.groups:
            raise ValueError(f"join group {self.join.group!r} is not a named group of the patterns")
        if self.any_of is not None and any(alt.any_of is not None for alt in self.any_of):
            raise ValueError("`any_of` alternatives are fact or log conditions, not `any_of`")
        return self

    @property
    def parts(self) -> list[Condition]:
        """This condition, or its alternatives: what the engine evaluates and scans for."""
        return self.any_of if self.any_of is not None else [self]


class Prediction(_Strict):
    """A further observation the diagnosis implies. Met / not met from `fact` or `log`;
    not observable when neither is given or the evidence it needs is absent, in which
    case `next_test` tells the operator what to run."""

    text: str
    fact: str | None = None
    log: LogMatch | None = None
    requires: list[str] = Field(default_factory=list)
    next_test: str = ""

    _check_fact = field_validator("fact")(lambda v: v if v is None else _compile_jmespath(v))


class EvidenceQuote(_Strict):
    """Lines to quote from a command output or file: those matching `grep` in `spec`;
    those also matching `proof` show what the conditions saw (a short report quotes them
    before the context lines around them)."""

    spec: str
    grep: str
    label: str = ""
    proof: str = ""

    _check_grep = field_validator("grep")(validate_pattern)
    _check_proof = field_validator("proof")(validate_pattern)


class AppliesTo(_Strict):
    roles: list[str] = Field(default_factory=list)


class Check(_Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str
    category: Literal["network", "storage", "virtualisation", "openstack", "system"]
    severity: Severity
    status: Literal["stable", "test", "experimental"] = "stable"
    description: str = ""
    symptoms: list[str] = Field(min_length=1)
    applies_to: AppliesTo = Field(default_factory=AppliesTo)
    implementation: Literal["yaml", "python"] = "yaml"
    conditions: list[Condition] = Field(default_factory=list)
    predictions: list[Prediction] = Field(default_factory=list)
    evidence: list[EvidenceQuote] = Field(default_factory=list)
    explanation: str
    workaround: str
    fix: str
    references: list[str] = Field(default_factory=list)
    falsepositives: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _conditions(self) -> Check:
        if self.implementation == "yaml" and not self.conditions:
            raise ValueError("a YAML check needs at least one condition")
        names = [c.name for c in self.conditions]
        names += [alt.name for c in self.conditions if c.any_of for alt in c.any_of]
        if len(names) != len(set(names)):
            raise ValueError("condition names must be unique")
        return self
