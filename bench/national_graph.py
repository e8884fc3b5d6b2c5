"""A national graph in the real shape of the data, for the benchmarks.

    python bench/national_graph.py --triples 1000000 --out /tmp/national-1m

Writes one Turtle file per county (`national-<code>.ttl`, loaded with
`ansvar build --add FILE`: each becomes the named graph of a source document)
in the model of README "How facts are modelled", on top of the real reference
data (21 counties, 290 municipalities, agencies, statutes and each holder's
statutory duties, all shipped in data/reference/):

- for every county and each of five agreement periods over 2011–2025, a
  regional agreement whose parties are the county's länsstyrelse, the three
  agencies and every municipality of the county; a council established under it
  with memberships (the länsstyrelse chairs, Arbetsförmedlingen convenes); a
  general duty of the municipalities with each municipality's own
  responsibility in its municipal area, and responsibilities of the
  länsstyrelse (county) and Arbetsförmedlingen (country) resting on the agreement
  and on the section of the establishment act in force then;
- then, round after round of themes, a local agreement per municipality and
  period, with its parties, a local working group with a chair, a convenor and
  members, and each party's responsibilities in the municipal area.

Every fact is derived from its agreement's source document and has one quoted
`ans:Evidence` node (`prov:qualifiedDerivation`) naming every statement it
supports, with an `ans:quote`. Periods lie inside the holders' existence and the
statutes' force, so the data passes the build's integrity shapes.

--triples N counts asserted triples: the shipped data (ontology, reference,
sources, shapes) plus the generated files; the build's inference adds to that.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from rdflib import Graph

ROOT = Path(__file__).resolve().parent.parent

ID = "https://w3id.org/ansvar/id/"
ANS = "https://w3id.org/ansvar/def#"
C = "https://w3id.org/ansvar/concept/"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"

# Agreement periods: none straddles 2018-01-01, when Lag (2017:584) replaced Lag (2010:197).
PERIODS = ((2011, 2013), (2014, 2017), (2018, 2020), (2021, 2023), (2024, 2025))
AGENCIES = ("arbetsformedlingen", "migrationsverket", "forsakringskassan")
# Sections of the establishment act per period: (länsstyrelse, Arbetsförmedlingen).
SECTIONS = {
    False: ("statute/sfs-2010-197/section/4", "statute/sfs-2010-197/section/3"),
    True: ("statute/sfs-2017-584/section/6", "statute/sfs-2017-584/section/5"),
}
THEMES = (
    ("work", "arbete"),
    ("housing", "bostad"),
    ("language", "språk"),
    ("health", "hälsa"),
    ("school", "skola"),
    ("sfi", "sfi"),
    ("civic-orientation", "samhällsorientering"),
    ("settlement", "bosättning"),
    ("establishment-measures", "etableringsinsatser"),
    ("social-cohesion", "social sammanhållning"),
    ("follow-up", "uppföljning"),
    ("information", "information"),
    ("children-youth", "barn och unga"),
    ("skills-supply", "kompetensförsörjning"),
    ("healthcare", "vård"),
    ("social-services", "socialtjänst"),
    ("preschool-childcare", "förskola"),
    ("adult-education", "vuxenutbildning"),
    ("entrepreneurship", "företagande"),
    ("culture", "kultur"),
)
# Each party's duties in a local agreement: (party, duty kind, holder role, obligation kind).
LOCAL_DUTIES = (
    ("kommun", "provides", "executing", "commitment"),
    ("kommun", "coordinates", "competent", "commitment"),
    ("kommun", "informs", "executing", "commitment"),
    ("kommun", "follows-up", "participating", "commitment"),
    ("arbetsformedlingen", "supports", "executing", "commitment"),
    ("arbetsformedlingen", "plans", "participating", "commitment"),
    ("lansstyrelse", "supports", "participating", "commitment"),
    ("lansstyrelse", "follows-up", "participating", "commitment"),
)


@dataclass(frozen=True)
class County:
    code: str
    board: str  # the länsstyrelse's IRI
    municipalities: tuple[tuple[str, str, str], ...]  # (code, organisation IRI, municipal area IRI)


def iri(value: str) -> str:
    return f"<{value}>"


def lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    if lang:
        return f'"{escaped}"@{lang}'
    return f'"{escaped}"^^<{datatype}>' if datatype else f'"{escaped}"'


def date(value: str) -> str:
    return lit(value, datatype=XSD + "date")


class Facts:
    """Triples of one file, written to it as N-Triples lines (valid Turtle) as they are made."""

    def __init__(self, out: TextIO) -> None:
        self.out, self.count = out, 0

    def add(self, s: str, p: str, o: str) -> None:
        self.out.write(f"<{s}> <{p}> {o} .\n")
        self.count += 1

    def fact(self, s: str, cls: str, label: str, source: str, quote: str, statements: list[tuple[str, str]]) -> None:
        """A fact taken from `source`: its type, label and statements, and one evidence node supporting them."""
        self.add(s, RDF_TYPE, iri(cls))
        self.add(s, SKOS + "prefLabel", lit(label, "sv"))
        for p, o in statements:
            self.add(s, p, o)
        self.add(s, PROV + "wasDerivedFrom", iri(source))
        evidence = f"{s}/evidence/text"
        self.add(s, PROV + "qualifiedDerivation", iri(evidence))
        self.add(evidence, RDF_TYPE, iri(ANS + "Evidence"))
        self.add(evidence, PROV + "entity", iri(source))
        self.add(evidence, ANS + "method", iri(C + "evidence-method/quoted"))
        for p in dict.fromkeys(p for p, _ in statements):
            self.add(evidence, ANS + "supports", iri(p))
        self.add(evidence, ANS + "quote", lit(quote, "sv"))


def counties() -> list[County]:
    graph = Graph()
    for name in ("municipalities.ttl", "organisations.ttl", "territories.ttl"):
        graph.parse(ROOT / "data" / "reference" / name)
    boards = {
        str(r.county): str(r.board)
        for r in graph.query("""
            PREFIX ans: <https://w3id.org/ansvar/def#>
            SELECT ?county ?board WHERE {
              ?board a ans:CountyAdministrativeBoard ; ans:area ?county .
              FILTER NOT EXISTS { ?board ans:validUntil ?end } }""")
    }
    places: dict[str, list[tuple[str, str, str]]] = {}
    for r in graph.query("""
        PREFIX ans: <https://w3id.org/ansvar/def#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?county ?code ?kommun ?area WHERE {
          ?kommun a ans:Municipality ; skos:notation ?code ; ans:area ?area .
          ?area ans:withinTerritory ?county . FILTER NOT EXISTS { ?kommun ans:validUntil ?end } }
        ORDER BY ?code"""):
        places.setdefault(str(r.county), []).append((str(r.code), str(r.kommun), str(r.area)))
    return [
        County(county.rsplit("/", 1)[1], boards[county], tuple(places[county]))
        for county in sorted(places)
        if county in boards
    ]


def _source(f: Facts, slug: str, title: str, publisher: str) -> str:
    source = ID + f"source/{slug}"
    f.add(source, RDF_TYPE, iri(ANS + "SourceDocument"))
    f.add(source, SKOS + "prefLabel", lit(title, "sv"))
    f.add(source, DCT + "title", lit(title, "sv"))
    f.add(source, DCT + "language", lit("sv"))
    f.add(source, DCT + "publisher", iri(publisher))
    f.add(source, ANS + "documentKind", iri(C + "document-kind/agreement-text"))
    return source


def _period(first: int, last: int) -> list[tuple[str, str]]:
    return [(ANS + "validFrom", date(f"{first}-01-01")), (ANS + "validUntil", date(f"{last}-12-31"))]


def _records(slug: str, parties: list[str]) -> list[tuple[str, str]]:
    """The agreement's ans:partyRecord statements (its evidence supports them)."""
    return [(ANS + "partyRecord", iri(ID + f"party/{slug}/{p.rsplit('/', 1)[1]}")) for p in parties]


