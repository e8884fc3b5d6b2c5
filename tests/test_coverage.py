"""`ansvar coverage`: statements per source text, how many the graph models, and the exactness checks."""

from __future__ import annotations

import hashlib
import json

from ansvar.coverage import coverage_of, display_text, mismatch_hint, split_statements
from conftest import FIXTURES, ROOT, SEEDS, run_cli
from personal_data import leaks

MODEL = FIXTURES / "model"
MODEL_ARGS = ("--add", str(MODEL / "modell-exempel.ttl"), "--seeds", str(MODEL / "seed"), "--only", "modell-exempel")
R = "https://w3id.org/ansvar/id/responsibility/modell-exempel/"

TEXT = """Rubrik utan punkt

Första meningen om Länsstyrelsen. Andra meningen med s.k. 37 och 37a-medel. Sista!
pappersfigurer
Innehållsförteckning Innehåll Bakgrund... 4 Avsikt... 4
Arbetet är inriktat på att:
  • Analysera frågor för delregionen.
  1. Vägen till arbete
Kort.
Ett påstående om samverkan. 1 När det i texten nämns nyanlända menas alla
Content Editor
Namn Efternamn
namn.efternamn@lansstyrelsen.se
Ett påstående efter kontaktlistan.
"""


def test_split_statements_follows_the_documented_rules():
    got = [s.text for s in split_statements(TEXT)]
    assert got == [
        "Första meningen om Länsstyrelsen.",
        "Andra meningen med s.k. 37 och 37a-medel.",  # "s.k. 37" does not end a sentence
        "Analysera frågor för delregionen.",  # list items without their markers
        "Vägen till arbete",
        "Ett påstående om samverkan.",
        "1 När det i texten nämns nyanlända menas alla",  # a footnote is its own statement
    ]
    # Skipped: the heading, "Sista!" and "Kort." (under three words), the caption, the table of
    # contents, the list introduction, and everything from "Content Editor" on.
    for s in split_statements(TEXT):
        assert TEXT[s.start : s.end] == s.text


def test_a_statement_is_modelled_when_quotes_cover_half_of_it():
    text = "Aaaa bbbb cccc dddd. Eeee ffff gggg hhhh."
    first, second = split_statements(text)
    results = coverage_of(text, [first, second], ["Aaaa bbbb cccc", "hhhh."])
    assert [r.modelled for r in results] == [True, False]
    # Two quotes that together cover the second statement count as well.
    results = coverage_of(text, [first, second], ["Eeee ffff", "gggg hhhh."])
    assert [r.modelled for r in results] == [False, True]
    # A statement inside a longer quote is modelled.
    results = coverage_of(text, [first, second], [text])
    assert all(r.modelled for r in results)


def test_mismatch_hints_say_what_is_wrong():
    text = "Länsstyrelsen i\u00a0Dalarnas län planerar arbetet."
    assert "white space" in mismatch_hint(text, "Länsstyrelsen i Dalarnas län planerar")
    assert "case" in mismatch_hint(text, "länsstyrelsen i\u00a0dalarnas län")
    assert "differs at 'beslutar" in mismatch_hint(text, "Länsstyrelsen i\u00a0Dalarnas län beslutar")


def test_display_masks_signatory_names_but_not_organisations():
    signed = "Rådet Anna Ek, Landshövding, Länsstyrelsen Bo Ek, Områdeschef, Verket Cia Ek, Kommundirektör, X kommun"
    assert "Anna" not in display_text(signed) and "Landshövding" in display_text(signed)
    listed = "Länsstyrelsen Jämtlands län, Region Jämtland Härjedalen, Arbetsförmedlingen och Försäkringskassan"
    assert display_text(listed) == listed


