"""Finishing the required H5P exercises of a section, as a completion requirement
(registered in `H5PConfig.ready`; see `courses.completion`)."""

from collections.abc import Collection

from h5p.models import H5PActivity, H5PResult


def required(activity_ids: Collection[int]) -> set[int]:
    """Those of `activity_ids` a learner must finish: one query."""
    return set(
        H5PActivity.objects.filter(pk__in=activity_ids, must_complete=True).values_list(
            "pk", flat=True
        )
    )


def done(
    user_ids: Collection[int], activity_ids: Collection[int]
) -> list[tuple[int, int]]:
    """(user, activity) of every exercise finished (and passed where asked): one query."""
    results = H5PResult.objects.filter(
        user_id__in=user_ids, activity_id__in=activity_ids, completed_at__isnull=False
    ).select_related("activity")
    return [(r.user_id, r.activity_id) for r in results if r.done]
