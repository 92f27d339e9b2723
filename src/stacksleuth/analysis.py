"""The `analyze` job: every host read, its facts built and its checks run, once; then the
fleet view (the affected set, what it shares, which hypotheses explain it).

Hosts are analysed in worker processes (`jobs`). Each worker returns a small summary: the
host's attributes and findings, and its facts as compressed JSON, so the parent holds a
few kilobytes per host however large the evidence, and a fleet of hundreds of hosts
needs little more memory than the few being read.

The result, `Analysis`, is the only contract between the engine and the renderers
(DESIGN's `stacksleuth/analysis/v1`).
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from stacksleuth.checks.applicability import CheckStatus, check_statuses
from stacksleuth.checks.engine import findings_of, scan_host
from stacksleuth.checks.loader import load_checks
from stacksleuth.checks.model import LOG_SOURCES, Check, Severity
from stacksleuth.checks.results import LogScan
from stacksleuth.errors import UsageError
from stacksleuth.facts.build import build_host_facts
from stacksleuth.facts.model import HostFacts
from stacksleuth.fleet.affected import AffectedRequest, AffectedSet, HostNames, choose_affected
from stacksleuth.fleet.compare import Discriminator, comparable_healthy, discriminators
from stacksleuth.fleet.hypotheses import rank_hypotheses
from stacksleuth.fleet.symptom import SymptomScan, compile_symptom
from stacksleuth.fleet.timeline import MAX_EVENTS, timeline
from stacksleuth.hostinfo import HostJob, host_jobs

SCHEMA = "stacksleuth/analysis/v1"


@dataclass
class HostResult:
    """What the fleet needs of one host once it is analysed."""

    name: str
    fqdn: str
    partial: bool
    attributes: dict[str, object]
    findings: list[dict[str, object]]
    symptom: SymptomScan | None
    packed: bytes  # the host's JSON (DESIGN `hosts[]`), zlib-compressed
    original: str = ""  # the name before `rename` told two reports of one host apart
    unreadable: str = ""  # why the host gave no usable evidence; "" when it did

    @property
    def serious(self) -> bool:
        return any(Severity(f["severity"]).rank <= Severity.HIGH.rank for f in self.findings)

    def to_json(self) -> dict[str, object]:
        host = json.loads(zlib.decompress(self.packed))
        if self.symptom is not None:
            host["symptom"] = self.symptom.to_json()
        return host

    def rename(self, name: str) -> None:
        host = json.loads(zlib.decompress(self.packed))
        host["name"] = name
        self.packed = _pack(host)
        self.original = self.original or self.name
        self.name = name
        for finding in self.findings:
            finding["host"] = name


@dataclass
class Analysis:
    hosts: list[HostResult] = field(default_factory=list)
    findings: list[dict[str, object]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    incomplete: bool = False  # something of the run itself failed (a check did not load)
    affected: AffectedSet | None = None
    discriminators: list[Discriminator] = field(default_factory=list)
    hypotheses: list[dict[str, object]] = field(default_factory=list)
    timeline: list[dict[str, object]] = field(default_factory=list)

    @property
    def partial(self) -> bool:
        return self.incomplete or any(host.partial for host in self.hosts)

    def to_json(self) -> dict[str, object]:
        fleet: dict[str, object] = self.affected.to_json() if self.affected else {}
        fleet["discriminators"] = [d.to_json() for d in self.discriminators]
        fleet["hypotheses"] = self.hypotheses
        fleet["timeline"] = self.timeline
        return {
            "schema": SCHEMA,
            "hosts": [host.to_json() for host in self.hosts],
            "findings": self.findings,
            "fleet": fleet,
            "notes": self.notes,
        }


def analyze(
    paths: list[Path],
    *,
    checks_dirs: list[Path] | None = None,
    request: AffectedRequest | None = None,
    jobs: int | None = None,
    progress=None,
    **read_options,
) -> Analysis:
    """Facts and findings of every host, then the fleet comparison.

    `read_options` as for `hostinfo.host_jobs`; `request` says how the operator defines
    the affected set; `jobs` worker processes (default: the machine's cores).
    Raises UsageError, before reading any host, when the request cannot work.
    """
    request = (request or AffectedRequest()).read()
    symptom = compile_symptom(request.symptom) if request.symptom else None
    loaded = load_checks(checks_dirs)
    if loaded.errors and checks_dirs:
        raise UsageError("; ".join(str(e) for e in loaded.errors))
    host_list = host_jobs(paths, **read_options)
    analysis = Analysis(
        notes=[f"check not loaded: {e}" for e in loaded.errors], incomplete=bool(loaded.errors)
    )
    analysis.hosts = _analyse_all(host_list, loaded.checks, symptom, jobs, progress)
    analysis.notes.extend(_unique_names(analysis.hosts))
    _compare(analysis, request)
    return analysis


def analyse_host(job: HostJob, checks: list[Check], symptom: str | None) -> HostResult:
    """One host: facts, findings and the symptom scan, summarised for the fleet."""
    evidence = job.open()
    facts = build_host_facts(evidence)
    extra = {source: {symptom} for source in LOG_SOURCES} if symptom else None
    scan = scan_host(checks, evidence, facts, extra)
    host = facts.to_json()  # built once: the checks' document and the host's summary
    findings = [f.to_json() for f in findings_of(checks, evidence, facts, scan, host)]
    host["checks"] = [status.to_json() for status in _statuses(checks, facts, scan, findings)]
    seen = SymptomScan.of(scan, symptom, LOG_SOURCES) if symptom else None
    facts.notes = list(evidence.notes)  # the scans may have noted damaged logs
    host["notes"] = [note.to_json() for note in facts.notes]
    host["partial"] = facts.partial
    return HostResult(
        name=facts.name,
        fqdn=facts.identity.fqdn,
        partial=facts.partial,
        attributes=host["attributes"],  # type: ignore[arg-type]
        findings=findings,
        symptom=seen,
        packed=_pack(host),
        unreadable=facts.unreadable,
    )


def _statuses(
    checks: list[Check], facts: HostFacts, scan: LogScan, findings: list[dict[str, object]]
) -> list[CheckStatus]:
    found = {row.spec for row in facts.coverage if row.files}
    fired = {str(f["check"]) for f in findings}
    return check_statuses(checks, facts.identity.roles, found, scan, fired)


def _pack(host: dict[str, object]) -> bytes:
    return zlib.compress(json.dumps(host, separators=(",", ":")).encode(), 6)


def _analyse_all(
    host_list: list[HostJob],
    checks: list[Check],
    symptom: str | None,
    jobs: int | None,
    progress,
) -> list[HostResult]:
    workers = max(1, min(jobs or len(os.sched_getaffinity(0)), len(host_list)))
    results: list[HostResult | None] = [None] * len(host_list)
    with _progress_bar(progress, len(host_list)) as advance:
        if workers == 1:
            for index, job in enumerate(host_list):
                results[index] = analyse_host(job, checks, symptom)
                advance(job.label)
        else:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                futures = {
                    pool.submit(analyse_host, job, checks, symptom): index
                    for index, job in enumerate(host_list)
                }
                for future in as_completed(futures):
                    index = futures[future]
                    results[index] = future.result()
                    advance(host_list[index].label)
    return [result for result in results if result is not None]


def _unique_names(hosts: list[HostResult]) -> list[str]:
    """Give a host seen twice (two reports of one machine) a name of its own, and say so:
    the fleet counts hosts by name."""
    notes = []
    seen: dict[str, int] = {}
    for host in hosts:
        count = seen[host.name] = seen.get(host.name, 0) + 1
        if count == 1:
            continue
        unique = f"{host.name}#{count}"
        source = host.to_json()["source"]
        notes.append(f"{host.name} was read more than once; {source} is called {unique}")
        host.rename(unique)
    return notes


class _progress_bar:  # noqa: N801 - used as a context manager, reads like one
    """A progress bar on the operator's stderr console, or nothing."""

    def __init__(self, console, total: int) -> None:
        self._console = console
        self._total = total
        self._bar = None

    def __enter__(self) -> Callable[[str], None]:
        if self._console is None:
            return lambda _label: None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._bar = Progress(
            TextColumn("analysing hosts"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            console=self._console,
            transient=True,
        )
        self._bar.start()
        task = self._bar.add_task("", total=self._total)
        from stacksleuth.report.safe_text import markup

        # A label is a customer's file or host name: escaped, never markup or controls.
        return lambda label: self._bar.update(task, advance=1, description=markup(label))

    def __exit__(self, *_exc) -> None:
        if self._bar is not None:
            self._bar.stop()


def _compare(analysis: Analysis, request: AffectedRequest) -> None:
    # A host without usable evidence is neither affected nor healthy: listed apart.
    hosts = [h for h in analysis.hosts if not h.unreadable]
    for host in hosts:
        analysis.findings.extend(host.findings)
    analysis.findings.sort(
        key=lambda f: (Severity(f["severity"]).rank, str(f["check"]), str(f["host"]))
    )
    names = [HostNames(h.name, h.fqdn, h.original) for h in hosts]
    symptom_hosts = {h.name for h in hosts if h.symptom is not None and h.symptom.count}
    serious = {h.name for h in hosts if h.serious}
    chosen = choose_affected(request, names, symptom_hosts, serious)
    chosen.unreadable = [h.name for h in analysis.hosts if h.unreadable]
    analysis.affected = chosen
    by_name = {h.name: h for h in hosts}
    peers = comparable_healthy(
        [by_name[name].attributes for name in chosen.affected],
        [by_name[name].attributes for name in chosen.healthy],
    )
    chosen.compared_with = peers.sentence
    analysis.discriminators = discriminators(
        [by_name[name].attributes for name in chosen.affected], peers.hosts
    )
    analysis.hypotheses = rank_hypotheses(analysis.findings, chosen.affected)
    analysis.timeline = timeline(analysis.findings)
    if len(analysis.timeline) == MAX_EVENTS:
        analysis.notes.append(f"the timeline shows the newest {MAX_EVENTS} timed evidence lines")
