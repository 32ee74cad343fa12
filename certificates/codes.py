"""Codes that identify a certificate in public: unguessable, and easy to type."""

import re
import secrets

# No 0/O, 1/I/L, 5/S or 8/B: a short code read aloud or typed from paper is unambiguous.
SHORT_CODE_ALPHABET = "234679ACDEFGHJKMNPQRTUVWXYZ"
SHORT_CODE_GROUPS = 3


def new_verification_code() -> str:
    """192 random bits, URL-safe: what the QR code carries."""
    return secrets.token_urlsafe(24)


def new_short_code() -> str:
    """Like K7Q4-M2XP-9DNA: 12 characters, about 57 random bits."""
    groups = [
        "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(4))
        for _ in range(SHORT_CODE_GROUPS)
    ]
    return "-".join(groups)


def normalise_short_code(typed: str) -> str:
    """What a person typed, as stored: upper case, dashes in place, spaces ignored."""
    letters = re.sub(r"[^0-9A-Z]", "", (typed or "").upper())
    if len(letters) != 4 * SHORT_CODE_GROUPS:
        return ""
    return "-".join(letters[i : i + 4] for i in range(0, len(letters), 4))
