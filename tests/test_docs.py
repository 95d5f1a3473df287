"""The documentation is checked: its examples run, its generated pages match the model.

Every fenced ```pycon block in ``docs/*.md`` is a doctest, run in order with one
namespace per page, its shown output compared.
"""

from __future__ import annotations

import doctest
import functools
import re
from pathlib import Path
from typing import Any, NamedTuple

import pytest

import secure_communities_article as sca
from conftest import ROOT, script

DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md")) if DOCS.is_dir() else []
FENCE = re.compile(r"^```(?P<language>[^\n]*)\n(?P<body>.*?)^```", re.S | re.M)
OPTIONS = doctest.ELLIPSIS
needs_docs = pytest.mark.skipif(not PAGES, reason="needs the source tree's docs/")


class Block(NamedTuple):
    """One fenced code block of a page."""

    page: Path
    line: int
    language: str
    body: str


def blocks(page: Path) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    return [
        Block(
            page,
            text.count("\n", 0, match.start("body")),
            match["language"].strip(),
            match["body"],
        )
        for match in FENCE.finditer(text)
    ]


@functools.cache  # each page runs once per session, however many tests read its result
def run_page(page: Path) -> doctest.TestResults:
    """Run every pycon block of a page in order, in one namespace."""
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=OPTIONS, verbose=False)
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    for block in blocks(page):
        if block.language != "pycon":
            continue
        test = parser.get_doctest(
            block.body, namespace, f"{page.name}:{block.line}", str(page), block.line
        )
        runner.run(test, clear_globs=False)
        namespace.update(test.globs)  # a DocTest runs in a copy: carry its names forward
    return runner.summarize(verbose=False)


@needs_docs
@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_page_examples_run_and_show_their_output(page: Path) -> None:
    assert run_page(page).failed == 0


@needs_docs
def test_the_pages_hold_examples() -> None:
    counts = {p.name: run_page(p).attempted for p in PAGES}
    assert counts["quickstart.md"] >= 10
    assert counts["datasheet.md"] >= 1
    assert counts["annotation-guide.md"] >= 2
    assert counts["decision-log.md"] >= 10


@needs_docs
def test_every_code_block_in_the_docs_is_executed() -> None:
    """No example escapes the tests: every fenced block is a pycon doctest."""
    other = [
        (b.page.name, b.line, b.language) for p in PAGES for b in blocks(p) if b.language != "pycon"
    ]
    assert other == []


# --- the generated data dictionary --------------------------------------------------------


def data_dictionary_tool() -> Any:
    path = ROOT / "tools" / "gen_data_dictionary.py"
    if not path.exists():
        pytest.skip("tools/ is not beside the tests")
    return script(path)


@needs_docs
def test_committed_data_dictionary_is_the_generated_one() -> None:
    tool = data_dictionary_tool()
    committed = (DOCS / "data-dictionary.md").read_text(encoding="utf-8")
    assert committed == tool.render(), "run python tools/gen_data_dictionary.py"


def test_data_dictionary_lists_every_field_of_every_record_kind() -> None:
    import attrs

    from secure_communities_article._article import RECORD_TYPES

    page = data_dictionary_tool().render()
    for cls in RECORD_TYPES:
        assert f"\n## {cls.__name__}\n" in page
        for field in attrs.fields(cls):
            if field.init:
                assert f"| `{field.name}` |" in page, (cls.__name__, field.name)


def test_a_field_without_documentation_cannot_be_described() -> None:
    import attrs

    from secure_communities_article._describe import describe_class

    undocumented = attrs.make_class(
        "Undocumented",
        {
            "documented": attrs.field(type=str, metadata={"doc": "Has a doc."}),
            "bare": attrs.field(type=str),
        },
        frozen=True,
    )
    message = r"Undocumented\.bare: every field of the model needs a doc"
    with pytest.raises(TypeError, match=message):
        describe_class(undocumented)


def test_allowed_values_come_from_the_literal_types() -> None:
    tool = data_dictionary_tool()
    from secure_communities_article._describe import RECORDS

    section = "\n".join(tool.section(RECORDS[sca.Quote], list(sca.load().quotes)))
    assert "`cue-names-speaker`, `cue-pronoun`, `no-cue`" in section
    assert "`full`, `partial`" in section
    assert "| `speaker` | `str \\| None` |" in section


# --- citation metadata ------------------------------------------------------------------------

CITATION = ROOT / "CITATION.cff"
needs_citation = pytest.mark.skipif(not CITATION.exists(), reason="needs the source tree")


@needs_citation
def test_citation_file_has_the_required_keys_and_cites_the_article() -> None:
    import yaml

    citation = yaml.safe_load(CITATION.read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors", "type", "license", "version", "references"):
        assert citation[key], key
    assert citation["version"] == sca.__version__
    assert citation["license"] == "MIT"
    (article,) = (r for r in citation["references"] if r["type"] == "newspaper-article")
    loaded = sca.load()
    assert article["title"] == loaded.headline
    assert article["url"] == loaded.url
    assert str(article["date-published"]) == loaded.published.isoformat()
    assert [a["family-names"] for a in article["authors"]] == ["Bahrampour"]


CFF_SCHEMA = ROOT / "tests" / "data" / "cff-1.2.0-schema.json"


def cff_problems(text: str) -> list[str]:
    """Where a CFF document breaks the CFF 1.2.0 JSON Schema (vendored in tests/data)."""
    import datetime
    import json

    yaml = pytest.importorskip("yaml")
    jsonschema = pytest.importorskip("jsonschema")

    def plain(value: Any) -> Any:  # the schema asks tools to read YAML dates as strings
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    schema = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    errors = validator.iter_errors(plain(yaml.safe_load(text)))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]


@needs_citation
def test_citation_file_validates_against_the_cff_schema() -> None:
    assert cff_problems(CITATION.read_text(encoding="utf-8")) == []


def test_cff_schema_check_refuses_a_broken_citation() -> None:
    problems = cff_problems('cff-version: 1.2.0\nmessage: "cite"\ntitle: "x"\n')
    assert problems == [": 'authors' is a required property"]
    dated = cff_problems(
        "cff-version: 1.2.0\nmessage: m\ntitle: t\nauthors: [{name: a}]\n"
        'date-released: "2011-13-01"\n'
    )
    assert dated and all(p.startswith("date-released: '2011-13-01'") for p in dated)


@needs_docs
def test_data_dictionary_describes_fields_not_this_articles_counts() -> None:
    """The sizes of the layers belong to the datasheet (issue 24), not the dictionary."""
    import attrs

    page = data_dictionary_tool().render()
    article = sca.load()
    sizes = [
        f"{len(value)} {type(value[0]).__name__} record"
        for value in (getattr(article, f.name) for f in attrs.fields(sca.Article))
        if isinstance(value, tuple) and value
    ]
    assert sizes and [size for size in sizes if size in page] == []
    assert str(len(article.source)) not in page
