"""store/query_worker_answers: a worker's answer holds exactly the capped rows, in every format asked for.

The expected answers are pyoxigraph's own serialisations of the same query with a LIMIT,
made here, not by the code under test."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from ansvar.store import query_worker_answers
from ansvar.store.base import ResultKind
from ansvar.store.embedded import RESULT_FORMATS, EmbeddedStore, triples_format
from ansvar.store.query_worker_answers import capped_answer

EX = "https://example.org/cap/"
ROWS = 120
SOLUTIONS = f"SELECT ?s ?label WHERE {{ ?s <{EX}label> ?label }} ORDER BY ?s"
TRIPLES = f"CONSTRUCT {{ ?s <{EX}label> ?label }} WHERE {{ ?s <{EX}label> ?label }} ORDER BY ?s"
SOLUTION_MEDIA = list(RESULT_FORMATS)
GRAPH_MEDIA = ["application/n-triples", "text/turtle", "application/rdf+xml"]


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    # Labels with a line break and a tab: one row must stay one line in the TSV that cuts it.
    quads = [
        ox.Quad(
            ox.NamedNode(f"{EX}item/{i:04d}"),
            ox.NamedNode(f"{EX}label"),
            ox.Literal(f"sak {i}\n\trad två", language="sv"),
            ox.NamedNode(f"{EX}graph"),
        )
        for i in range(ROWS)
    ]
    return EmbeddedStore.in_memory(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))


def expected_solutions(store: EmbeddedStore, media: str, limit: int) -> bytes:
    result = store.evaluate(f"{SOLUTIONS} LIMIT {limit}")
    assert isinstance(result, ox.QuerySolutions)
    data = result.serialize(format=RESULT_FORMATS[media])
    assert data is not None
    return data


@pytest.mark.parametrize("media", SOLUTION_MEDIA)
@pytest.mark.parametrize("cap", [1, 50, ROWS - 1])
def test_solutions_over_the_cap_are_cut_at_exactly_the_cap(store, tmp_path, media, cap) -> None:
    answer = capped_answer(store, SOLUTIONS, (media, "text/turtle"), (None, None), cap, spool_dir=tmp_path)
    assert answer.truncated and answer.file is None
    assert answer.result.kind is ResultKind.SOLUTIONS and answer.result.media_type == media
    assert answer.result.body == expected_solutions(store, media, cap)


@pytest.mark.parametrize("media", SOLUTION_MEDIA)
@pytest.mark.parametrize("cap", [ROWS, ROWS + 1, 100_000])
def test_solutions_within_the_cap_are_whole_and_not_marked_truncated(store, tmp_path, media, cap) -> None:
    """ROWS and ROWS + 1: too long an answer for its size to prove it within the cap, so it is counted."""
    answer = capped_answer(store, SOLUTIONS, (media, "text/turtle"), (None, None), cap, spool_dir=tmp_path)
    assert not answer.truncated
    assert answer.result.body == expected_solutions(store, media, ROWS)


@pytest.mark.parametrize("media", GRAPH_MEDIA)
def test_triples_are_cut_at_exactly_the_cap(store, tmp_path, media) -> None:
    answer = capped_answer(
        store, TRIPLES, ("application/sparql-results+json", media), (None, None), 7, spool_dir=tmp_path
    )
    assert answer.truncated and answer.result.kind is ResultKind.GRAPH
    triples = [q.triple for q in ox.parse(answer.result.body, format=triples_format(media))]
    result = store.evaluate(TRIPLES)
    assert isinstance(result, ox.QueryTriples)
    assert len(triples) == 7 and set(triples) <= set(result)


def test_a_boolean_is_answered_as_asked(store, tmp_path) -> None:
    answer = capped_answer(store, "ASK { ?s ?p ?o }", ("text/csv", "text/turtle"), (None, None), 1, spool_dir=tmp_path)
    assert answer.result.kind is ResultKind.BOOLEAN and answer.result.body == b"true"
    assert not answer.truncated


def test_a_large_answer_is_left_in_a_file_of_the_spool_directory(store, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(query_worker_answers, "SPOOL_INLINE_BYTES", 4096)
    media = "application/sparql-results+json"
    answer = capped_answer(store, SOLUTIONS, (media, "text/turtle"), (None, None), 100_000, spool_dir=tmp_path)
    assert answer.file is not None and answer.file.parent == tmp_path and answer.result.body == b""
    assert answer.file.read_bytes() == expected_solutions(store, media, ROWS)
    assert len(answer.file.read_bytes()) > 4096


@pytest.mark.parametrize("media", SOLUTION_MEDIA)
def test_a_large_answer_over_the_cap_is_cut_in_its_file_and_leaves_no_other(store, tmp_path, monkeypatch, media):
    monkeypatch.setattr(query_worker_answers, "SPOOL_INLINE_BYTES", 1024)
    answer = capped_answer(store, SOLUTIONS, (media, "text/turtle"), (None, None), 60, spool_dir=tmp_path)
    assert answer.truncated and answer.file is not None
    assert answer.file.read_bytes() == expected_solutions(store, media, 60)
    assert sorted(tmp_path.iterdir()) == [answer.file]  # the uncut answer's file is gone
