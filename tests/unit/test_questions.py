"""The catalogue of questions read from a directory of .rq files with a TOML header."""

from __future__ import annotations

from pathlib import Path

import pytest
from ansvar.questions import CatalogueError, catalogue, parse_question

GOOD = """\
# title.sv = "Län"
# title.en = "Counties"
# description.sv = "Alla län"
# description.en = "Every county"
# columns = ["county"]
# [[param]]
# name = "county"
# type = "county"
# default = "10"
PREFIX ans: <https://w3id.org/ansvar/def#>
SELECT ?county WHERE {
#PARAMS
  ?county a ans:County .
}
"""


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / f"{name}.rq"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_question_is_read_from_its_header(tmp_path: Path) -> None:
    write(tmp_path, "counties", GOOD)
    write(tmp_path, "another", GOOD.replace('"Län"', '"Andra"'))
    found = catalogue(tmp_path)
    assert list(found) == ["another", "counties"]
    question = found["counties"]
    assert question.title == {"sv": "Län", "en": "Counties"} and question.columns == ("county",)
    [param] = question.params
    assert (param.name, param.type, param.default) == ("county", "county", "10")
    assert "VALUES (?county) { (<https://w3id.org/ansvar/id/county/10>) }" in question.bound()
    assert "<https://w3id.org/ansvar/id/county/12>" in question.bound({"county": "12"})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD.replace('# title.en = "Counties"\n', ""), "title.sv and title.en"),
        (GOOD.replace("# columns = [", "# columns = [[["), "not valid TOML"),
        (GOOD.replace('# type = "county"', '# type = "colour"'), "needs a type"),
        (GOOD.replace('# type = "county"', '# type = "concept"'), "needs a scheme"),
        (GOOD.replace("#PARAMS\n", ""), "#PARAMS line"),
        (GOOD.replace('# default = "10"', '# default = "99"'), "default of parameter county"),
    ],
)
def test_bad_headers_are_refused_with_the_file_name(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, "broken", text)
    with pytest.raises(CatalogueError, match="broken.rq") as err:
        parse_question(path)
    assert message in str(err.value)
