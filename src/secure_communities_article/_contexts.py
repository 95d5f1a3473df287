"""JSON-LD contexts bundled (see NOTICE), and a PyLD document loader serving them offline."""

from __future__ import annotations

import json
from typing import Any

from ._load import bundled_bytes

SCHEMA_ORG_FILE = "schemaorg.jsonld"
ANNO_FILE = "anno.jsonld"
#: URL -> the file in the package's ``data`` folder holding the context served there.
CONTEXTS: dict[str, str] = {
    "https://schema.org": SCHEMA_ORG_FILE,
    "https://schema.org/": SCHEMA_ORG_FILE,
    "http://schema.org": SCHEMA_ORG_FILE,
    "http://schema.org/": SCHEMA_ORG_FILE,
    "https://schema.org/docs/jsonldcontext.jsonld": SCHEMA_ORG_FILE,
    "https://schema.org/docs/jsonldcontext.json": SCHEMA_ORG_FILE,
    "http://www.w3.org/ns/anno.jsonld": ANNO_FILE,
    "https://www.w3.org/ns/anno.jsonld": ANNO_FILE,
}


class ContextNotBundledError(ValueError):
    """A document was asked for that the package does not ship (the loader never fetches)."""


def bundled_context(url: str) -> dict[str, Any]:
    """A fresh copy of a bundled JSON-LD document (its ``@context`` holds the definitions)."""
    name = CONTEXTS.get(url)
    if name is None:
        raise ContextNotBundledError(
            f"no bundled JSON-LD document for {url[:200]!r}; the network is not used "
            f"(bundled: {', '.join(sorted(CONTEXTS))})"
        )
    document: dict[str, Any] = json.loads(bundled_bytes(name))  # a copy: callers may change it
    return document


def document_loader(url: str, options: Any = None) -> dict[str, Any]:
    """A PyLD document loader that serves the bundled contexts and refuses everything else."""
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": bundled_context(url),
    }
