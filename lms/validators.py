from django.contrib.auth import password_validation
from django.utils.translation import gettext as _
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


# Django's other rules, with messages from this project's catalogue: Django's Dutch
# says "u" where the whole site says "je".


class UserAttributeSimilarityValidator(
    password_validation.UserAttributeSimilarityValidator
):
    def get_error_message(self) -> str:
        return _("The password is too much like your %(verbose_name)s.")

    def get_help_text(self) -> str:
        return _("Your password may not look too much like your name or address.")


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return _("This password is too common: it is easy to guess.")

    def get_help_text(self) -> str:
        return _("Your password may not be a commonly used one.")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return _("This password has only digits.")

    def get_help_text(self) -> str:
        return _("Your password may not be only digits.")
