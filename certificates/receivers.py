"""Certificates follow what happens in courses, through its signals (courses never
imports certificates)."""

from courses.models import CoursePage

from .services import certificate_issue, certificate_renew_if_due


def issue_on_course_completed(sender, *, user, course, completion, **kwargs) -> None:
    certificate_issue(user=user, course=course)


def issue_or_renew_on_test_passed(sender, *, user, test, attempt, **kwargs) -> None:
    if test.certifying:
        certificate_issue(user=user, test=test)
        return
    parent = test.get_parent().specific
    if isinstance(parent, CoursePage):  # the final evaluation, passed again
        certificate_renew_if_due(user=user, course=parent)
