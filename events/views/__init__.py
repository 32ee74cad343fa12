"""The agenda's views, registered by name with `lms.routing.page_view` on import
(from `EventsConfig.ready`): the agenda and registration (`agenda`), the organisers'
participant list and joining online (`organisers`), the recording (`recording`)."""

from . import agenda, organisers, recording  # noqa: F401
