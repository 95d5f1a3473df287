"""The README's examples run, its set-up commands are the ones CI runs."""

from __future__ import annotations

import doctest
import re

import pytest

from conftest import ROOT

README = ROOT / "README.md"


def shell_commands() -> list[str]:
    text = README.read_text(encoding="utf-8")
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S)]


@pytest.mark.skipif(not README.exists(), reason="needs the source tree")
def test_readme_examples_run_and_show_their_output() -> None:
    result = doctest.testfile(
        str(README), module_relative=False, optionflags=doctest.ELLIPSIS, verbose=False
    )
    assert result.attempted > 20
    assert result.failed == 0


@pytest.mark.skipif(not README.exists(), reason="needs the source tree")
def test_readme_gives_exactly_two_set_up_commands_and_ci_runs_the_test_one() -> None:
    commands = shell_commands()
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)
    install, test = commands
    assert install.startswith("pip install . && ")
    assert test == 'pip install ".[test]" && python -m pytest'
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert f"TEST_COMMAND='{test}'" in ci
