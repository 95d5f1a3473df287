"""Shared helpers: interleaved timing runs and a table of medians and ratios."""

from __future__ import annotations

import os
import platform
import statistics
import sys
from collections.abc import Callable


def interleaved(cases: dict[str, Callable[[], float]], runs: int) -> dict[str, list[float]]:
    """Run every case once per round, ``runs`` rounds, so drift hits all cases alike."""
    results: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, case in cases.items():
            results[name].append(case())
    return results


def median(values: list[float]) -> float:
    return statistics.median(values)


def table(title: str, rows: list[tuple[str, float, str, float | None, str]]) -> str:
    """Rows of (name, median, unit, ratio or None, target); returns the printed table."""
    lines = [f"## {title}", "", "| measurement | median | ratio | target |", "|---|---:|---:|---|"]
    for name, value, unit, ratio, target in rows:
        shown = f"{value:.3f} {unit}" if value < 100 else f"{value:.1f} {unit}"
        lines.append(
            f"| {name} | {shown} | {'' if ratio is None else f'{ratio:.2f}x'} | {target} |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    return text


def machine() -> str:
    """One line naming the interpreter and machine the numbers come from."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (
        f"Python {platform.python_version()} ({sys.implementation.name}), {platform.system()} "
        f"{platform.release()}, {cpu}, {os.cpu_count()} CPUs"
    )