def _parties(f: Facts, agreement: str, slug: str, parties: list[str], source: str, period) -> None:
    for party in parties:
        record = ID + f"party/{slug}/{party.rsplit('/', 1)[1]}"
        f.fact(
            record,
            ANS + "AgreementParty",
            f"Part i {slug}: {party.rsplit('/', 1)[1]}",
            source,
            "Överenskommelsen undertecknas av parterna.",
            [
                (ANS + "agreement", iri(agreement)),
                (ANS + "party", iri(party)),
                (ORG + "role", iri(C + "role/signatory")),
            ]
            + period,
        )


def _body(f: Facts, body: str, cls: str, label: str, level: str, area: str, agreement: str, source: str, period):
    f.fact(
        body,
        ANS + cls,
        label,
        source,
        f"{label} sammanträder fyra gånger per år.",
        [
            (ANS + "cooperationLevel", iri(C + f"level/{level}")),
            (ANS + "area", iri(area)),
            (ANS + "establishedUnder", iri(agreement)),
            (ANS + "meetingFrequency", iri(C + "frequency/four-per-year")),
            (ANS + "meetingsPerYear", lit("4", datatype=XSD + "decimal")),
        ]
        + period,
    )


def _members(f: Facts, body: str, slug: str, roles: list[tuple[str, str]], source: str, period) -> None:
    for member, role in roles:
        membership = ID + f"membership/{slug}/{member.rsplit('/', 1)[1]}"
        f.fact(
            membership,
            ORG + "Membership",
            f"{member.rsplit('/', 1)[1]}: {role} i {slug}",
            source,
            "Gruppen består av en företrädare för varje part.",
            [
                (ORG + "organization", iri(body)),
                (ORG + "member", iri(member)),
                (ORG + "role", iri(C + f"role/{role}")),
                (ANS + "participation", iri(C + "participation/standing")),
            ]
            + period,
        )


