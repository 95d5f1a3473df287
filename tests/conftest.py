"""Shared fixtures: the bundled article, its plain document, and the raw source bytes."""

from __future__ import annotations

import importlib.resources
import importlib.util
import json
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import secure_communities_article as sca

# Test oracles vendored with their licences (tests/vendor/README.md).
sys.path.insert(0, str(Path(__file__).parent / "vendor"))

# Hypothesis profiles: "ci" (the default) is short; "long" is the thorough run, e.g.
#   HYPOTHESIS_PROFILE=long python -m pytest tests/test_mutations.py
settings.register_profile(
    "ci", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.register_profile(  # for mutation testing, which runs the tests once per mutant
    "quick", max_examples=30, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent

# The layers as the annotation guide states them, written out here so that the tests
# that check the data do not lean on the package they check.
ENTITY_COLLECTIONS = ("people", "organizations", "places", "programs")
#: Each layer whose records have a place of their own in the text: the span that fixes it.
LAYER_ANCHORS = {
    "segments": "span",
    "mentions": "span",
    "quotes": "span",
    "reported_speech": "content",
    "quantities": "span",
    "time_expressions": "span",
    "reforms": "span",
    "events": "trigger",
    "stances": "holder_span",
}
#: Every collection of records with ids, in document order.
ID_COLLECTIONS = ("segments", *ENTITY_COLLECTIONS, *list(LAYER_ANCHORS)[1:])
SOURCE_SHA256 = "5e6797dcbb97682d61fa37cf63b0b091cea820ddd0845097e0f3805fe4aa7755"


def script(path: Path, name: str | None = None) -> ModuleType:
    """A script of the repository (``tools/``, ``benchmarks/``) imported as a module."""
    spec = importlib.util.spec_from_file_location(name or path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses and pickling look a module up by name
    spec.loader.exec_module(module)
    return module


def package_file(name: str) -> bytes:
    """A file from the installed package's data folder, read without the loader."""
    data: bytes = (
        importlib.resources.files("secure_communities_article")
        .joinpath("data")
        .joinpath(name)
        .read_bytes()
    )
    return data


@pytest.fixture(scope="session")
def article() -> sca.Article:
    return sca.load()


@pytest.fixture(scope="session")
def source_bytes() -> bytes:
    return package_file("wapo-2011-06-17-ice-reforms-secure-communities.txt")


@pytest.fixture(scope="session")
def source(source_bytes: bytes) -> str:
    return source_bytes.decode("utf-8")


@pytest.fixture(scope="session")
def shipped_document() -> dict[str, Any]:
    """The shipped article.json, parsed with json alone (independent of the package)."""
    document: dict[str, Any] = json.loads(package_file("article.json"))
    return document


# Nothing may be skipped: a plain clone with the test extra installed runs every test.
# A skip (a missing tool, a missing file) fails the run, naming what was skipped.
_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and not hasattr(report, "wasxfail"):
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _skipped and exitstatus == 0:
        print(f"\n{len(_skipped)} test(s) skipped, and nothing may be: {', '.join(_skipped[:5])}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
INSTALL = "apt-get install chromium chromium-driver"


def _missing_chromium() -> str:
    """What to install, if Chromium or its driver is missing; else ""."""
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.is_file()]
    if not missing:
        return ""
    return f"{', '.join(missing)} not found: install Chromium for the page tests ({INSTALL})"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without Chromium, one page test fails with the install command; the rest are
    deselected, so the run shows that one line once, not one error per page test."""
    needing = [item for item in items if "browser" in getattr(item, "fixturenames", ())]
    if needing and _missing_chromium():
        deselected = set(needing[1:])
        config.hook.pytest_deselected(items=needing[1:])
        items[:] = [item for item in items if item not in deselected]


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One headless Chromium for every page test (Debian's chromium and chromium-driver)."""
    if _missing_chromium():
        pytest.fail(_missing_chromium(), pytrace=False)
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--window-size=1280,1100",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        driver.quit()


def snapshot(root: Path) -> dict[str, object]:
    """Every entry under ``root`` (links not followed): its kind and bytes or link target."""
    state: dict[str, object] = {}
    for folder, folders, files in os.walk(root):
        for name in sorted(folders + files):
            path = Path(folder) / name
            mode = os.lstat(path).st_mode
            key = str(path.relative_to(root))
            if stat.S_ISLNK(mode):
                state[key] = ("link", os.readlink(path))
            elif stat.S_ISREG(mode):
                state[key] = ("file", path.read_bytes())
            else:
                state[key] = ("other", stat.S_IFMT(mode))
    return state
