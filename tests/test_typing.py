"""The public API reaches users' type checkers with its real types (tests/typing holds examples).

``mypy --strict`` over the package (CI's static checks include tests/typing): a misspelled
name and a wrong argument type fail, and the lazily imported functions show their signatures.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from mypy import api

from conftest import ROOT
from secure_communities_article import SCORER, formats

MISUSE = """
import secure_communities_article as sca
article = sca.load()
sca.write_jsn(article, "a.json")
sca.write_json(article, 42, overwrite="yes")
sca.scor([], "mentions")
reveal_type(sca.to_html)
reveal_type(sca.write_conllu)
reveal_type(article.record("john-morton"))
reveal_type(article.resolve(None))
"""


def test_misspelled_names_and_wrong_types_fail_and_signatures_are_real(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = tmp_path / "user.py"
    user.write_text(MISUSE, "utf-8")
    monkeypatch.setenv("MYPYPATH", str(ROOT / "src"))  # this checkout's package, not one installed
    monkeypatch.chdir(tmp_path)  # no project configuration: a user's own strict run
    out, _, status = api.run(["--strict", "--no-incremental", "--no-error-summary", str(user)])
    lines = out.splitlines()
    assert status == 1
    assert any(':4: error: Module has no attribute "write_jsn"' in line for line in lines), out
    assert any(":5: error: Argument 2 " in line for line in lines), out
    assert any(':5: error: Argument "overwrite" ' in line for line in lines), out
    assert any(':6: error: Module has no attribute "scor"' in line for line in lines), out
    revealed = [  # mypy's versions differ in spelling builtins
        line.partition("Revealed type is ")[2].replace("builtins.", "")
        for line in lines
        if "Revealed" in line
    ]
    assert revealed[0] == '"def (article: secure_communities_article._article.Article) -> str"'
    assert (
        revealed[1] == '"secure_communities_article.formats.Writer"'
    )  # its __call__, checked at :5
    assert "secure_communities_article._model.Person" in revealed[2] and "Any" not in revealed[2]
    assert revealed[3] == '"None"'


def test_the_typed_names_are_the_registry_s_and_the_scorer_s() -> None:
    tree = ast.parse((ROOT / "src/secure_communities_article/__init__.py").read_text("utf-8"))
    block = next(
        n for n in tree.body if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test)
    )
    declared = {
        n.target.id
        for n in block.body
        if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
    }
    imported = {
        a.asname or a.name for n in block.body if isinstance(n, ast.ImportFrom) for a in n.names
    }
    assert declared == set(formats.WRITERS)
    assert imported - {"Writer"} == {*formats.API, *SCORER}


def test_a_record_is_any_record_of_the_article_s_collections() -> None:
    import typing

    from secure_communities_article._article import Record
    from secure_communities_article._describe import COLLECTIONS

    assert set(typing.get_args(Record)) == {c.base for c in COLLECTIONS}
