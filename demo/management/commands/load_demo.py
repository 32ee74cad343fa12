from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from courses.demo import DEMO_PASSWORD
from demo.services import load_demo


class Command(BaseCommand):
    help = "Build the demo site: courses, organisations and demo accounts (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with DEBUG off. The demo accounts have a published password.",
        )

    def handle(self, *args, allow_production: bool = False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "Refusing to load demo accounts with DEBUG off; "
                "pass --allow-production if you really mean it."
            )
        accounts = load_demo()
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for account in accounts:
            self.stdout.write(f"  {account.role_label:<12} {account.email}")
