"""Baked badges: an Open Badges 3.0 credential carried inside its PNG image.

Open Badges 3.0 ("Baking", PNG) puts the credential's JSON in an `iTXt` chunk with the
keyword `openbadgecredential`, uncompressed, and allows one such chunk: baking again
replaces it. The chunks are written directly (length, type, data, CRC-32) rather than
through an image library, so the image's own chunks stay byte for byte as they were.
"""

import json
import struct
import zlib

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = b"openbadgecredential"


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """The (type, data) chunks of a PNG, checked: signature, lengths, CRCs, IEND last."""
    if not png.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG image")
    chunks = []
    position = len(PNG_SIGNATURE)
    while position < len(png):
        if position + 8 > len(png):
            raise ValueError("truncated PNG chunk")
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        data = png[position + 8 : position + 8 + length]
        crc = png[position + 8 + length : position + 12 + length]
        if len(data) != length or len(crc) != 4:
            raise ValueError("truncated PNG chunk")
        if struct.unpack(">I", crc)[0] != zlib.crc32(kind + data):
            raise ValueError(f"bad CRC in PNG chunk {kind!r}")
        chunks.append((kind, data))
        position += 12 + length
        if kind == b"IEND":
            break
    if not chunks or chunks[0][0] != b"IHDR" or chunks[-1][0] != b"IEND":
        raise ValueError("a PNG starts with IHDR and ends with IEND")
    return chunks


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data))
    )


def _is_credential(kind: bytes, data: bytes) -> bool:
    return kind == b"iTXt" and data.split(b"\0", 1)[0] == KEYWORD


def bake(png: bytes, credential: dict) -> bytes:
    """`png` with `credential` in its `openbadgecredential` chunk (any earlier one gone)."""
    text = json.dumps(credential, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )
    # keyword, NUL, compression flag 0 and method 0, empty language tag, NUL, empty
    # translated keyword, NUL, then the text.
    itxt = KEYWORD + b"\0" + b"\0\0" + b"\0" + b"\0" + text
    body = b"".join(
        _chunk(kind, data)
        for kind, data in _chunks(png)
        if kind != b"IEND" and not _is_credential(kind, data)
    )
    return PNG_SIGNATURE + body + _chunk(b"iTXt", itxt) + _chunk(b"IEND", b"")


def unbake(png: bytes) -> dict | None:
    """The credential baked into `png`, or None when it carries none."""
    for kind, data in _chunks(png):
        if not _is_credential(kind, data):
            continue
        rest = data[len(KEYWORD) + 1 :]
        if len(rest) < 2:
            raise ValueError("malformed iTXt chunk")
        compressed, rest = rest[0], rest[2:]
        _language, _translated, text = rest.split(b"\0", 2)
        if compressed:
            text = zlib.decompress(text)
        credential = json.loads(text.decode("utf-8"))
        return credential if isinstance(credential, dict) else None
    return None
