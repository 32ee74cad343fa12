"""A seat freed without `booking.services.cancel`: a booking deleted by any path (an
admin, or the participant's account deleted or erased, which CASCADEs). Each app that
has bookings connects `booking_deleted` for its model in its `AppConfig.ready`.

The seat goes to the next in line after the commit (a deletion rolled back changes
nothing), under its own lock. `robust`: the deletion is committed by then, so a
failure is logged rather than raised at whoever deleted.
"""

from django.db import transaction

from .models import Booking
from .services import fill_seats


def booking_deleted(sender, instance: Booking, using: str, **kwargs) -> None:
    """A deleted seat goes to the next in line; a waiting-list place frees nothing."""
    if instance.status != Booking.Status.CONFIRMED:
        return
    field = type(instance)._meta.get_field(type(instance).bookable_field)
    bookable_id = getattr(instance, field.attname)

    def fill() -> None:
        # Deleting what was booked deletes its bookings: then there is nothing to fill.
        bookable = field.related_model.objects.filter(pk=bookable_id).first()
        if bookable is not None:
            fill_seats(bookable=bookable)

    transaction.on_commit(fill, using=using, robust=True)
