"""A wheel built from the repository holds everything the package needs to load the data."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT


def test_a_wheel_holds_the_package_data_and_loads_the_article(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    build = ["wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(ROOT)]
    subprocess.run([sys.executable, "-m", "pip", *build], check=True)
    (wheel,) = wheels.glob("secure_communities_article-*.whl")
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(unpacked)
    check = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import secure_communities_article as sca, hashlib, pathlib;"
        "a = sca.load();"
        "assert sca.__file__.startswith(sys.argv[1]), sca.__file__;"
        "data = pathlib.Path(sca.__file__).parent / 'data';"
        "raw = (data / a.metadata.source_file).read_bytes();"
        "assert hashlib.sha256(raw).hexdigest() == a.metadata.source_sha256;"
        "assert (data.parent / 'py.typed').exists();"
        "print(a.headline, len(a.quotes), len(sca.second_annotation().quotes))"
    )
    result = subprocess.run(
        [sys.executable, "-c", check, str(unpacked)],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert result.stdout.strip() == "ICE reforms Secure Communities program 7 7"
    entry_points = next(unpacked.glob("*.dist-info")) / "entry_points.txt"
    assert "secure-communities-article = secure_communities_article.__main__:main" in (
        entry_points.read_text()
    )
