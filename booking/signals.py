"""What happens to a booking that the apps above may want to hear about.

Training sessions and events record attendance in their own services (a trainer's
list, an organiser's list, the platform's join link); each sends this one signal, so a
listener (the learning records) hears every attendance whatever was booked.
"""

from django.dispatch import Signal

#: Sent once per booking when it is first marked attended (marking it again, or a
#: second click on the join link, sends nothing), inside the transaction that marks
#: it. ``sender`` is the booking's model. Arguments: ``user``, ``booking`` (the
#: training `Registration` or `EventRegistration`), ``bookable`` (the
#: `TrainingSession` or source `EventPage`) and ``attended_at`` (datetime).
attended = Signal()
