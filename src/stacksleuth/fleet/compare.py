"""What the affected hosts share and the healthy ones do not: discriminating attributes.

Every host has a flat attribute map (`HostFacts.attributes()`: a value or a list of values
per attribute, never names or addresses). For each attribute=value we count the affected
and healthy hosts that have it and ask Fisher's exact test how surprising that split is if
the value had nothing to do with the problem (one-sided: more common among the affected).

Many values are tested at once, so a few look significant by chance; a value is reported
only when it survives the Benjamini-Hochberg false discovery rate. A value held by one
host only is never a candidate: it cannot be what a group shares.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

FALSE_DISCOVERY_RATE = 0.05


@dataclass(frozen=True, slots=True)
class Discriminator:
    attribute: str
    value: object
    affected_with: int
    affected_total: int
    healthy_with: int
    healthy_total: int
    p_value: float
    q_value: float

    @property
    def summary(self) -> str:
        counts = (
            f"{self.affected_with}/{self.affected_total} affected vs "
            f"{self.healthy_with}/{self.healthy_total} healthy"
        )
        return f"{counts}: {describe(self.attribute, self.value)}"

    def to_json(self) -> dict[str, object]:
        return {
            "attribute": self.attribute,
            "value": self.value,
            "affected_with": self.affected_with,
            "affected_total": self.affected_total,
            "healthy_with": self.healthy_with,
            "healthy_total": self.healthy_total,
            "p_value": self.p_value,
            "q_value": self.q_value,
            "summary": self.summary,
        }


# How an operator would say what a host has; attributes without a phrase print as `a = v`.
_PHRASES = {
    "card.mixed_drivers.model": "have a card split between drivers: {value}",
    "card.mixed_drivers": "have a NIC card whose functions use a kernel and a userspace driver",
    "card.function_without_interface.model": (
        "have a card with functions bound outside the kernel: {value}"
    ),
    "nic.model": "have a {value} NIC",
    "nic.driver": "have a NIC on the {value} driver",
    "nic.firmware": "run NIC firmware {value}",
    "kernel.release": "run kernel {value}",
    "os": "run {value}",
}


@dataclass(frozen=True)
class Peers:
    hosts: list[Mapping[str, object]]
    sentence: str


def comparable_healthy(
    affected: list[Mapping[str, object]], healthy: list[Mapping[str, object]]
) -> Peers:
    """The healthy hosts to compare with: those of the affected hosts' role when they all
    have one (computes against computes; a controller differs from a compute in a hundred
    ways that say nothing about the problem), else all of them."""
    roles = {str(attributes.get("role", "unknown")) for attributes in affected}
    if len(roles) == 1 and (role := roles.pop()) != "unknown":
        peers = [h for h in healthy if h.get("role") == role]
        if peers:
            return Peers(peers, f"the {len(peers)} healthy host(s) of role {role}")
    return Peers(list(healthy), f"all {len(healthy)} healthy host(s)")


# Among values that split the fleet equally well, the one that names the cause best first.
_PREFERRED = (
    "card.mixed_drivers.model",
    "card.mixed_drivers",
    "nic.firmware",
    "nic.driver_version",
    "nic.model",
)


def describe(attribute: str, value: object) -> str:
    phrase = _PHRASES.get(attribute)
    if phrase is None or (value is not True and "{value}" not in phrase):
        return f"{attribute} = {_text(value)}"
    return phrase.format(value=_text(value))


def discriminators(
    affected: Iterable[Mapping[str, object]], healthy: Iterable[Mapping[str, object]]
) -> list[Discriminator]:
    """Attribute values over-represented among the affected hosts, best first."""
    affected_sets = [_pairs(attributes) for attributes in affected]
    healthy_sets = [_pairs(attributes) for attributes in healthy]
    if not affected_sets or not healthy_sets:
        return []
    affected_counts = _count(affected_sets)
    healthy_counts = _count(healthy_sets)
    a_total, h_total = len(affected_sets), len(healthy_sets)
    tested = []
    for pair, a_with in affected_counts.items():
        h_with = healthy_counts.get(pair, 0)
        if a_with + h_with < 2:
            continue  # one host's own value: never what a group shares
        p_value = enrichment_p_value(a_with, a_total, h_with, h_total)
        tested.append((pair, a_with, h_with, p_value))
    q_values = _benjamini_hochberg([p for *_, p in tested])
    found = [
        Discriminator(
            attribute=pair[0],
            value=json.loads(pair[1]),
            affected_with=a_with,
            affected_total=a_total,
            healthy_with=h_with,
            healthy_total=h_total,
            p_value=p_value,
            q_value=q_value,
        )
        for (pair, a_with, h_with, p_value), q_value in zip(tested, q_values, strict=True)
        if q_value <= FALSE_DISCOVERY_RATE
    ]
    found.sort(key=_rank)
    return found


def enrichment_p_value(a_with: int, a_total: int, h_with: int, h_total: int) -> float:
    """One-sided Fisher's exact test: is the value more common among the affected?"""
    from scipy.stats import fisher_exact  # imported here: SciPy costs ~0.3 s to load

    table = [[a_with, a_total - a_with], [h_with, h_total - h_with]]
    return float(fisher_exact(table, alternative="greater").pvalue)


def _pairs(attributes: Mapping[str, object]) -> set[tuple[str, str]]:
    """(attribute, JSON of one value) for every value a host has."""
    pairs = set()
    for attribute, value in attributes.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.add((attribute, json.dumps(item, sort_keys=True)))
    return pairs


def _count(host_sets: list[set[tuple[str, str]]]) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for pairs in host_sets:
        for pair in pairs:
            counts[pair] = counts.get(pair, 0) + 1
    return counts


def _benjamini_hochberg(p_values: list[float]) -> list[float]:
    """Adjusted p-values (q-values) controlling the false discovery rate."""
    count = len(p_values)
    order = sorted(range(count), key=lambda i: p_values[i])
    q_values = [1.0] * count
    smallest = 1.0
    for rank in range(count, 0, -1):
        index = order[rank - 1]
        smallest = min(smallest, p_values[index] * count / rank)
        q_values[index] = smallest
    return q_values


def _rank(found: Discriminator) -> tuple:
    """Lowest p first; then the larger share of the affected, the fewer healthy hosts;
    then a named value (a card model) before a bare yes/no."""
    return (
        found.p_value,
        -found.affected_with,
        found.healthy_with,
        _PREFERRED.index(found.attribute) if found.attribute in _PREFERRED else len(_PREFERRED),
        isinstance(found.value, bool),
        found.attribute,
        _text(found.value),
    )


def _text(value: object) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)
