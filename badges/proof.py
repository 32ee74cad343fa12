"""Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite (W3C VC Data Integrity
EdDSA Cryptosuites v1.0).

The credential and the proof's options are each canonicalised with RDFC-1.0 (PyLD's
URDNA2015, the same algorithm), hashed with SHA-256, and the two hashes (options first)
are signed with the issuer's Ed25519 key. Canonical N-Quads, not the JSON's bytes, are
signed, so a wallet may re-serialise the JSON and the proof still holds, while any
change to what the credential says breaks it. PyLD reads contexts from this app's
files only (`badges.contexts`): signing never fetches anything.
"""

import copy
import hashlib
import json
from datetime import UTC, datetime

import base58
from cryptography.exceptions import InvalidSignature
from pyld import jsonld

from badges.contexts import UnknownContext, document_loader
from badges.did import issuer_did, verification_method_id
from badges.keys import KeyMissing, SigningKey, current_key, load_keys

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"


def _canonical(document: dict) -> bytes:
    try:
        canonical = jsonld.normalize(
            document,
            {
                "algorithm": "URDNA2015",
                "format": "application/n-quads",
                "documentLoader": document_loader,
            },
        )
    except jsonld.JsonLdError as error:
        _raise_unknown_context(error)
        raise
    return canonical.encode("utf-8")


class UndefinedTerms(ValueError):
    """The document has properties its contexts do not define. JSON-LD drops them, so
    the proof would not cover them, and verifiers in safe mode refuse the document."""


def _key_paths(value, prefix: tuple = ()) -> set[tuple]:
    paths = set()
    if isinstance(value, dict):
        for name, item in value.items():
            paths.add((*prefix, name))
            paths |= _key_paths(item, (*prefix, name))
    elif isinstance(value, list):
        for item in value:
            paths |= _key_paths(item, prefix)
    return paths


def _shape(value, prefix: tuple = ()) -> set[tuple]:
    """The key paths of `value` with the types and contexts along them: all that
    decides which of its properties the contexts define (a type may bring a context of
    its own), none of the values that differ from one learner to the next."""
    shape = set()
    if isinstance(value, dict):
        for name, item in value.items():
            shape.add((*prefix, name))
            if name in ("type", "@type", "@context"):
                shape.add((*prefix, name, json.dumps(item, sort_keys=True)))
            shape |= _shape(item, (*prefix, name))
    elif isinstance(value, list):
        for item in value:
            shape |= _shape(item, prefix)
    return shape


#: The verdict of `undefined_terms` per document shape: every credential of a kind has
#: the same shape, so only the first pays for the expansion (half the signing time).
_VERDICTS: dict[frozenset, list[str]] = {}
_VERDICTS_KEPT = 256


def undefined_terms(document: dict) -> list[str]:
    """The properties of `document` that JSON-LD expansion drops, as dotted paths: what
    is left after expanding and compacting again with the same contexts is what the
    contexts define. Asked once per document shape and process."""
    shape = frozenset(_shape(document))
    if shape not in _VERDICTS:
        if len(_VERDICTS) >= _VERDICTS_KEPT:
            _VERDICTS.clear()
        _VERDICTS[shape] = _dropped_terms(document)
    return list(_VERDICTS[shape])


def _dropped_terms(document: dict) -> list[str]:
    options = {"documentLoader": document_loader}
    try:
        expanded = jsonld.expand(document, options)
        compacted = jsonld.compact(
            expanded, {"@context": document["@context"]}, options
        )
    except jsonld.JsonLdError as error:
        _raise_unknown_context(error)
        raise
    return sorted(
        ".".join(path) for path in _key_paths(document) - _key_paths(compacted)
    )


def _raise_unknown_context(error: jsonld.JsonLdError) -> None:
    """PyLD wraps the loader's refusal a few levels deep; say which context it was."""
    cause = error
    while cause is not None:
        if isinstance(cause, UnknownContext):
            raise UnknownContext(str(cause)) from error
        cause = getattr(cause, "cause", None) or cause.__cause__


def _hash_data(document: dict, proof_options: dict) -> bytes:
    """SHA-256 of the canonical proof options, then of the canonical document."""
    config = {"@context": document["@context"], **proof_options}
    return (
        hashlib.sha256(_canonical(config)).digest()
        + hashlib.sha256(_canonical(document)).digest()
    )


def _xsd_datetime(moment: datetime) -> str:
    return (
        moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    )


def sign(
    document: dict, *, key: SigningKey | None = None, created: datetime | None = None
) -> dict:
    """A copy of `document` with a `DataIntegrityProof` by `key` (the current key by
    default). Any proof the document had is replaced. Raises `UndefinedTerms` for a
    property the contexts do not define (it would go unsigned), `UnknownContext` for a
    context this platform does not carry, `KeyMissing` without a signing key."""
    key = key or current_key()
    if key.private is None:
        raise KeyMissing(f"key {key.id} has no private half")
    unsigned = copy.deepcopy(document)
    unsigned.pop("proof", None)
    undefined = undefined_terms(unsigned)
    if undefined:
        raise UndefinedTerms(
            f"not defined by the document's contexts: {', '.join(undefined)}"
        )
    options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": _xsd_datetime(created or datetime.now(UTC)),
        "verificationMethod": verification_method_id(key),
        "proofPurpose": "assertionMethod",
    }
    signature = key.private.sign(_hash_data(unsigned, options))
    proof_value = "z" + base58.b58encode(signature).decode("ascii")
    return {**unsigned, "proof": {**options, "proofValue": proof_value}}


def verify(document: dict) -> bool:
    """Whether `document`'s proof is ours and holds, checked with the keys the DID
    document publishes. For the admin's self-test only: verifiers use their own
    implementation, and the tests check with an independent one."""
    proof = document.get("proof")
    if not isinstance(proof, dict) or proof.get("type") != PROOF_TYPE:
        return False
    if proof.get("cryptosuite") != CRYPTOSUITE or proof.get("proofPurpose") != (
        "assertionMethod"
    ):
        return False
    method = proof.get("verificationMethod", "")
    did, _, key_id = method.partition("#")
    if did != issuer_did():
        return False
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if issuer_id is not None and issuer_id != did:
        return False
    key = next((k for k in load_keys() if k.id == key_id), None)
    value = proof.get("proofValue", "")
    if key is None or not isinstance(value, str) or not value.startswith("z"):
        return False
    unsigned = {name: item for name, item in document.items() if name != "proof"}
    options = {name: item for name, item in proof.items() if name != "proofValue"}
    try:
        signature = base58.b58decode(value[1:])
        key.public_key().verify(signature, _hash_data(unsigned, options))
    except (InvalidSignature, ValueError, jsonld.JsonLdError, UnknownContext):
        return False
    return True
