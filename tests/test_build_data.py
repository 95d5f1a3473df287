"""The shipped document is exactly what tools/build_data.py makes of annotations/*.yaml."""

from __future__ import annotations

import difflib
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from conftest import ROOT, script

TOOL = ROOT / "tools" / "build_data.py"
ANNOTATIONS = ROOT / "annotations"
SHIPPED = ROOT / "src" / "secure_communities_article" / "data" / "article.json"
SECOND = SHIPPED.with_name("second-annotation.json")


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    if not TOOL.exists() or not ANNOTATIONS.is_dir():
        pytest.skip("tools/ and annotations/ are not beside the tests (an installed-only copy)")
    return script(TOOL)


@pytest.fixture
def edited(tmp_path: Path, tool: ModuleType) -> Callable[[str, Callable[[str], str]], Path]:
    """A copy of the annotations with one file's text changed; the copy's folder."""
    folder = tmp_path / "annotations"
    shutil.copytree(ANNOTATIONS, folder)

    def edit(layer: str, change: Callable[[str], str]) -> Path:
        path = folder / f"{layer}.yaml"
        before = path.read_text(encoding="utf-8")
        after = change(before)
        assert after != before, "the edit changed nothing"
        path.write_text(after, encoding="utf-8")
        return folder

    return edit


def block(text: str, record_id: str) -> str:
    """The lines of one record in an annotation file, from its ``- id:`` line to the blank."""
    match = re.search(rf"^- id: {re.escape(record_id)}\n(?:  .*\n)*\n?", text, re.M)
    assert match, record_id
    return match.group()


def test_the_shipped_file_is_exactly_the_build_output(tool: ModuleType) -> None:
    assert tool.render(tool.build()) == SHIPPED.read_text(encoding="utf-8")
    assert tool.main(["--check"]) == 0


def test_every_id_is_written_once_in_the_files(tool: ModuleType) -> None:
    document = json.loads(SHIPPED.read_text(encoding="utf-8"))
    written = "".join(p.read_text(encoding="utf-8") for p in sorted(ANNOTATIONS.glob("*.yaml")))
    for layer in tool.LAYERS:
        for item in document[layer]:
            assert written.count(f"- id: {item['id']}\n") == 1, item["id"]


def test_the_files_hold_no_offsets_and_no_derived_values() -> None:
    for path in ANNOTATIONS.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        for key in ("start", "end", "text", "paragraph", "index", "source_sha256", "headline"):
            assert not re.search(rf"^\s*-?\s*{key}:|[{{,]\s*{key}:", text, re.M), (path.name, key)


def test_an_anchor_must_occur_exactly_once(
    tool: ModuleType, edited: Callable[[str, Callable[[str], str]], Path]
) -> None:
    folder = edited(
        "mentions", lambda t: t.replace('{exact: "Morton", prefix: "which "}', '{exact: "Morton"}')
    )
    with pytest.raises(
        tool.BuildError,
        match=r"mentions mention-john-morton-which-said\.span: 'Morton' occurs 2 times",
    ):
        tool.build(folder)
    folder = edited("mentions", lambda t: t.replace('{exact: "Morton"}', '{exact: "Morten"}'))
    with pytest.raises(
        tool.BuildError, match=r"mention-john-morton-which-said\.span: 'Morten' occurs 0 times"
    ):
        tool.build(folder)


def test_files_out_of_text_order_are_refused_not_sorted(
    tool: ModuleType, edited: Callable[[str, Callable[[str], str]], Path]
) -> None:
    def swap(text: str) -> str:
        first, second = (
            block(text, "mention-secure-communities-through-program"),
            block(text, "mention-fbi-shares"),
        )
        return text.replace(first, "\0").replace(second, first).replace("\0", second)

    message = r"mentions mention-secure-communities-through-program: out of text order \(by its anc"
    with pytest.raises(tool.BuildError, match=message):
        tool.build(edited("mentions", swap))


