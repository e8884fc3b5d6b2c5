"""The unit tier: small fixtures, no server, no build. Every test here is marked `unit`."""

from __future__ import annotations

from pathlib import Path

import pytest
from ansvar.store.embedded import EmbeddedStore

HERE = Path(__file__).parent

ANS = "https://w3id.org/ansvar/def#"
ID = "https://w3id.org/ansvar/id/"
GRAPH = "https://w3id.org/ansvar/graph/"
SKOS_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

# Two named graphs, four quads: enough for every method of the store contract.
TINY_NQUADS = f"""
<{ID}county/10> <{RDF_TYPE}> <{ANS}County> <{GRAPH}reference> .
<{ID}county/10> <{SKOS_LABEL}> "Blekinge län"@sv <{GRAPH}reference> .
<{ID}org/lansstyrelsen-10> <{RDF_TYPE}> <{ANS}CountyAdministrativeBoard> <{GRAPH}source/tiny> .
<{ID}org/lansstyrelsen-10> <{SKOS_LABEL}> "Länsstyrelsen i Blekinge län"@sv <{GRAPH}source/tiny> .
""".encode()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.unit)


@pytest.fixture
def tiny_store() -> EmbeddedStore:
    return EmbeddedStore.in_memory(TINY_NQUADS)