def _duty(f: Facts, r: str, holder: str, area: str, duty: str, task: str, bases: list[str], kinds, source, period):
    role, obligation = kinds
    f.fact(
        r,
        ANS + "Responsibility",
        f"{holder.rsplit('/', 1)[1]} {duty} ({task})",
        source,
        f"Parten ansvarar för {task} enligt överenskommelsen.",
        [
            (ANS + "actor", iri(holder)),
            (ANS + "area", iri(area)),
            (ANS + "dutyKind", iri(C + f"duty/{duty}")),
            (ANS + "task", iri(C + f"task/{task}")),
            (ANS + "targetGroup", iri(C + "target-group/newly-arrived")),
            (ANS + "holderRole", iri(C + f"holder-role/{role}")),
            (ANS + "obligationKind", iri(C + f"obligation/{obligation}")),
        ]
        + [(ANS + "legalBasis", iri(b)) for b in bases]
        + period,
    )


def regional_agreement(f: Facts, county: County, first: int, last: int) -> None:
    slug = f"national-{county.code}-{first}-{last}"
    source = _source(f, slug, f"Regional överenskommelse län {county.code} {first}–{last}", county.board)
    agreement, area, period = ID + f"agreement/{slug}", ID + f"county/{county.code}", _period(first, last)
    agencies = [ID + f"org/{a}" for a in AGENCIES]
    kommuner = [k for _, k, _ in county.municipalities]
    parties = [county.board, *agencies, *kommuner]
    f.fact(
        agreement,
        ANS + "RegionalAgreement",
        f"Regional överenskommelse om nyanländas etablering, län {county.code}, {first}–{last}",
        source,
        f"Överenskommelsen gäller {first}–{last} i länet.",
        [
            (ANS + "area", iri(area)),
            (ANS + "cooperationLevel", iri(C + "level/regional")),
            (ANS + "targetGroup", iri(C + "target-group/newly-arrived")),
            (ANS + "adoptedOn", date(f"{first}-01-01")),
        ]
        + _records(slug, parties)
        + period,
    )
    _parties(f, agreement, slug, parties, source, period)
    council = ID + f"body/{slug}/council"
    _body(
        f,
        council,
        "Council",
        f"Integrationsrådet län {county.code} {first}–{last}",
        "regional",
        area,
        agreement,
        source,
        period,
    )
    roles = [(county.board, "chair"), (agencies[0], "convenor"), *((a, "member") for a in agencies[1:])]
    _members(f, council, slug, roles + [(k, "member") for k in kommuner], source, period)
    _regional_duties(f, county, slug, agreement, first >= 2018, source, period)


def _regional_duties(f: Facts, county: County, slug: str, agreement: str, new_act: bool, source: str, period):
    """The länsstyrelse's and Arbetsförmedlingen's duties, and the municipalities' general duty with
    each municipality's own responsibility."""
    area, agencies = ID + f"county/{county.code}", [ID + f"org/{a}" for a in AGENCIES]
    board_section, af_section = (ID + s for s in SECTIONS[new_act])
    base = ID + f"responsibility/{slug}"
    _duty(
        f,
        base + "/board",
        county.board,
        area,
        "coordinates",
        "regional-cooperation",
        [agreement, board_section],
        ("competent", "duty"),
        source,
        period,
    )
    _duty(
        f,
        base + "/af",
        agencies[0],
        ID + "country/se",
        "coordinates",
        "establishment-measures",
        [agreement, af_section],
        ("competent", "duty"),
        source,
        period,
    )
    general = base + "/kommuner"
    f.fact(
        general,
        ANS + "GeneralDuty",
        f"Kommunerna i län {county.code} ordnar bosättning för nyanlända",
        source,
        "Kommunerna ansvarar för bosättning av nyanlända.",
        [
            (ANS + "holderKind", iri(ANS + "Municipality")),
            (ANS + "dutyKind", iri(C + "duty/provides")),
            (ANS + "task", iri(C + "task/settlement")),
        ],
    )
    for code, kommun, kommun_area in county.municipalities:
        own = f"{general}/kommun-{code}"
        _duty(
            f,
            own,
            kommun,
            kommun_area,
            "provides",
            "settlement",
            [agreement],
            ("executing", "commitment"),
            source,
            period,
        )
        f.add(own, ANS + "generalDuty", iri(general))


