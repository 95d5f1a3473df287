"""A wheel built from the repository, installed in a fresh virtual environment, loads the data."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.mark.skipif(not (ROOT / "pyproject.toml").exists(), reason="needs the source tree")
def test_fresh_wheel_install_loads_the_article(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
    )
    (wheel,) = wheels.glob("secure_communities_article-*.whl")
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / ("Scripts" if sys.platform == "win32" else "bin") / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True)
    check = (
        "import secure_communities_article as sca, hashlib, pathlib;"
        "a = sca.load();"
        "assert 'site-packages' in sca.__file__, sca.__file__;"
        "data = pathlib.Path(sca.__file__).parent / 'data';"
        "raw = (data / a.metadata.source_file).read_bytes();"
        "assert hashlib.sha256(raw).hexdigest() == a.metadata.source_sha256;"
        "assert (data.parent / 'py.typed').exists();"
        "print(a.headline, len(a.quotes))"
    )
    result = subprocess.run(
        [str(python), "-c", check], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert result.stdout.strip() == "ICE reforms Secure Communities program 7"
