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
