from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule with messages from this project's catalogue.

    Django 5.2 changed this message and its Dutch translation has not followed yet, so
    Dutch users saw it in English.
    """

    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short. It needs at least %(min_length)d character.",
            "This password is too short. It needs at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "Your password needs at least %(min_length)d character.",
            "Your password needs at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
