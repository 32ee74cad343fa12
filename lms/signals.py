"""Signals of the lms app, for the apps above it."""

from django.dispatch import Signal

#: A request to join (`join_request`) from a person whose address is verified now
#: waits for the organisation's coordinators. Sent inside the transaction that made
#: it so; the coordination app tells them after the commit.
join_request_ready = Signal()
