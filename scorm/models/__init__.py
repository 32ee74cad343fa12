"""SCORM 1.2 and 2004 packages (`packages`) and what learners do in them (`runtime`)."""

from .packages import ScormPackage
from .runtime import ScormActivity, ScormAttempt, ScormScoState

__all__ = ["ScormActivity", "ScormAttempt", "ScormPackage", "ScormScoState"]
