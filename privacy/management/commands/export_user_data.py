"""`python manage.py export_user_data EMAIL --output FILE.zip`: what the platform holds
about a person, for the data protection officer (the same zip the person downloads)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audit.services import audit_record
from lms.models import User
from privacy.services import data_export_write


class Command(BaseCommand):
    help = "Write everything the platform holds about one person into a zip file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email", help="the person's login e-mail address")
        parser.add_argument(
            "--output", required=True, help="the zip file to write (not overwritten)"
        )

    def handle(self, *args, email: str, output: str, **options) -> None:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account has the address {email}.")
        path = Path(output)
        if path.exists():
            raise CommandError(f"{path} exists already; choose another file name.")
        try:
            with path.open("xb") as target:
                kinds = data_export_write(user=user, target=target)
        except BaseException:
            path.unlink(missing_ok=True)  # never leave half a zip behind
            raise
        audit_record(
            action="privacy.export", instance=user, by=None, data={"by": "command"}
        )
        self.stdout.write(f"Wrote {path}: {len(kinds)} kinds of records.")
