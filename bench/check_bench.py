"""Time a full `ansvar check` and compare it with pure pyshacl, measured in the same run.

    python bench/check_bench.py                     # shipped data, then a synthetic national graph
    python bench/check_bench.py --years 15 --baseline-timeout 600

Two data sets:

1. the shipped data (ontology, data/, shapes/), as `ansvar check` loads it;
2. a synthetic national-scale graph in the real shape of the data: the real
   reference data (21 counties, 290 municipalities, agencies, statutes and the
   statutory duties) plus, for each of the 290 municipalities and each of
   `--years` years, a local agreement with five party records, three areas of
   cooperation, ten responsibilities, a local group with five memberships and a
   goal, each with its source, quote and period, and agreements replacing each
   other year by year. The entailments the checks rely on (superclass types,
   inverse links, ans:hasParty) are written by the generator, since owlrl would
   take hours on a million triples.

For each, two engines run every shape in shapes/ as of a date:

- store (what `ansvar check` does): the SHACL Core shapes compiled to SPARQL
  (shacl_core.py) and the SHACL-SPARQL gap rules, both on the pyoxigraph store,
  one query per constraint for all focus nodes;
- pyshacl: everything in pyshacl, the SPARQL rules once per focus node on
  rdflib's engine (the baseline). On the large graph it runs in a subprocess
  that is stopped after --baseline-timeout seconds; the ratio is then a lower bound
  (0: not run).

The core shapes alone are also timed both ways (compiled on the store, and in
pyshacl as `ansvar check` ran them before), with the ratio and the finding counts.

Timings are wall-clock on this machine (noisy): read the ratios, not the seconds.
Data preparation (parsing, inference, loading the store) is timed separately.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import queue
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "service"))

from ansvar.checks import CheckData, run_checks  # noqa: E402
from ansvar.checks.engine_pyshacl import pyshacl_findings  # noqa: E402
from ansvar.checks.engine_store import compiled_core_findings  # noqa: E402
from rdflib import Graph, URIRef  # noqa: E402
from rdflib.namespace import RDF, RDFS  # noqa: E402

ANS = "https://w3id.org/ansvar/def#"
ID = "https://w3id.org/ansvar/id/"
C = "https://w3id.org/ansvar/concept/"
GRAPH = "https://w3id.org/ansvar/graph/"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
TYPE = str(RDF.type)

TASKS = [
    "work",
    "housing",
    "language",
    "health",
    "school",
    "sfi",
    "civic-orientation",
    "settlement",
    "establishment-measures",
    "social-cohesion",
    "follow-up",
    "information",
]
DUTIES = ["provides", "coordinates", "plans", "informs", "follows-up", "supports", "funds", "decides"]


def timed(fn, repeat: int = 1):
    runs = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - start)
    return result, min(runs), statistics.median(runs)


def fresh(data: CheckData) -> CheckData:
    """The same graph and store without cached results, so each run does the full work."""
    return CheckData(data.store, data.shapes, data.graph, data.file_of_subject)


# --------------------------------------------------------------------------------------
# The synthetic graph
# --------------------------------------------------------------------------------------


def _iri(value: str) -> str:
    return f"<{value}>"


def _lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    if lang:
        return f'"{escaped}"@{lang}'
    if datatype:
        return f'"{escaped}"^^<{datatype}>'
    return f'"{escaped}"'


class Writer:
    def __init__(self, graph: str, superclasses: dict[str, list[str]]):
        self.graph = f"<{graph}>"
        self.lines: list[str] = []
        self.superclasses = superclasses

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"<{s}> <{p}> {o} {self.graph} .\n")

    def typed(self, s: str, cls: str) -> None:
        for c in self.superclasses.get(cls, [cls]):
            self.add(s, TYPE, _iri(c))

    def fact(self, s: str, cls: str, label: str, source: str, quote: str, start: str, end: str) -> None:
        self.typed(s, cls)
        self.add(s, SKOS + "prefLabel", _lit(label, "sv"))
        self.add(s, PROV + "wasDerivedFrom", _iri(source))
        self.add(s, ANS + "quote", _lit(quote, "sv"))
        self.add(s, ANS + "validFrom", _lit(start, datatype=XSD_DATE))
        self.add(s, ANS + "validUntil", _lit(end, datatype=XSD_DATE))


def _superclasses(ontology: Graph) -> dict[str, list[str]]:
    closure = {}
    for cls in set(ontology.subjects(RDFS.subClassOf, None)) | set(ontology.objects(RDFS.subClassOf, None)):
        if isinstance(cls, URIRef):
            closure[str(cls)] = sorted({str(c) for c in ontology.transitive_objects(cls, RDFS.subClassOf)})
    return closure


def synthetic_nquads(years: int, reference: CheckData) -> bytes:
    """Local agreements for every municipality and year, in the shape of data/sources/*.ttl."""
    ontology = Graph()
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        ontology.parse(path)
    rows = reference.select("""
        PREFIX ans: <https://w3id.org/ansvar/def#>
        SELECT ?kommun ?area ?county ?lst WHERE {
          ?kommun a ans:Municipality ; ans:area ?area . ?area ans:withinTerritory ?county . ?county a ans:County .
          ?lst a ans:CountyAdministrativeBoard ; ans:area ?county .
        }""")
    regions = {
        r["county"]["value"]: r["region"]["value"]
        for r in reference.select("""
        PREFIX ans: <https://w3id.org/ansvar/def#>
        SELECT ?county (MIN(?r) AS ?region) WHERE {
          ?r a ans:Region ; ans:area ?county . ?county a ans:County .
          FILTER NOT EXISTS { ?r ans:validUntil ?end } } GROUP BY ?county""")
    }
    w = Writer(GRAPH + "source/synthetic", _superclasses(ontology))
    source = ID + "source/synthetic"
    w.typed(source, ANS + "SourceDocument")
    w.add(source, DCT + "title", _lit("Syntetiska lokala överenskommelser", "sv"))
    w.add(source, SKOS + "prefLabel", _lit("Syntetiska lokala överenskommelser", "sv"))
    w.add(source, ANS + "documentKind", _iri(C + "document-kind/agreement-text"))
    first_year = 2024 - years + 1
    for row in rows:
        kommun, area, county, lst = (row[k]["value"] for k in ("kommun", "area", "county", "lst"))
        code = kommun.rsplit("-", 1)[1]
        region = regions.get(county)
        parties = [kommun, ID + "org/arbetsformedlingen", lst, ID + "org/forsakringskassan"] + (
            [region] if region else []
        )
        previous = None
        for year in range(first_year, 2025):
            start, end = f"{year}-01-01", f"{year}-12-31"
            slug = f"synth-{code}-{year}"
            agreement = ID + f"agreement/{slug}"
            w.fact(
                agreement,
                ANS + "LocalAgreement",
                f"Lokal överenskommelse {code} {year}",
                source,
                "lokal överenskommelse",
                start,
                end,
            )
            w.add(agreement, ANS + "area", _iri(area))
            w.add(agreement, ANS + "targetGroup", _iri(C + "target-group/newly-arrived"))
            w.add(agreement, ANS + "cooperationLevel", _iri(C + "level/local"))
            if previous:
                w.add(agreement, DCT + "replaces", _iri(previous))
                w.add(previous, DCT + "isReplacedBy", _iri(agreement))
            previous = agreement
            for party in parties:
                record = ID + f"party/{slug}/{party.rsplit('/', 1)[1]}"
                w.fact(record, ANS + "AgreementParty", f"Part i {slug}", source, "part", start, end)
                w.add(record, ANS + "agreement", _iri(agreement))
                w.add(agreement, ANS + "partyRecord", _iri(record))
                w.add(record, ANS + "party", _iri(party))
                w.add(record, ORG + "role", _iri(C + "role/signatory"))
                w.add(agreement, ANS + "hasParty", _iri(party))
            for n, task in enumerate(TASKS[:3]):
                coop = ID + f"area/{slug}/{task}"
                w.fact(coop, ANS + "CooperationArea", f"Område {task}", source, "område", start, end)
                w.add(coop, ANS + "agreement", _iri(agreement))
                w.add(agreement, ANS + "cooperationArea", _iri(coop))
                w.add(coop, ANS + "task", _iri(C + f"task/{TASKS[(n + year) % len(TASKS)]}"))
            for n in range(10):
                duty = ID + f"responsibility/{slug}/{n:02d}"
                actor = parties[n % len(parties)]
                w.fact(duty, ANS + "Responsibility", f"Ansvar {n} i {slug}", source, "ansvarar för", start, end)
                w.add(duty, ANS + "actor", _iri(actor))
                w.add(actor, ANS + "holdsResponsibility", _iri(duty))
                w.add(duty, ANS + "dutyKind", _iri(C + f"duty/{DUTIES[n % len(DUTIES)]}"))
                w.add(duty, ANS + "task", _iri(C + f"task/{TASKS[(n + year) % len(TASKS)]}"))
                w.add(duty, ANS + "legalBasis", _iri(agreement))
                w.add(duty, ANS + "area", _iri(area))
            body = ID + f"body/{slug}"
            w.fact(
                body,
                ANS + "WorkingGroup",
                f"Lokal samverkansgrupp {code} {year}",
                source,
                "samverkansgrupp",
                start,
                end,
            )
            w.add(body, ANS + "area", _iri(area))
            w.add(body, ANS + "establishedUnder", _iri(agreement))
            w.add(body, ANS + "meetingFrequency", _iri(C + "frequency/four-per-year"))
            w.add(body, ANS + "meetingsPerYear", _lit("4", datatype=XSD_DECIMAL))
            for n, member in enumerate(parties):
                membership = ID + f"membership/{slug}/{member.rsplit('/', 1)[1]}"
                w.fact(membership, ORG + "Membership", f"Medlem i {slug}", source, "ledamot", start, end)
                w.add(membership, ORG + "organization", _iri(body))
                w.add(membership, ORG + "member", _iri(member))
                w.add(member, ORG + "hasMembership", _iri(membership))
                w.add(membership, ORG + "role", _iri(C + ("role/convenor" if n == 0 else "role/member")))
            goal = ID + f"goal/{slug}/etablering"
            w.fact(goal, ANS + "Goal", f"Mål för {slug}", source, "mål", start, end)
            w.add(goal, ANS + "agreement", _iri(agreement))
            w.add(goal, ANS + "task", _iri(C + "task/establishment"))
    return "".join(w.lines).encode("utf-8")


def synthetic_data(years: int, cache: Path) -> CheckData:
    from ansvar.store.embedded import EmbeddedStore
    from rdflib import Dataset

    reference = CheckData.from_project()  # shipped data: ontology, reference, sources, inferred
    cache.mkdir(parents=True, exist_ok=True)
    synthetic = cache / f"synthetic-{years}y.nq"
    if not synthetic.is_file():
        synthetic.write_bytes(synthetic_nquads(years, reference))
    nquads = reference.store.dump("application/n-quads") + synthetic.read_bytes()
    store = EmbeddedStore.in_memory(nquads)
    dataset = Dataset()
    dataset.parse(data=nquads, format="nquads")
    union = Graph()
    names = {g for g in store.named_graphs() if not g.endswith(("/graph/shapes", "/graph/checks"))}
    for context in dataset.graphs():
        if str(context.identifier) in names:
            union += context
    return CheckData(store, reference.shapes, union)


# --------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------


def _baseline_worker(years, as_of, cache, messages):
    data = synthetic_data(years, cache) if years else CheckData.from_project()
    messages.put(("ready",))
    start = time.perf_counter()
    report = run_checks(data, as_of, engine="pyshacl")
    messages.put(("done", time.perf_counter() - start, len(report.findings)))


def baseline_in_subprocess(years: int, as_of: dt.date, cache: Path, timeout: float) -> tuple[float | None, int | None]:
    ctx = mp.get_context("spawn")
    messages = ctx.Queue()
    process = ctx.Process(target=_baseline_worker, args=(years, as_of, cache, messages))
    process.start()
    deadline = None  # set once the worker has rebuilt the data: only the check is timed
    try:
        while process.is_alive() and (deadline is None or time.monotonic() < deadline):
            try:
                message = messages.get(timeout=1)
            except queue.Empty:
                continue
            if message[0] == "ready":
                deadline = time.monotonic() + timeout
            else:
                return message[1], message[2]
        return None, None
    finally:
        if process.is_alive():
            process.kill()
        process.join()


def report_line(label: str, seconds: float, extra: str = "") -> None:
    print(f"  {label:<44} {seconds:8.3f} s {extra}")


def bench(
    label: str,
    data: CheckData,
    as_of: dt.date,
    repeat: int,
    baseline: tuple[float | None, int | None],
    core_reference: bool = True,
):
    n = len(data.graph)
    print(f"\n{label}: {n:,} triples, as of {as_of}")
    report, best, median = timed(lambda: run_checks(fresh(data), as_of), repeat)
    print(f"  findings: {report.totals()}")
    report_line("full check, store engine (ansvar check)", best, f"(median {median:.3f} s)")
    for stage, seconds in report.seconds.items():
        report_line(f"  of which {stage}", seconds)
    run_checks(data, as_of)
    cached = run_checks(data, as_of)  # core results cached, as the server keeps them: rules and context alone
    report_line("again with core results cached (as /checks)", cached.seconds["total"])
    if core_reference:
        compare_core(data)
    base_seconds, base_count = baseline
    if base_seconds is None:
        print("  pure pyshacl baseline: did not finish within the time limit")
    else:
        report_line("pure pyshacl baseline (every shape)", base_seconds, f"({base_count} findings)")
        print(f"  ratio pyshacl / store engine: {base_seconds / best:6.1f}x")
        if base_count != len(report.findings):
            print(f"  NOTE: finding counts differ ({base_count} vs {len(report.findings)})")


def compare_core(data: CheckData) -> None:
    """The core shapes compiled on the store against the same shapes in pyshacl, in this run."""
    catalogue = data.catalogue
    start = time.perf_counter()
    compiled = compiled_core_findings(fresh(data))
    compiled_seconds = time.perf_counter() - start
    start = time.perf_counter()
    reference = pyshacl_findings(data.graph, catalogue.core_shapes(), catalogue, None)
    pyshacl_seconds = time.perf_counter() - start
    report_line("core shapes compiled, on the store", compiled_seconds, f"({len(compiled)} findings)")
    report_line("core shapes in pyshacl (the reference)", pyshacl_seconds, f"({len(reference)} findings)")
    print(f"  ratio pyshacl / compiled core shapes: {pyshacl_seconds / compiled_seconds:6.1f}x")
    if {f.key() for f in compiled} != {f.key() for f in reference}:
        print("  NOTE: the compiled core shapes and pyshacl report different findings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--years", type=int, default=15, help="years of local agreements per municipality")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the store engine (best is reported)")
    parser.add_argument(
        "--baseline-timeout", type=float, default=900, help="seconds for pure pyshacl on the large graph"
    )
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument("--skip-shipped", action="store_true")
    parser.add_argument(
        "--no-core-reference", action="store_true", help="do not time the core shapes in pyshacl as well"
    )
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "ansvar-bench")
    args = parser.parse_args()

    today = dt.date.today()
    if not args.skip_shipped:
        start = time.perf_counter()
        shipped = CheckData.from_project()
        _ = shipped.graph
        print(f"shipped data prepared (load, infer, store) in {time.perf_counter() - start:.2f} s")
        base_report, base_seconds, _ = timed(lambda: run_checks(fresh(shipped), today, engine="pyshacl"))
        baseline = (base_seconds, len(base_report.findings))
        bench("shipped data", shipped, today, args.repeat, baseline, not args.no_core_reference)

    if args.skip_synthetic:
        return
    as_of = dt.date(2024, 6, 30)
    start = time.perf_counter()
    large = synthetic_data(args.years, args.cache)
    print(f"\nsynthetic graph prepared in {time.perf_counter() - start:.1f} s (generator, store, rdflib graph)")
    baseline: tuple[float | None, int | None] = (None, None)
    if args.baseline_timeout > 0:
        baseline = baseline_in_subprocess(args.years, as_of, args.cache, args.baseline_timeout)
    label = f"synthetic: 290 municipalities × {args.years} years of local agreements"
    bench(label, large, as_of, 1, baseline, not args.no_core_reference)


if __name__ == "__main__":
    main()
