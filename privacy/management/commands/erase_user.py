"""`python manage.py erase_user EMAIL`: erase a person's account at once (no cool-off),
as the person can ask on the site."""

from django.core.management.base import BaseCommand, CommandError

from lms.models import User
from privacy.services import user_erase


class Command(BaseCommand):
    help = (
        "Erase one person's account at once: their data is deleted or anonymised "
        "and their certificates revoked. This cannot be undone."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("email", help="the person's login e-mail address")
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args, email: str, interactive: bool, **options) -> None:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account has the address {email}.")
        if interactive:
            answer = input(f"Erase {user.email} for good? Type 'yes' to continue: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was erased.")
        user_erase(user=user, by=None, reason="command")
        self.stdout.write(f"Erased the account of {email}.")
