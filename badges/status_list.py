"""The bits of a Bitstring Status List (W3C Bitstring Status List v1.0).

Each credential gets an index in the issuer's list; the bit at that index set means
revoked. The list is published as `encodedList` in a signed
`BitstringStatusListCredential`: the bitstring GZIP-compressed, then base64url without
padding, with the multibase prefix `u`. Bit 0 is the left-most (most significant) bit
of the first byte. The spec asks for at least 131,072 bits (16 KiB), so that one
credential's status reveals little about which credential a verifier asked about.
"""

import base64
import gzip
from collections.abc import Iterable

LIST_LENGTH = 131072


def encode(revoked: Iterable[int], length: int = LIST_LENGTH) -> str:
    """The `encodedList` of a list of `length` bits with the bits of `revoked` set."""
    if length < LIST_LENGTH or length % 8:
        raise ValueError(
            f"a status list has a multiple of 8 bits, at least {LIST_LENGTH}"
        )
    bits = bytearray(length // 8)
    for index in revoked:
        if not 0 <= index < length:
            raise ValueError(f"status list index {index} outside 0..{length - 1}")
        bits[index // 8] |= 0x80 >> (index % 8)
    # mtime=0: the same list always encodes to the same string.
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def decode(encoded: str) -> bytes:
    """The bitstring of an `encodedList` (with or without the `u` prefix)."""
    text = encoded[1:] if encoded.startswith("u") else encoded
    return gzip.decompress(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))


def is_set(encoded: str, index: int) -> bool:
    bits = decode(encoded)
    if not 0 <= index < len(bits) * 8:
        raise ValueError(f"status list index {index} outside the list")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))
