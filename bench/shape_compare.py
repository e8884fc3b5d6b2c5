"""Compare the rows of every SPARQL constraint between the shapes of this checkout and of a git revision,
on a built store's data union with errors injected, so that a rewrite of a query is shown to find the same
results where there are many (the national graph has none of the errors the integrity shapes catch).

    python bench/shape_compare.py --store-dir S                 # against main
    python bench/shape_compare.py --store-dir S --against REV   # against another revision

Injected, each into a part of the nodes chosen by a hash of their IRI: copies of responsibilities and
party records (exact; starting on the day the original ends; starting after it; without the legal basis),
responsibilities whose legal basis is removed, evidence that no longer names a property, holders that
ceased or began in the middle of the periods. Prints, per constraint whose text differs, the rows and
seconds of each side and whether the rows are the same; exits 1 when some are not.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "service"))

from ansvar.checks import CheckData  # noqa: E402
from ansvar.shacl_core import selector, sparql_prologue  # noqa: E402
from ansvar.store.embedded import EmbeddedStore  # noqa: E402
from rdflib import Graph  # noqa: E402
from rdflib.namespace import SH  # noqa: E402

PREFIXES = "PREFIX ans: <https://w3id.org/ansvar/def#>\nPREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"


def part(variable: str, digits: str) -> str:
    """A filter keeping the nodes whose IRI's MD5 starts with one of `digits`."""
    return f'FILTER (REGEX(MD5(STR({variable})), "^[{digits}]"))'


def copies(suffix: str, digits: str, without: str = "", extra: str = "", where: str = "") -> str:
    skip = f"FILTER (?p NOT IN ({without}))" if without else ""
    return (
        f"INSERT {{ ?c ?p ?o . {extra} }} WHERE {{ ?r a ans:Responsibility ; ?p ?o . {where} {skip} "
        f'{part("?r", digits)} BIND (IRI(CONCAT(STR(?r), "-{suffix}")) AS ?c) }}'
    )


ERRORS = [
    copies("copy", "0-2"),
    "INSERT { ?c ?p ?o } WHERE { ?r a ans:AgreementParty ; ?p ?o . "
    + part("?r", "0-3")
    + ' BIND (IRI(CONCAT(STR(?r), "-copy")) AS ?c) }',
    copies("touch", "34", "ans:validFrom, ans:validUntil", "?c ans:validFrom ?u", "?r ans:validUntil ?u ."),
    copies(
        "after",
        "56",
        "ans:validFrom, ans:validUntil",
        "?c ans:validFrom ?d",
        '?r ans:validUntil ?u . BIND (xsd:date(CONCAT(STR(YEAR(?u) + 1), "-06-30")) AS ?d)',
    ),
    copies("nobasis", "7", "ans:legalBasis"),
    "DELETE { ?r ans:legalBasis ?b } WHERE { ?r a ans:Responsibility ; ans:legalBasis ?b . " + part("?r", "0") + " }",
    "DELETE { ?e ans:supports ?p } WHERE { ?e ans:supports ?p . "
    'FILTER (REGEX(MD5(CONCAT(STR(?e), STR(?p))), "^[01]")) }',
    'INSERT { ?h ans:validUntil "2016-06-30"^^xsd:date } WHERE { SELECT DISTINCT ?h WHERE { ?r ans:actor ?h . '
    + part("?h", "0-3")
    + " FILTER NOT EXISTS { ?h ans:validUntil ?x } } }",
    'INSERT { ?h ans:validFrom "2017-01-01"^^xsd:date } WHERE { SELECT DISTINCT ?h WHERE { ?r ans:party ?h . '
    + part("?h", "4-6")
    + " FILTER NOT EXISTS { ?h ans:validFrom ?x } } }",
]


def shapes_at(revision: str | None) -> Graph:
    """The shapes graph of shapes/*.ttl in the checkout (None) or at a git revision."""
    graph = Graph()
    for path in sorted((ROOT / "shapes").glob("*.ttl")):
        if revision is None:
            graph.parse(path)
        else:
            name = path.relative_to(ROOT).as_posix()
            text = subprocess.run(["git", "-C", str(ROOT), "show", f"{revision}:{name}"], capture_output=True)
            if text.returncode == 0:
                graph.parse(data=text.stdout, format="turtle")
    return graph


def constraints(shapes: Graph) -> dict[str, str]:
    """The SELECT (with prologue) of every SPARQL constraint, by its shape and position."""
    found = {}
    for shape in sorted(set(shapes.subjects(SH.sparql, None)), key=str):
        for n, constraint in enumerate(sorted(shapes.objects(shape, SH.sparql), key=str)):
            select = shapes.value(constraint, SH.select)
            if select is not None:
                found[f"{str(shape).split('#')[-1]} [{n}]"] = sparql_prologue(shapes, constraint) + str(select)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store-dir", type=Path, required=True, help="a store built by `ansvar build --store-dir`")
    parser.add_argument("--against", default="main", help="the git revision whose shapes are the reference")
    args = parser.parse_args()

    union = CheckData.from_store(EmbeddedStore.open_directory(args.store_dir)).data_store
    before = len(union)
    for update in ERRORS:
        union.update(PREFIXES + update)
    print(f"data union: {before:,} triples, {len(union):,} with the injected errors")
    select = selector(union, union=True)
    ours, theirs = constraints(shapes_at(None)), constraints(shapes_at(args.against))
    differ = False
    for label in sorted(ours.keys() & theirs.keys()):
        if ours[label] == theirs[label]:
            continue
        rows, seconds = [], []
        for query in (theirs[label], ours[label]):
            start = time.perf_counter()
            rows.append({tuple(sorted((k, v["value"]) for k, v in r.items())) for r in select(query)})
            seconds.append(time.perf_counter() - start)
        same = rows[0] == rows[1]
        differ = differ or not same
        print(
            f"  {label}: {args.against} {len(rows[0]):,} rows {seconds[0]:.2f} s, this checkout {len(rows[1]):,} rows"
            f" {seconds[1]:.2f} s: {'the same rows' if same else 'DIFFERENT ROWS'}"
        )
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