def test_entities_follow_their_first_mention(
    tool: ModuleType, edited: Callable[[str, Callable[[str], str]], Path]
) -> None:
    def move_first_to_end(text: str) -> str:
        first = block(text, "massachusetts")
        return text.replace(first, "") + "\n" + first

    with pytest.raises(
        tool.BuildError,
        match=r"places massachusetts: out of text order \(by its first mention\)",
    ):
        tool.build(edited("places", move_first_to_end))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("- id: fbi\n", "- id: FBI\n"), r"organizations FBI\.id: expected an id \(lowercase"),
        (("- id: fbi\n", "- id: fbi\n  founded: 1908\n"), r"unknown fields \['founded'\]"),
        (('  name: "FBI"\n', ""), r"organizations fbi: missing fields \['name'\]"),
    ],
)
def test_malformed_records_are_refused_by_name(
    tool: ModuleType,
    edited: Callable[[str, Callable[[str], str]], Path],
    change: tuple[str, str],
    message: str,
) -> None:
    with pytest.raises(tool.BuildError, match=message):
        tool.build(edited("organizations", lambda t: t.replace(*change)))


def hunks(before: str, after: str) -> str:
    """The unified diff of two texts (three lines of context), without its file header."""
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="")
    return "".join(f"{line}\n" for line in list(lines)[2:])


def test_removing_one_mention_changes_only_that_mentions_lines(
    tool: ModuleType, edited: Callable[[str, Callable[[str], str]], Path]
) -> None:
    removed_id = "mention-john-morton-which-said"
    folder = edited("mentions", lambda t: t.replace(block(t, removed_id), ""))
    before, after = tool.render(tool.build()), tool.render(tool.build(folder))
    changed = [
        line for line in hunks(before, after).splitlines() if line[:1] in "+-" and line[:2] != "@@"
    ]
    (mention,) = [m for m in json.loads(before)["mentions"] if m["id"] == removed_id]
    own = json.dumps(mention, ensure_ascii=False, indent=2) + ","
    own_lines = ["    " + line for line in own.splitlines()]
    assert all(line.startswith("-") for line in changed)
    assert sorted(line[1:] for line in changed) == sorted(own_lines)


def test_the_changelog_maps_every_renamed_id_to_one_in_the_data() -> None:
    changelog = ROOT / "docs" / "changelog.md"
    if not changelog.exists():
        pytest.skip("no docs beside the tests")
    renames = re.findall(r"^\| `([a-z0-9-]+)` \| `([a-z0-9-]+)` \|$", changelog.read_text(), re.M)
    assert len(renames) == 59
    document = json.loads(SHIPPED.read_text(encoding="utf-8"))
    ids = {
        r["id"]
        for value in document.values()
        if isinstance(value, list)
        for r in value
        if "id" in r
    }
    old, new = {o for o, _ in renames}, {n for _, n in renames}
    assert len(old) == len(new) == len(renames)
    found = re.search(r"Removed ids\*\* \(never reused\): (.*)", changelog.read_text())
    removed = set(re.findall(r"`([a-z0-9-]+)`", found[1] if found else ""))
    assert removed == {"mention-secure-communities-headline", "mention-secure-communities-through"}
    assert new <= ids | removed and not removed & ids
    assert not old & ids
    assert not any(
        re.search(r"-[0-9]+$", i) and not i.startswith(("quantity-", "time-")) for i in ids
    )


def test_check_exits_1_when_the_shipped_file_differs(
    tool: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stale = tmp_path / "article.json"
    stale.write_text(SHIPPED.read_text(encoding="utf-8").replace('"Morton"', '"Morten"'))
    second = tmp_path / "second-annotation.json"
    second.write_text(SECOND.read_text(encoding="utf-8"))
    monkeypatch.setattr(tool, "BUILDS", ((tool.ANNOTATIONS, stale), (tool.BUILDS[1][0], second)))
    assert tool.main(["--check"]) == 1
    assert tool.main([]) == 0
    assert stale.read_text(encoding="utf-8") == SHIPPED.read_text(encoding="utf-8")
    assert tool.main(["--check"]) == 0
    second.write_text("{}")  # the second annotation is checked as the gold is
    assert tool.main(["--check"]) == 1
