"""The JSON-LD contexts of Open Badges 3.0 credentials, read from this app's files.

Signing a credential canonicalises it (RDFC-1.0), and that expands every term through
its `@context`. A context fetched from the web at that moment could be down, slow or
changed; the ones here are copied from their npm packages by
`scripts/copy-badge-contexts.sh` (see `badges/contexts/NOTICE`), so signing never
touches the network and an unknown context is an error rather than a fetch.
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parent / "contexts"

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
DID_V1 = "https://www.w3.org/ns/did/v1"


class UnknownContext(Exception):
    """A document names a context this platform does not carry."""


@cache
def contexts() -> dict[str, Any]:
    """Every context this platform carries, by URL (read once per process)."""
    index = json.loads((FOLDER / "index.json").read_text(encoding="utf-8"))
    return {
        url: json.loads((FOLDER / name).read_text(encoding="utf-8"))
        for url, name in index.items()
    }


def document_loader(url: str, options: dict | None = None) -> dict:
    """A PyLD document loader that serves the carried contexts and refuses the rest."""
    try:
        document = contexts()[url]
    except KeyError:
        raise UnknownContext(url) from None
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": document,
    }