def test_coverage_of_the_five_seeds():
    proc = run_cli("coverage", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    docs = {d["file"]: d for d in report["documents"]}
    assert sorted(docs) == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert report["errors"] == [] and all(d["sha256_ok"] for d in docs.values())
    # Counted by hand from the texts with the documented rules.
    assert docs["000_8479c6c2a6f12b1f.txt"]["statements"] == 18
    assert docs["001_2d8fdfe4f8c15ed9.txt"]["statements"] == 18  # the contact list is not counted
    # Set aside in Halland, each with its reason: the opening, which names no actor, the remark that the
    # actors are positive to cooperation, and the future local agreements the text only announces.
    assert docs["000_8479c6c2a6f12b1f.txt"]["unmodelled"] == [
        "För att mottagandet och etableringen för individen ska bli så bra som möjligt krävs att insatserna är "
        "individuella och att olika parter samarbetar vid planering och genomförande av aktiviteter.",
        "Samarbete och samsyn behövs för att insatserna ska pågå parallellt och utan oplanerade avbrott.",
        "De olika aktörerna i länet är positiva till samverkan över myndighetsgränser.",
        "Dessa kommer att resultera i nya lokala överenskommelser/samarbetsplaner.",
    ]
    total = report["total"]
    assert total["statements"] == sum(d["statements"] for d in docs.values())
    # Every statement of every text is decided: modelled, or set aside with a reason.
    assert total["undecided"] == 0 and all(d["modelled"] + d["set_aside"] == d["statements"] for d in docs.values())
    # The report never shows personal data.
    assert leaks(proc.stdout) == []


def test_coverage_table_names_each_seed_and_the_total():
    proc = run_cli("coverage")
    assert proc.returncode == 0, proc.stderr
    for name in ("halland-samarbete", "blekinge-overenskommelse-2016", "total", "set aside"):
        assert name in proc.stdout
    assert leaks(proc.stdout) == []


def _new_document(tmp_path, quote: str, sha: str | None = None):
    texts = tmp_path / "texts"
    texts.mkdir()
    seed = texts / "ny.txt"
    seed.write_text(
        "Ny text\n\nLänsstyrelsen i\u00a0Kronobergs län samordnar arbetet. Region Kronoberg deltar.\n", encoding="utf-8"
    )
    digest = sha or hashlib.sha256(seed.read_bytes()).hexdigest()
    ttl = tmp_path / "ny-kalla.ttl"
    ttl.write_text(
        f"""
@prefix ans: <https://w3id.org/ansvar/def#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/ansvar/id/source/ny-kalla> a ans:SourceDocument ;
    dcterms:title "Ny text"@sv ; ans:sha256 "{digest}" ; ans:fileName "ny.txt" .
<https://w3id.org/ansvar/id/goal/ny-kalla/mal> a ans:Goal ;
    prov:wasDerivedFrom <https://w3id.org/ansvar/id/source/ny-kalla> ; ans:quote "{quote}"@sv .
""",
        encoding="utf-8",
    )
    return ttl, texts


def test_a_retyped_quote_fails_with_the_reason(tmp_path):
    ttl, texts = _new_document(tmp_path, "Länsstyrelsen i Kronobergs län samordnar arbetet.")
    proc = run_cli("coverage", "--add", str(ttl), "--seeds", str(texts), "--only", "ny-kalla")
    assert proc.returncode == 1
    assert "goal/ny-kalla/mal" in proc.stderr and "not a verbatim substring" in proc.stderr
    assert "white space" in proc.stderr


def test_a_wrong_hash_fails(tmp_path):
    ttl, texts = _new_document(tmp_path, "Region Kronoberg deltar.", sha="0" * 64)
    proc = run_cli("coverage", "--add", str(ttl), "--seeds", str(texts), "--only", "ny-kalla", "--format", "json")
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)["documents"][0]
    assert doc["sha256_ok"] is False and "ans:sha256" in doc["errors"][0]
    assert doc["statements"] == 2 and doc["modelled"] == 1
    assert doc["unmodelled"] == ["Länsstyrelsen i Kronobergs län samordnar arbetet."]


def test_a_missing_text_and_a_missing_seeds_directory(tmp_path):
    ttl, _texts = _new_document(tmp_path, "Region Kronoberg deltar.")
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = run_cli("coverage", "--add", str(ttl), "--seeds", str(empty), "--only", "ny-kalla")
    assert proc.returncode == 1 and "ny.txt not found" in proc.stderr
    proc = run_cli("coverage", "--seeds", str(tmp_path / "nowhere"))
    assert proc.returncode == 2 and "nowhere" in proc.stderr


