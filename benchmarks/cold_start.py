"""Cold start: a whole process that loads the article and reads its quotations, against the floor.

The floor is a process that imports attrs and importlib_resources and parses the same
JSON bytes with json.  Both run interleaved, RUNS times each (default 21); the table
shows median wall time and median peak resident memory.  Also: the first ``load()``
in a fresh process against the first ``json.loads`` of the same bytes there.

    python benchmarks/cold_start.py [RUNS]
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import _measure
import secure_communities_article as sca

ARTICLE = Path(sca.__file__).parent / "data" / "article.json"
FLOOR = (
    "import sys, attrs, importlib_resources, json\n"
    "with open(sys.argv[1], 'rb') as f: json.loads(f.read())\n"
)
PACKAGE = "import sys\nimport secure_communities_article as sca\nsca.load().quotes\n"
# Peak resident memory of the process itself, printed by it at the end.  (The parent's
# ru_maxrss of a child is unreliable on Linux: the exec can carry over the parent's.)
PEAK_MEMORY = (
    "try:\n"
    "    with open('/proc/self/status') as status:\n"
    "        print(next(line.split()[1] for line in status if line.startswith('VmHWM')))\n"
    "except OSError:\n"
    "    import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
)
FIRST_LOAD = (
    "import json, sys, time\n"
    "import secure_communities_article as sca\n"
    "with open(sys.argv[1], 'rb') as f: data = f.read()\n"
    "t0 = time.perf_counter(); json.loads(data); t1 = time.perf_counter()\n"
    "sca.load(); t2 = time.perf_counter()\n"
    "print(t1 - t0, t2 - t1)\n"
)


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # use the compiled bytecode, as installed code does
    return env


def process(code: str) -> tuple[float, float]:
    """Wall seconds and peak resident KiB of one interpreter running ``code``."""
    start = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-c", code + PEAK_MEMORY, str(ARTICLE)],
        env=environment(),
        capture_output=True,
        text=True,
        check=True,
    )
    elapsed = time.perf_counter() - start
    return elapsed, float(completed.stdout.split()[-1])


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ARTICLE.parent.parent)],
        env=environment(),
        check=False,
    )
    for _ in range(3):  # warm the file cache
        process(FLOOR), process(PACKAGE)
    wall: dict[str, list[float]] = {"floor": [], "package": []}
    memory: dict[str, list[float]] = {"floor": [], "package": []}
    first: dict[str, list[float]] = {"json.loads": [], "load()": []}
    for _ in range(runs):
        for name, code in (("floor", FLOOR), ("package", PACKAGE)):
            seconds, kib = process(code)
            wall[name].append(seconds)
            memory[name].append(kib)
        out = subprocess.run(
            [sys.executable, "-c", FIRST_LOAD, str(ARTICLE)],
            env=environment(),
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        first["json.loads"].append(float(out[0]))
        first["load()"].append(float(out[1]))
    floor_ms, package_ms = (_measure.median(wall[n]) * 1e3 for n in ("floor", "package"))
    floor_mib, package_mib = (_measure.median(memory[n]) / 1024 for n in ("floor", "package"))
    json_ms, load_ms = (_measure.median(first[n]) * 1e3 for n in ("json.loads", "load()"))
    print(_measure.machine(), f"; {runs} interleaved runs each\n")
    _measure.table(
        "Cold start (whole process)",
        [
            ("floor: attrs + importlib_resources + json.loads", floor_ms, "ms", None, ""),
            (
                "package: import, load(), .quotes",
                package_ms,
                "ms",
                package_ms / floor_ms,
                "<= 1.30x",
            ),
            ("floor peak RSS", floor_mib, "MiB", None, ""),
            (
                "package peak RSS",
                package_mib,
                "MiB",
                None,
                f"<= floor + 3 MiB (+{package_mib - floor_mib:.2f})",
            ),
        ],
    )
    _measure.table(
        "First load() in a fresh process (after import)",
        [
            ("first json.loads of the bytes", json_ms, "ms", None, ""),
            (
                "first load(): read, parse, build, check, index",
                load_ms,
                "ms",
                load_ms / json_ms,
                "(see notes)",
            ),
        ],
    )


if __name__ == "__main__":
    main()
