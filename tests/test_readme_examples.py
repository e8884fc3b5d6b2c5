"""The README's examples, executed: the first curl query and the Python snippet."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
# The eleven signatory organisations of seed 004, read from the seed by hand.
BLEKINGE_PARTIES = {
    "Länsstyrelsen i Blekinge län",
    "Migrationsverket",
    "Arbetsförmedlingen",
    "Försäkringskassan",
    "Landstinget Blekinge",
    "Region Blekinge (regionförbund)",
    "Karlshamns kommun",
    "Karlskrona kommun",
    "Olofströms kommun",
    "Ronneby kommun",
    "Sölvesborgs kommun",
}


def _first_query_block() -> str:
    block = README.split("### A first query", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    assert "curl" in block
    return block


def test_first_curl_query_returns_blekinges_parties(server):
    command = _first_query_block().replace("http://127.0.0.1:8000", server.url)
    assert shutil.which("curl"), "curl is needed to run the README example"
    out = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert lines[0] == "party"
    assert set(line.strip('"') for line in lines[1:]) == BLEKINGE_PARTIES


def test_python_example_runs(server):
    block = README.split("From Python:", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    code = block.replace("http://127.0.0.1:8000", server.url)
    printed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert printed.returncode == 0, printed.stderr
    assert re.fullmatch(r"290\s*", printed.stdout)