def test_fail_under(tmp_path):
    ttl, texts = _new_document(tmp_path, "Region Kronoberg deltar.")
    ok = run_cli("coverage", "--add", str(ttl), "--seeds", str(texts), "--only", "ny-kalla", "--fail-under", "50")
    assert ok.returncode == 0, ok.stderr
    low = run_cli("coverage", "--add", str(ttl), "--seeds", str(texts), "--only", "ny-kalla", "--fail-under", "60")
    assert low.returncode == 1 and "below 60" in low.stderr


def test_the_template_builds_and_is_fully_covered_by_its_example_text():
    template = ROOT / "data" / "sources" / "_template.ttl.example"
    built = run_cli("build", "--add", str(template))
    assert built.returncode == 0, built.stderr
    proc = run_cli(
        "coverage",
        "--add",
        str(template),
        "--seeds",
        str(FIXTURES / "template-seed"),
        "--only",
        "exempel-overenskommelse-2024",
        "--format",
        "json",
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)["documents"][0]
    # Seven statements: six support facts, the figure on the county's inhabitants is set aside.
    assert (doc["statements"], doc["modelled"], doc["set_aside"], doc["undecided"], doc["sha256_ok"]) == (
        7,
        6,
        1,
        0,
        True,
    )


def _model_report() -> dict:
    proc = run_cli("coverage", *MODEL_ARGS, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)["documents"][0]


def test_the_ledger_gives_each_statement_its_facts_quotes_or_reason():
    doc = _model_report()
    # The fixture's text has six statements, decided by hand in modell-exempel.ttl.
    assert (doc["statements"], doc["modelled"], doc["set_aside"], doc["undecided"]) == (6, 4, 1, 1)
    ledger = {entry["statement"]: entry for entry in doc["ledger"]}
    school = ledger["Kommunerna i Blekinge ska erbjuda skola för nyanlända barn."]
    assert school["status"] == "modelled"
    # The general duty's evidence supports what every holder shares, not the holders themselves.
    assert school["facts"] == [
        {
            "fact": R + "01",
            "evidence": R + "01/evidence/text",
            "supports": ["ans:dutyKind", "ans:holderKind", "ans:obligationKind", "ans:targetGroup", "ans:task"],
            "method": "c:evidence-method/quoted",
            "quote": "Kommunerna i Blekinge ska erbjuda skola för nyanlända barn.",
        }
    ]
    joint = ledger[
        "Länsstyrelsen och Region Blekinge har tillsammans ett gemensamt ansvar för samverkan kring mottagandet."
    ]
    assert [f["fact"] for f in joint["facts"]] == [R + "02"] and "ans:actor" in joint["facts"][0]["supports"]
    background = ledger["Blekinge tar emot många nyanlända varje år."]
    assert background["status"] == "set aside" and background["facts"] == []
    assert background["set_aside"] == [
        {
            "node": "https://w3id.org/ansvar/id/unmodelled/modell-exempel/1",
            "reason": "Background: says nothing about who does what.",
            "quote": "Blekinge tar emot många nyanlända varje år.",
        }
    ]
    open_one = ledger["Ett påstående som ingen har bedömt ännu finns också här."]
    assert (open_one["status"], open_one["facts"], open_one["set_aside"]) == ("undecided", [], [])
    assert doc["undecided_statements"] == ["Ett påstående som ingen har bedömt ännu finns också här."]


def test_statements_about_facts_are_counted_by_kind_of_evidence():
    counts = _model_report()["fact_statements"]
    # By hand from modell-exempel.ttl (facts derived from the document; the statute's own fact
    # sfs-37a and the transfer come from the statute book): the general duty 01 has 6 statements
    # (5 quoted, validFrom inferred), each of its two holders 8 (actor, area, holderRole from the
    # register; 4 quoted and validFrom inferred through the general duty), 02 has 6 quoted, 03 has
    # 6 quoted and legalBasis from the statute, 05 has 6 quoted, validFrom from the statute and
    # ans:recipient without evidence.
    assert counts == {
        "asserted": 6 + 2 * 8 + 6 + 7 + 8,
        "quoted": 5 + 2 * 4 + 6 + 6 + 6,
        "statute_or_register": 2 * 3 + 1 + 1,
        "inferred_uncertain": 1 + 2,
        "without_evidence": 1,
        "legacy_quote": 0,
    }


