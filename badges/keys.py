"""The platform's Ed25519 signing keys for Open Badges credentials.

The keys live in one JSON file outside the repository (`settings.OPEN_BADGES_KEY_FILE`,
made by `manage.py generate_badge_key`, mode 0600), newest first:

    {"keys": [{"id": "key-2026-12-07-Gy1vDnP2", "created": "2026-12-07",
               "public": "z6Mk…", "private": "z3u2…"}, …]}

Both halves are Multikey strings (multibase base58btc over the multicodec prefix and the
raw key), the form the issuer's DID document publishes. The newest key signs. Rotating
adds a new key and keeps the older ones' public halves only: they never sign again, but
the DID document keeps listing them, so what they signed still verifies.
"""

import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import base58
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from django.conf import settings

# Multicodec prefixes (unsigned varints) of an Ed25519 public and private key.
ED25519_PUB = b"\xed\x01"
ED25519_PRIV = b"\x80\x26"


class KeyMissing(Exception):
    """No usable key file, or no key in it that may still sign."""


class KeyFileInvalid(KeyMissing):
    """The key file exists but cannot be read as a key file."""


@dataclass(frozen=True)
class SigningKey:
    id: str
    public_multibase: str
    private: Ed25519PrivateKey | None
    created: str

    def public_key(self) -> Ed25519PublicKey:
        return public_from_multibase(self.public_multibase)


def multibase_public(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return "z" + base58.b58encode(ED25519_PUB + raw).decode("ascii")


def multibase_private(private: Ed25519PrivateKey) -> str:
    raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return "z" + base58.b58encode(ED25519_PRIV + raw).decode("ascii")


def _multibase_raw(value: str, prefix: bytes) -> bytes:
    if not isinstance(value, str) or not value.startswith("z"):
        raise ValueError("not a base58btc multibase string")
    decoded = base58.b58decode(value[1:])
    if not decoded.startswith(prefix) or len(decoded) != len(prefix) + 32:
        raise ValueError("not an Ed25519 Multikey")
    return decoded[len(prefix) :]


def public_from_multibase(value: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(_multibase_raw(value, ED25519_PUB))


def private_from_multibase(value: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(_multibase_raw(value, ED25519_PRIV))


def key_file() -> Path | None:
    configured = settings.OPEN_BADGES_KEY_FILE
    return Path(configured).expanduser() if configured else None


def read_key_file(path: Path) -> list[SigningKey]:
    """The keys in `path`, newest first. Raises `KeyFileInvalid` for anything but a
    well-formed key file, so a damaged file never signs with a wrong key."""
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["keys"]
        keys = []
        for entry in entries:
            private = entry.get("private")
            key = SigningKey(
                id=str(entry["id"]),
                public_multibase=str(entry["public"]),
                private=private_from_multibase(private) if private else None,
                created=str(entry["created"]),
            )
            public = key.public_key()
            if key.private is not None and multibase_public(
                key.private.public_key()
            ) != (multibase_public(public)):
                raise ValueError(f"key {key.id}: the private half does not match")
            keys.append(key)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise KeyFileInvalid(f"{path}: {error}") from error
    if not keys:
        raise KeyFileInvalid(f"{path}: no keys")
    if len({key.id for key in keys}) != len(keys):
        raise KeyFileInvalid(f"{path}: two keys with one id")
    return keys


def load_keys() -> list[SigningKey]:
    """The configured keys, newest first; [] when no key file is configured or made yet.
    Raises `KeyFileInvalid` when the file exists but is damaged."""
    path = key_file()
    if path is None or not path.exists():
        return []
    return read_key_file(path)


def current_key() -> SigningKey:
    """The key that signs now: the newest. Raises `KeyMissing` without one."""
    keys = load_keys()
    if not keys:
        raise KeyMissing("no Open Badges key file: run manage.py generate_badge_key")
    if keys[0].private is None:
        raise KeyMissing(f"the newest key ({keys[0].id}) has no private half")
    return keys[0]


def _entry(key: SigningKey) -> dict:
    entry = {"id": key.id, "created": key.created, "public": key.public_multibase}
    if key.private is not None:
        entry["private"] = multibase_private(key.private)
    return entry


def _write(path: Path, keys: list[SigningKey]) -> None:
    """Write the file readable by its owner only, through a temporary file replaced in
    one step: a crash halfway never leaves half a key file."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump({"keys": [_entry(key) for key in keys]}, handle, indent=2)
            handle.write("\n")
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    os.chmod(path, 0o600)


def new_key() -> SigningKey:
    private = Ed25519PrivateKey.generate()
    public = multibase_public(private.public_key())
    today = date.today().isoformat()
    # The date says when; the end of the public key keeps two keys of a day apart (its
    # start, "z6Mk", is the same for every Ed25519 key).
    return SigningKey(
        id=f"key-{today}-{public[-8:]}",
        public_multibase=public,
        private=private,
        created=today,
    )


def generate_key_file(path: Path, *, rotate: bool = False) -> SigningKey:
    """Make a key file with one new key, or with `rotate` put a new key before the
    existing ones, whose private halves are dropped. Returns the new key.

    Without `rotate` an existing file is never touched (`FileExistsError`): overwriting
    it would make every credential signed so far unverifiable."""
    path = Path(path)
    if path.exists() and not rotate:
        raise FileExistsError(path)
    older = read_key_file(path) if path.exists() else []
    key = new_key()
    retired = [
        SigningKey(
            id=k.id,
            public_multibase=k.public_multibase,
            private=None,
            created=k.created,
        )
        for k in older
    ]
    _write(path, [key, *retired])
    return key
