from __future__ import annotations

import io
import tokenize
from dataclasses import fields
from pathlib import Path

import ansvar.settings
import pytest
from ansvar.settings import Settings


def test_defaults_without_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for f in fields(Settings):
        monkeypatch.delenv(f"ANSVAR_{f.name.upper()}", raising=False)
    assert Settings.from_env() == Settings()


def test_environment_is_coerced_to_each_type(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ANSVAR_PORT", "9001")
    monkeypatch.setenv("ANSVAR_QUERY_TIMEOUT_S", "2.5")
    monkeypatch.setenv("ANSVAR_ISOLATE_QUERIES", "no")
    monkeypatch.setenv("ANSVAR_STORE_DIR", str(tmp_path / "store"))
    monkeypatch.setenv("ANSVAR_UPDATE_LOG", "")
    monkeypatch.setenv("ANSVAR_HOST", "0.0.0.0")  # noqa: S104 - a value, not a bind
    s = Settings.from_env()
    assert (s.port, s.query_timeout_s, s.isolate_queries) == (9001, 2.5, False)
    assert s.store_dir == tmp_path / "store" and s.update_log is None and s.host == "0.0.0.0"  # noqa: S104


def test_overrides_win_over_the_environment_and_none_is_no_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANSVAR_PORT", "9001")
    assert Settings.from_env(port=9002).port == 9002
    assert Settings.from_env(port=None).port == 9001


def test_a_bad_number_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANSVAR_PORT", "eighty")
    with pytest.raises(ValueError):
        Settings.from_env()


def test_every_setting_is_documented_where_it_is_declared() -> None:
    """Each field of Settings carries a comment on its line saying what it does."""
    source = Path(ansvar.settings.__file__).read_text(encoding="utf-8")
    comments = {
        tok.start[0] for tok in tokenize.generate_tokens(io.StringIO(source).readline) if tok.type == tokenize.COMMENT
    }
    lines = source.splitlines()
    declared = {
        f.name: i + 1 for i, line in enumerate(lines) for f in fields(Settings) if line.startswith(f"    {f.name}:")
    }
    assert set(declared) == {f.name for f in fields(Settings)}
    assert [name for name, line in declared.items() if line not in comments] == []