def test_legacy_quotes_on_facts_still_count(tmp_path):
    ttl, texts = _new_document(tmp_path, "Region Kronoberg deltar.")
    proc = run_cli("coverage", "--add", str(ttl), "--seeds", str(texts), "--only", "ny-kalla", "--format", "json")
    doc = json.loads(proc.stdout)["documents"][0]
    entry = next(e for e in doc["ledger"] if e["statement"] == "Region Kronoberg deltar.")
    assert entry["status"] == "modelled"
    assert entry["facts"] == [
        {
            "fact": "https://w3id.org/ansvar/id/goal/ny-kalla/mal",
            "evidence": None,
            "supports": [],
            "method": None,
            "quote": "Region Kronoberg deltar.",
        }
    ]
    # The goal has no property other than its quote: nothing to count, nothing without evidence.
    assert doc["fact_statements"]["asserted"] == 0


def test_the_ledger_table_and_fail_undecided():
    proc = run_cli("coverage", *MODEL_ARGS, "--ledger")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    at = lines.index("  3. [modelled] Länsstyrelsen beslutar om utvecklingsmedel till kommunerna.")
    assert lines[at + 1].strip().startswith("id:responsibility/modell-exempel/03 — ans:actor")
    assert lines[at + 2].strip() == "“Länsstyrelsen beslutar om utvecklingsmedel till kommunerna.”"
    assert "set aside by id:unmodelled/modell-exempel/1: Background" in proc.stdout
    assert "[undecided] Ett påstående som ingen har bedömt ännu finns också här." in proc.stdout
    failing = run_cli("coverage", *MODEL_ARGS, "--fail-undecided")
    assert failing.returncode == 1 and "1 statement(s) are neither modelled nor set aside" in failing.stderr


def test_fail_undecided_passes_when_every_statement_is_decided(tmp_path):
    whole = "Länsstyrelsen i\u00a0Kronobergs län samordnar arbetet. Region Kronoberg deltar."
    ttl, texts = _new_document(tmp_path, whole)
    proc = run_cli("coverage", "--add", str(ttl), "--seeds", str(texts), "--only", "ny-kalla", "--fail-undecided")
    assert proc.returncode == 0, proc.stderr


def test_the_ledger_of_the_five_seeds_is_consistent():
    report = json.loads(run_cli("coverage", "--format", "json").stdout)
    for d in report["documents"]:
        assert d["modelled"] + d["set_aside"] + d["undecided"] == d["statements"] == len(d["ledger"])
        for entry in d["ledger"]:
            assert entry["status"] in ("modelled", "set aside", "undecided")
            assert (entry["status"] == "set aside") <= bool(entry["set_aside"])
            for f in entry["facts"] + entry["set_aside"]:
                assert f["quote"]  # every entry shows the words it rests on
            for f in entry["set_aside"]:
                assert f["reason"], f"{f['node']} sets a statement aside without ans:reason"
        counts = d["fact_statements"]
        assert counts["legacy_quote"] <= counts["without_evidence"] <= counts["asserted"]
        assert counts["asserted"] > 0
    total = report["total"]
    assert total["undecided"] == sum(d["undecided"] for d in report["documents"])


def test_the_readme_shows_the_current_figures():
    proc = run_cli("coverage", "--format", "json")
    report = json.loads(proc.stdout)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for d in report["documents"]:
        row = (
            f"| {d['name']} | {d['file']} | {d['statements']} | {d['modelled']} | {d['set_aside']} "
            f"| {d['undecided']} | {d['percent']:.1f} |"
        )
        assert row in readme, row
    total = report["total"]
    row = (
        f"| **{total['statements']}** | **{total['modelled']}** | **{total['set_aside']}** "
        f"| **{total['undecided']}** | **{total['percent']:.1f}** |"
    )
    assert row in readme, row
