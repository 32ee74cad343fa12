"""Completing the required SCORM activities of a section, as a completion requirement
(`courses.completion.SCORM`, registered in `ScormConfig.ready`): an exercise source
like H5P's, so a section holding a required activity is done once it is."""

from collections.abc import Collection

from scorm.models import ScormActivity, ScormAttempt


def required(activity_ids: Collection[int]) -> set[int]:
    """Those of `activity_ids` a learner must complete: one query."""
    return set(
        ScormActivity.objects.filter(
            pk__in=activity_ids, must_complete=True
        ).values_list("pk", flat=True)
    )


def done(
    user_ids: Collection[int], activity_ids: Collection[int]
) -> list[tuple[int, int]]:
    """(user, activity) of every activity with a completed attempt (and passed where
    the activity asks for it): one query."""
    rows = (
        ScormAttempt.objects.filter(
            user_id__in=user_ids,
            activity_id__in=activity_ids,
            completed_at__isnull=False,
        )
        .values_list("user_id", "activity_id", "passed", "activity__pass_required")
        .distinct()
    )
    return [
        (user, activity)
        for user, activity, passed, needs in rows
        if passed or not needs
    ]
