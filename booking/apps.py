from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingConfig(AppConfig):
    """The booking engine shared by training sessions and events. It owns no table:
    its models are abstract."""

    name = "booking"
    label = "booking"
    verbose_name = _("Bookings")
    default_auto_field = "django.db.models.BigAutoField"
