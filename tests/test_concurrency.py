"""The first ``sca.load()`` from many threads at once reads the data once, for all of them.

Run in a fresh interpreter so the cache is cold.  An audit hook counts the opens of
article.json, and the build step is slowed down so that, without the lock, several
threads would be inside it at the same time.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import json, sys, threading, time

    opens = []

    def audit(event, arguments):
        if event == "open" and str(arguments[0]).endswith("article.json"):
            opens.append(arguments[0])

    sys.addaudithook(audit)
    import secure_communities_article as sca
    from secure_communities_article import _load

    builds = []
    original_build = _load.from_json

    def slow_build(*arguments, **options):
        builds.append(threading.get_ident())
        time.sleep(0.05)
        return original_build(*arguments, **options)

    _load.from_json = slow_build
    sys.setswitchinterval(1e-6)
    THREADS = 32
    barrier = threading.Barrier(THREADS)
    results = [None] * THREADS

    def worker(position):
        barrier.wait()
        results[position] = sca.load()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps({
        "opens": len(opens),
        "builds": len(builds),
        "distinct": len({id(result) for result in results}),
        "articles": sum(type(result) is sca.Article for result in results),
        "same_as_later": all(result is sca.load() for result in results),
    }))
    """
)


def test_the_first_load_from_many_threads_loads_once() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True, timeout=120
    )
    report = json.loads(completed.stdout)
    assert report == {
        "opens": 1,
        "builds": 1,
        "distinct": 1,
        "articles": 32,
        "same_as_later": True,
    }


#: A stop signal sent at each line that ``_atomic`` runs in turn (the issue injected one at
#: each of its points): after each, the target holds the old export or the new one, whole,
#: and nothing else is left, hidden or not.
SIGNALS = textwrap.dedent(
    """
    import json, os, signal, sys, tempfile
    from pathlib import Path
    from secure_communities_article import _atomic

    signal.signal(signal.SIGINT, signal.default_int_handler)
    ATOMIC = _atomic.__file__

    def tables(tag):
        def fill(folder):
            for name in ("a", "b"):
                (folder / f"{name}.csv").write_text(f"{name},{tag}\\n", "utf-8")
        return fill

    def run(export, at):
        seen = [0]
        def local(frame, event, argument):
            if event == "line":
                seen[0] += 1
                if seen[0] == at:
                    os.kill(os.getpid(), signal.SIGINT)
            return local
        ours = lambda frame, event, argument: local if frame.f_code.co_filename == ATOMIC else None
        sys.settrace(ours)
        try:
            export()
            interrupted = False
        except KeyboardInterrupt:
            interrupted = True
        finally:
            sys.settrace(None)
        return seen[0], interrupted

    def folder_state(root):
        target = root / "t"
        assert sorted(os.listdir(root)) == ["t"], os.listdir(root)
        assert _atomic._examine(target, "csv") == (True, "a csv export")
        a, b = ((target / n).read_text("utf-8") for n in ("a.csv", "b.csv"))
        assert a[2:] == b[2:], (a, b)
        return a[2:].strip()

    def file_state(root, allowed):
        names = os.listdir(root)
        assert names in ([], ["t"]) and (names or None in allowed), names
        found = (root / "t").read_bytes() if names else None
        assert found in allowed, found
        return found

    report = {}
    cases = {
        "folder": (lambda r: _atomic.write_folder(r / "t", tables("old"), kind="csv"),
                   lambda r: _atomic.write_folder(
                       r / "t", tables("new"), kind="csv", overwrite=True),
                   lambda r: folder_state(r)),
        "file": (lambda r: (r / "t").write_bytes(b"old"),
                 lambda r: _atomic.write_file(r / "t", b"new", overwrite=True),
                 lambda r: file_state(r, (b"old", b"new"))),
        "no-link": (lambda r: None,
                    lambda r: _atomic.write_file(r / "t", b"new"),
                    lambda r: file_state(r, (None, b"new"))),
    }
    def refuse(*arguments):
        raise PermissionError(1, "Operation not permitted")
    for name, (prepare, export, state) in cases.items():
        if name == "no-link":
            os.link = refuse
        outcomes = []
        at = 1
        while True:
            with tempfile.TemporaryDirectory() as folder:
                root = Path(folder)
                prepare(root)
                lines, interrupted = run(lambda: export(root), at)
                outcomes.append((interrupted, str(state(root))))
            if at > lines:
                break
            at += 1
        report[name] = {"runs": len(outcomes), "outcomes": sorted(set(outcomes))}
    print(json.dumps(report))
    """
)


def test_a_stop_signal_at_any_line_of_a_write_leaves_one_whole_export_and_nothing_hidden() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", SIGNALS], capture_output=True, text=True, timeout=300
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    report = json.loads(completed.stdout)
    for name, result in report.items():
        assert result["runs"] > 20, (name, result)  # a signal at each line, then one run without
    # Interrupted early the old export stays; late, the new one is in place and the signal
    # is delivered once it is; a run without a signal replaces it.
    assert report["folder"]["outcomes"] == [[False, "new"], [True, "new"], [True, "old"]]
    assert report["file"]["outcomes"] == [[False, "b'new'"], [True, "b'new'"], [True, "b'old'"]]
    assert report["no-link"]["outcomes"] == [[False, "b'new'"], [True, "None"], [True, "b'new'"]]


#: The tool started as ``python -m`` does, with a SIGINT sent while ``_cli``'s modules import.
STARTING = textwrap.dedent(
    """
    import os, runpy, signal, sys

    class Interrupt:
        def find_spec(self, name, path=None, target=None):
            if name == "secure_communities_article._score":
                sys.meta_path.remove(self)
                os.kill(os.getpid(), signal.SIGINT)
            return None

    signal.signal(signal.SIGINT, signal.default_int_handler)  # as from a shell, not a worker
    import secure_communities_article  # the package before the entry point: see the note
    sys.meta_path.insert(0, Interrupt())
    sys.argv = ["secure-communities-article", "summary"]
    runpy.run_module("secure_communities_article", run_name="__main__", alter_sys=True)
    """
)


def test_a_sigint_while_the_tool_starts_ends_it_quietly() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", STARTING], capture_output=True, text=True, timeout=120
    )
    assert (completed.returncode, completed.stderr, completed.stdout) == (130, "", "")
