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
when given); with `join`, only lines whose named group is one of the values selected by
earlier conditions count.
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


def _compile_regex(pattern: str) -> str:
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

    @field_validator("patterns")
    @classmethod
    def _patterns_compile(cls, patterns: list[str]) -> list[str]:
        return [_compile_regex(p) for p in patterns]


class Condition(_Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    description: str = ""
    fact: str | None = None
    log: LogMatch | None = None
    join: Join | None = None

    _check_fact = field_validator("fact")(lambda v: v if v is None else _compile_jmespath(v))

    @model_validator(mode="after")
    def _one_kind(self) -> Condition:
        if (self.fact is None) == (self.log is None):
            raise ValueError("a condition has exactly one of `fact` or `log`")
        if self.join is not None and self.log is None:
            raise ValueError("`join` applies to log conditions only")
        if self.join is not None:
            groups = {g for p in self.log.patterns for g in re.compile(p).groupindex}
            if self.join.group not in groups:
                raise ValueError(
                    f"join group {self.join.group!r} is not a named group of the patterns"
                )
        return self


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
    """Lines to quote from a command output or file: those matching `grep` in `spec`."""

    spec: str
    grep: str
    label: str = ""

    _check_grep = field_validator("grep")(_compile_regex)


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
        if len(names) != len(set(names)):
            raise ValueError("condition names must be unique")
        return self
