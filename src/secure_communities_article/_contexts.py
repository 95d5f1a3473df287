"""JSON-LD contexts shipped in the package, and a document loader that serves them offline.

A JSON-LD processor fetches a context named by URL; :func:`document_loader` answers from
the copies in ``data/contexts/`` instead, and refuses any other URL, so expansion never
touches the network.  PyLD: ``jsonld.expand(doc, {"documentLoader": sca.document_loader})``.
The schema.org context is the file ``https://schema.org`` serves (release 30.0, CC BY-SA
3.0; see NOTICE).  Another vocabulary is one more entry in :data:`CONTEXTS`.
"""

from __future__ import annotations

import functools
from typing import Any

#: URL -> the file in ``data/contexts/`` holding the context served there.
CONTEXTS: dict[str, str] = {
    "https://schema.org": "schemaorg.jsonld",
    "https://schema.org/": "schemaorg.jsonld",
    "http://schema.org": "schemaorg.jsonld",
    "http://schema.org/": "schemaorg.jsonld",
    "https://schema.org/docs/jsonldcontext.jsonld": "schemaorg.jsonld",
    "https://schema.org/docs/jsonldcontext.json": "schemaorg.jsonld",
}


class ContextNotBundledError(LookupError):
    """A document was asked for that the package does not ship (the loader never fetches)."""


def bundled_context(url: str) -> dict[str, Any]:
    """The JSON document of a bundled context (its ``@context`` key holds the definitions)."""
    name = CONTEXTS.get(url)
    if name is None:
        known = ", ".join(sorted(CONTEXTS))
        raise ContextNotBundledError(
            f"no bundled JSON-LD document for {url[:200]!r} (this loader never uses the "
            f"network); bundled: {known}"
        )
    import json

    document: dict[str, Any] = json.loads(_read(name))  # a fresh copy: callers may change it
    return document


def document_loader(url: str, options: Any = None) -> dict[str, Any]:
    """A PyLD document loader that serves the bundled contexts and refuses everything else."""
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": bundled_context(url),
    }


@functools.cache
def _read(name: str) -> str:
    import importlib_resources

    folder = importlib_resources.files(__package__).joinpath("data", "contexts")
    return folder.joinpath(name).read_text(encoding="utf-8")
