"""The wheel carries ontology/, shapes/, data/ and queries/, and the code finds them there."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    (path,) = out.glob("ansvar-*.whl")
    return path


def test_wheel_carries_the_data_directories(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for source in (
        "ontology/ansvar.ttl",
        "shapes/completeness.ttl",
        "data/reference/municipalities.ttl",
        "data/sources/blekinge-overenskommelse-2016.ttl",
        "queries/agreement-overview.rq",
    ):
        assert f"ansvar/_resources/{source}" in names, source
    assert "ansvar/web/static/yasgui/yasgui.min.js" in names
    assert "ansvar/render/templates/index.html" in names


def test_installed_code_finds_and_builds_the_shipped_data(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    # Run from the unpacked wheel only (not the checkout): paths must resolve to _resources.
    env = {**os.environ, "PYTHONPATH": str(site)}
    code = (
        "from ansvar.paths import default_paths; p = default_paths(); print(p.root);"
        "from ansvar.build import run_build; r = run_build(keep_store=False);"
        "print(sum(r.triples_per_graph().values()))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600
    )
    assert proc.returncode == 0, proc.stderr
    root, triples = proc.stdout.split()
    assert root.endswith("ansvar/_resources") and root.startswith(str(site))
    assert int(triples) > 10_000
