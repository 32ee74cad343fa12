"""System checks of the badges app: the issuer's signing key.

A configured key file that exists but cannot be used is an error: credentials would
queue up unsigned and the DID document would publish no key. No key file at all is allowed
(certificates are still issued, credentials wait), but a deployment should have one,
so `check --deploy` warns. `BadgesConfig.ready` imports this module, which registers
both checks.
"""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Warning, register

from .keys import KeyFileInvalid, key_file, read_key_file

HINT = (
    "Make one with `python manage.py generate_badge_key` (outside the project folder)."
)


@register("badges")
def key_file_readable(app_configs, **kwargs) -> list[Error | Warning]:
    path = key_file()
    if path is None:
        return []
    if not path.exists():
        # Not made yet (a developer before `make run`): a warning, so the command that
        # makes it and `migrate` still run; `check --deploy --fail-level WARNING` fails.
        return [
            Warning(
                f"OPEN_BADGES_KEY_FILE is set but {path} does not exist: credentials wait "
                "until it does.",
                hint=HINT,
                id="badges.W004",
            )
        ]
    try:
        keys = read_key_file(path)
    except KeyFileInvalid as error:
        return [
            Error(
                f"OPEN_BADGES_KEY_FILE cannot be used: {error}",
                hint="Restore the file from a backup, or make a new one with "
                "`python manage.py generate_badge_key --rotate`.",
                id="badges.E002",
            )
        ]
    if keys[0].private is None:
        return [
            Error(
                f"The newest key in {path} has no private half: nothing can sign.",
                hint="Add a key with `python manage.py generate_badge_key --rotate`.",
                id="badges.E003",
            )
        ]
    return []


@register("badges", deploy=True)
def key_file_deployed(app_configs, **kwargs) -> list[Warning]:
    """Registered with `deploy=True`: what a production server should have."""
    path = key_file()
    if path is None:
        return [
            Warning(
                "OPEN_BADGES_KEY_FILE is not set: certificates get no Open Badges "
                "credential until it is.",
                hint=HINT,
                id="badges.W001",
            )
        ]
    warnings = []
    if path.exists() and path.stat().st_mode & 0o077:
        warnings.append(
            Warning(
                f"{path} can be read by other users than its owner.",
                hint=f"chmod 600 {path}",
                id="badges.W002",
            )
        )
    if path.resolve().is_relative_to(Path(settings.BASE_DIR).resolve()):
        warnings.append(
            Warning(
                f"{path} is inside the project folder, where it could be committed "
                "or deployed with the code.",
                hint="Keep the key file outside the project folder.",
                id="badges.W003",
            )
        )
    return warnings
