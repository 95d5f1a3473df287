"""The module map in docs/architecture.md holds: every import points down, with no circle.

Every import is read with ``ast``, those inside functions included.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "src" / "secure_communities_article"
#: Imports allowed inside functions: the optional extras, each imported where it is used.
EXTRAS = {"pandas", "pyarrow", "spacy", "pyld", "cassis", "udapi", "conllu"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts) or "__init__"


def is_module(name: str) -> bool:
    path = PACKAGE / name.replace(".", "/")
    return path.is_dir() or path.with_suffix(".py").exists()


def imports(path: Path, source: str | None = None) -> list[tuple[str, tuple[str, ...], bool]]:
    """Each package module ``path`` imports, relatively or absolutely: (module, names, inside a
    function).  ``source`` stands in for the file's text."""
    tree = ast.parse(path.read_text("utf-8") if source is None else source)
    package = module_name(path).split(".") if path.name == "__init__.py" else None
    here = package or module_name(path).split(".")[:-1]
    found: list[tuple[str, tuple[str, ...], bool]] = []
    inside = {
        id(node)
        for function in ast.walk(tree)
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef))
        for node in ast.walk(function)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level or ours(node.module)):
            if node.level:
                base = here[: len(here) - node.level + 1] if node.level > 1 else here
                base = [p for p in base if p != "__init__"]
                module = node.module.split(".") if node.module else []
            else:  # from secure_communities_article[.x] import ...
                base, module = [], str(node.module).split(".")[1:]
            target = ".".join([*base, *module])
            names = tuple(alias.name for alias in node.names)
            if not module:  # from . import x: the package itself, or its submodule x
                subs = [f"{target}.{n}".strip(".") for n in names]
                modules = [s for s in subs if is_module(s)]
                target = target or "__init__"
                found += [(m, (), id(node) in inside) for m in modules]
                if len(modules) < len(names):
                    found.append((target, names, id(node) in inside))
                continue
            found.append((target or "__init__", names, id(node) in inside))
        elif isinstance(node, ast.Import) and any(ours(a.name) for a in node.names):
            for alias in node.names:  # import secure_communities_article[.x]
                name = ".".join(alias.name.split(".")[1:]) or "__init__"
                inner = id(node) in inside
                found.append((name if ours(alias.name) else f"<external>{alias.name}", (), inner))
        elif isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) in inside:
            external = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
            found.append((f"<external>{external}", (), True))
    return found


def ours(module: str | None) -> bool:
    """Whether an absolute import names this package or one of its modules."""
    return module is not None and module.split(".")[0] == PACKAGE.name


def layers() -> dict[str, int]:
    """Module -> its layer, from the table in docs/architecture.md."""
    text = (ROOT / "docs" / "architecture.md").read_text("utf-8")
    table = {}
    for number, modules in re.findall(r"^\| (\d+) \| ([^|]+) \|", text, flags=re.M):
        for module in re.findall(r"`([^`]+)`", modules):
            table[module] = int(number)
    return table


def layer_of(module: str, table: dict[str, int]) -> int:
    return table.get(module) or table[module.split(".")[0] + ".*"]


SOURCES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_is_in_the_map() -> None:
    table = layers()
    assert [
        module_name(p)
        for p in SOURCES
        if module_name(p) not in table and module_name(p).split(".")[0] + ".*" not in table
    ] == []


def test_every_import_points_down_or_within_its_layer() -> None:
    table = layers()
    wrong = []
    for path in SOURCES:
        here = module_name(path)
        for target, _, _ in imports(path):
            if not target.startswith("<external>") and layer_of(target, table) < layer_of(
                here, table
            ):
                wrong.append(f"{here} -> {target}")
    assert wrong == []


def test_there_is_no_import_circle() -> None:
    graph = {
        module_name(p): {t for t, _, _ in imports(p) if not t.startswith("<")} for p in SOURCES
    }
    graph["__init__"] = graph.get("__init__", set())

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in graph.get(start, set()) - seen:
            if nxt == goal or reaches(nxt, goal, seen | {nxt}):
                return True
        return False

    assert [m for m in graph if m != "__init__" and reaches(m, m, set())] == []


def test_no_module_imports_another_modules_private_names() -> None:
    wrong = [
        f"{module_name(p)}: {t}.{n}"
        for p in SOURCES
        for t, names, _ in imports(p)
        for n in names
        if n.startswith("_") and not n.startswith("__")
    ]
    assert wrong == []


def test_only_the_optional_extras_are_imported_inside_functions() -> None:
    wrong = [
        f"{module_name(p)}: {t}"
        for p in SOURCES
        for t, _, inside in imports(p)
        if inside and t.removeprefix("<external>").split(".")[0] not in EXTRAS
    ]
    assert wrong == []
    for path in SOURCES:
        text = path.read_text("utf-8")
        assert not re.search(r"\b(ctypes|_thread)\b", text), path


def test_absolute_imports_of_the_package_are_read_like_relative_ones() -> None:
    source = (
        "from secure_communities_article import _load, formats\n"
        "from secure_communities_article._score import score\n"
        "import secure_communities_article.formats.conllu\n"
        "def f():\n    import secure_communities_article\n"
    )
    assert imports(PACKAGE / "_errors.py", source) == [
        ("_load", (), False),
        ("formats", (), False),
        ("_score", ("score",), False),
        ("formats.conllu", (), False),
        ("__init__", (), True),
    ]
