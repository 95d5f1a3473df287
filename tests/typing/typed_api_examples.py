"""How a user's code reads to a type checker: CI checks this folder with ``mypy --strict``.

Nothing here runs; each line uses the public API as the documentation shows it, so a
wrong signature in the package (or a name lost to ``Any``) fails the static checks.
"""

from __future__ import annotations

from pathlib import Path

import secure_communities_article as sca


def everyday_use(folder: Path) -> list[str]:
    article: sca.Article = sca.load()
    page: str = sca.to_html(article)
    document: dict[str, object] = sca.to_jsonld(article, context="https://schema.org")
    written: Path = sca.write_json(article, folder / "article.json", overwrite=True)
    folder_written: Path = sca.write_csv(article, str(folder / "tables"))
    result: sca.Score = sca.score([(0, 3, "person")], "mentions", article=article)
    comparison: sca.Comparison = sca.compare([], [], "mentions", resamples=10)
    record = article.record("john-morton")
    found = article.get("nobody")
    maybe_person = article.resolve(article.quotes[0].speaker)
    speakers = article.resolve(("john-morton",))
    if isinstance(record, sca.Person):
        print(record.name)
    return [
        page[:10],
        str(document)[:10],
        written.name,
        folder_written.name,
        str(result.f1),
        str(comparison.p_value),
        str(found),
        str(maybe_person),
        str(len(speakers)),
    ]
