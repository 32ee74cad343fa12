"""`python manage.py generate_badge_key`: make or rotate the Open Badges signing key."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from badges.did import verification_method_id
from badges.keys import KeyFileInvalid, generate_key_file, key_file


class Command(BaseCommand):
    help = (
        "Make the Ed25519 key that signs Open Badges credentials, in OPEN_BADGES_KEY_FILE "
        "(or --file), readable by its owner only. --rotate adds a new signing key and "
        "keeps the older keys' public halves, so what they signed still verifies."
    )
    # The key file's own check would refuse to run the command that makes the file.
    requires_system_checks: list = []

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--file", type=Path, help="the key file (default: OPEN_BADGES_KEY_FILE)"
        )
        parser.add_argument(
            "--rotate",
            action="store_true",
            help="add a new signing key to an existing file; older keys stop signing",
        )
        parser.add_argument(
            "--if-missing", action="store_true", help="do nothing when the file exists"
        )

    def handle(
        self, *args, file: Path | None, rotate: bool, if_missing: bool, **options
    ):
        if rotate and if_missing:
            raise CommandError("--rotate and --if-missing exclude each other.")
        path = file or key_file()
        if path is None:
            raise CommandError("Set OPEN_BADGES_KEY_FILE or give --file.")
        path = path.expanduser()
        if path.exists() and if_missing:
            self.stdout.write(f"{path} exists; nothing to do.")
            return
        if path.exists() and not rotate:
            raise CommandError(
                f"{path} exists. Overwriting it would make every credential signed so far "
                "unverifiable; use --rotate to add a new key."
            )
        try:
            key = generate_key_file(path, rotate=rotate)
        except KeyFileInvalid as error:
            raise CommandError(f"Cannot rotate a damaged key file: {error}") from error
        self.stdout.write(
            f"{'Added' if rotate else 'Made'} key {key.id} in {path}: "
            f"{verification_method_id(key)}"
        )
