from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    label = "events"
    verbose_name = _("Agenda")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Models and receivers can only be imported once the app registry is ready.
        from django.db.models.signals import post_delete
        from wagtail.signals import page_published

        from booking.receivers import booking_deleted
        from courses import completion

        from .attendance import recording_length_on_publish
        from .completion import WebinarSource
        from .models import EventPage, EventRegistration
        from .receivers import event_published

        # Its part in completing courses (courses.completion): a course's webinars.
        completion.register(completion.WEBINARS, WebinarSource())

        post_delete.connect(
            booking_deleted,
            sender=EventRegistration,
            dispatch_uid="events.registration_deleted",
        )
        # Publishing an event: a cancelled one tells everyone registered; the
        # recording now published (perhaps a new file) is measured.
        page_published.connect(
            event_published, sender=EventPage, dispatch_uid="events.event_published"
        )
        page_published.connect(
            recording_length_on_publish,
            sender=EventPage,
            dispatch_uid="events.recording_length_on_publish",
        )

        # The views register the pages' views and contexts (lms.routing).
        from . import views  # noqa: F401
