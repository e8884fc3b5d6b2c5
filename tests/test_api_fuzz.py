"""Schemathesis over the app's own OpenAPI description, against a real server: no 5xx."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ST = shutil.which("st") or str(Path(sys.executable).with_name("st"))


def test_no_operation_answers_with_a_server_error(server, tmp_path):
    # Bounded: up to 30 examples per operation (about 460 requests), a fixed seed, a couple of minutes.
    proc = subprocess.run(
        [
            ST,
            "run",
            server.url + "/openapi.json",
            "--checks",
            "not_a_server_error",
            "--phases",
            "examples,coverage,fuzzing",
            "--max-examples",
            "30",
            "--seed",
            "1",
            "--workers",
            "1",
            "--request-timeout",
            "60",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
