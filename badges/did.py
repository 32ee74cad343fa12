"""The platform as an issuer: its `did:web` identifier and DID document.

A verifier resolves `did:web:example.org` to `https://example.org/.well-known/did.json`
(a port is written `%3A8000`), so anyone can check a credential with the keys the site
itself publishes, without asking its operator. Every key in the key file is listed,
retired ones too: a credential signed before a rotation still finds its key.
"""

from urllib.parse import urlsplit

from django.conf import settings

from badges.contexts import DID_V1, MULTIKEY_V1
from badges.keys import SigningKey, load_keys


def issuer_did() -> str:
    """`did:web:<host>` of `settings.WAGTAILADMIN_BASE_URL`, the port encoded `%3A`."""
    parts = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    if not parts.hostname:
        raise ValueError("WAGTAILADMIN_BASE_URL has no host")
    host = parts.hostname.lower()
    if parts.port is not None:
        host += f"%3A{parts.port}"
    return f"did:web:{host}"


def verification_method_id(key: SigningKey) -> str:
    return f"{issuer_did()}#{key.id}"


def did_document() -> dict:
    """The DID document served at `/.well-known/did.json`: every key as a `Multikey`
    verification method, each one allowed to assert (sign credentials)."""
    did = issuer_did()
    keys = load_keys()
    return {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": [
            {
                "id": verification_method_id(key),
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": key.public_multibase,
            }
            for key in keys
        ],
        "assertionMethod": [verification_method_id(key) for key in keys],
    }
