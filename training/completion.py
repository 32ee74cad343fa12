"""Attending a session, as a completion requirement of the courses that ask for it
(registered in `TrainingConfig.ready`; see `courses.completion`)."""

from training.sessions.selectors import courses_attended_by as attended

__all__ = ["attended"]