def local_agreement(f: Facts, county: County, place: tuple[str, str, str], first: int, last: int, theme: int) -> None:
    code, kommun, area = place
    task, word = THEMES[theme % len(THEMES)]
    slug = f"national-{code}-{first}-{last}-{theme}"
    source = _source(f, slug, f"Lokal överenskommelse om {word}, kommun {code}, {first}–{last}", kommun)
    agreement, period = ID + f"agreement/{slug}", _period(first, last)
    holders = {"kommun": kommun, "arbetsformedlingen": ID + "org/arbetsformedlingen", "lansstyrelse": county.board}
    f.fact(
        agreement,
        ANS + "LocalAgreement",
        f"Lokal överenskommelse om {word}, kommun {code}, {first}–{last}",
        source,
        f"Den lokala överenskommelsen om {word} gäller {first}–{last}.",
        [
            (ANS + "area", iri(area)),
            (ANS + "cooperationLevel", iri(C + "level/local")),
            (ANS + "targetGroup", iri(C + "target-group/newly-arrived")),
            (ANS + "adoptedOn", date(f"{first}-01-01")),
        ]
        + _records(slug, list(holders.values()))
        + period,
    )
    _parties(f, agreement, slug, list(holders.values()), source, period)
    group = ID + f"body/{slug}/group"
    _body(
        f,
        group,
        "WorkingGroup",
        f"Lokal samverkansgrupp {word}, {code}, {first}–{last}",
        "local",
        area,
        agreement,
        source,
        period,
    )
    roles = [(kommun, "chair"), (county.board, "convenor"), (holders["arbetsformedlingen"], "member")]
    _members(f, group, slug, roles, source, period)
    for n, (holder, duty, role, obligation) in enumerate(LOCAL_DUTIES):
        _duty(
            f,
            ID + f"responsibility/{slug}/{n:02d}",
            holders[holder],
            area,
            duty,
            task,
            [agreement],
            (role, obligation),
            source,
            period,
        )


def shipped_triples() -> int:
    """Asserted triples of the shipped data, as the build loads them."""
    sys.path.insert(0, str(ROOT / "service"))
    from ansvar.load import load_all
    from ansvar.paths import default_paths

    return sum(len(g) for g in load_all(default_paths()).graphs.values())


def units(places: list[County]) -> Iterator[tuple[str, object]]:
    """Regional agreements first, then local agreements theme by theme, period by period."""
    for first, last in PERIODS:
        for county in places:
            yield county.code, lambda f, c=county, a=first, b=last: regional_agreement(f, c, a, b)
    for theme in itertools.count():
        for first, last in PERIODS:
            for county in places:
                for place in county.municipalities:
                    yield (
                        county.code,
                        lambda f, c=county, p=place, a=first, b=last, t=theme: local_agreement(f, c, p, a, b, t),
                    )


def generate(triples: int, out: Path) -> tuple[list[Path], int]:
    """Write the county files into `out`; returns them and the asserted total (shipped + generated)."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("national-*.ttl"):
        old.unlink()
    budget = triples - shipped_triples()
    per_county: dict[str, Facts] = {}
    written = 0
    with ExitStack() as files_open:
        for code, write in units(counties()):
            if written >= budget:
                break
            if code not in per_county:
                handle = files_open.enter_context((out / f"national-{code}.ttl").open("w", encoding="utf-8"))
                per_county[code] = Facts(handle)
            facts = per_county[code]
            before = facts.count
            write(facts)  # type: ignore[operator]
            written += facts.count - before
    files = [out / f"national-{code}.ttl" for code in sorted(per_county)]
    return files, triples - budget + written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=100_000, help="asserted triples, shipped data included")
    parser.add_argument("--out", type=Path, required=True, help="directory for the county files")
    args = parser.parse_args()
    files, total = generate(args.triples, args.out)
    print(f"{len(files)} files in {args.out}; {total:,} asserted triples with the shipped data")


def built_nquads(triples: int, out: Path) -> tuple[bytes, int]:
    """The national graph of about `triples` asserted triples through the whole build, as N-Quads."""
    sys.path.insert(0, str(ROOT / "service"))
    from ansvar.build import run_build

    files, _ = generate(triples, out)
    store = run_build(extra_files=files).store
    assert store is not None
    data = store.dump("application/n-quads")
    return data, data.count(b"\n")


if __name__ == "__main__":
    main()
