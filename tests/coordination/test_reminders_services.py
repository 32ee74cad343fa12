"""Reminders: which rule fires on which day, for whom, once; and what the mails say.

Time is frozen by passing `now=` to the services: the assignment was made at T0 and
each test plans and sends on chosen days after it.
"""

from datetime import date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail

from coordination.models import ReminderDelivery
from coordination.reminders import (
    iso_week,
    reminder_settings_update,
    reminders_plan,
    reminders_send,
)
from courses.models import LessonPage
from courses.services import section_progress_record
from lms.models import Membership
from tests.factories import (
    AssignmentFactory,
    MembershipFactory,
    OrganisationFactory,
    build_course,
    translate_tree,
)

pytestmark = pytest.mark.django_db

T0 = datetime(2027, 3, 1, 8, 0, tzinfo=ZoneInfo("Europe/Brussels"))  # a Monday


def at(days: int) -> datetime:
    return T0 + timedelta(days=days)


def member(organisation, *, role="learner", joined_days_before=30, **user):
    membership = MembershipFactory(
        organisation=organisation,
        role=role,
        **{f"user__{k}": v for k, v in user.items()},
    )
    Membership.objects.filter(pk=membership.pk).update(
        created_at=T0 - timedelta(days=joined_days_before)
    )
    membership.refresh_from_db()
    return membership


def assign(organisation, course, *, due_in=None, mandatory=None, module=None):
    """An assignment made at T0; mandatory when it has a due date unless told."""
    due_date = at(due_in).date() if due_in is not None else None
    assignment = AssignmentFactory(
        organisation=organisation,
        course=course,
        module=module,
        due_date=due_date,
        mandatory=due_date is not None if mandatory is None else mandatory,
    )
    type(assignment).objects.filter(pk=assignment.pk).update(created_at=T0)
    assignment.refresh_from_db()
    return assignment


def open_sections(user, course, *, everything=True):
    lessons = LessonPage.objects.descendant_of(course).specific()
    for lesson in lessons:
        for section_id in lesson.section_ids if everything else lesson.section_ids[:1]:
            section_progress_record(user=user, lesson=lesson, section_id=section_id)
        if not everything:
            return


def planned(user=None) -> set[tuple[str, int | None]]:
    rows = ReminderDelivery.objects.all()
    if user is not None:
        rows = rows.filter(user=user)
    return set(rows.values_list("rule", "assignment_id"))


def rules_for(user) -> set[str]:
    return {rule for rule, _assignment in planned(user)}


@pytest.fixture
def town():
    organisation = OrganisationFactory(name="Gemeente Zottegem")
    learner = member(organisation, preferred_language="en")
    return organisation, learner


# --- Which rule fires on which day ---------------------------------------------------


def test_not_started_fires_a_week_after_the_assignment_not_the_day_before(town):
    organisation, learner = town
    assignment = assign(organisation, build_course())  # recommended
    reminders_plan(now=at(6))
    assert planned(learner.user) == set()
    reminders_plan(now=at(7))
    assert planned(learner.user) == {("not_started", assignment.pk)}


def test_not_started_counts_the_week_from_joining_when_that_came_later(town):
    organisation, _learner = town
    newcomer = member(organisation, joined_days_before=-3)  # joined at T0 + 3 days
    assign(organisation, build_course())
    reminders_plan(now=at(9))
    assert rules_for(newcomer.user) == set()
    reminders_plan(now=at(10))
    assert rules_for(newcomer.user) == {"not_started"}


def test_a_reminder_whose_record_was_deleted_after_a_year_is_not_sent_again(town):
    """Records of sent mails are deleted after RETENTION_MAIL_LOG_DAYS; a reminder is
    owed only within 30 days of what triggers it, so nobody gets it twice."""
    organisation, learner = town
    assign(organisation, build_course(), due_in=10)
    reminders_plan(now=at(11))
    assert rules_for(learner.user) == {"overdue"}
    ReminderDelivery.objects.all().delete()  # the retention task, a year on
    reminders_plan(now=at(11 + 366))
    assert planned(learner.user) == set()
    reminders_plan(now=at(10 + 30))  # the last day it is still owed
    assert rules_for(learner.user) == {"overdue"}


def test_not_started_is_owed_for_a_month_after_the_week(town):
    organisation, learner = town
    assign(organisation, build_course())
    reminders_plan(now=at(7 + 31))
    assert planned(learner.user) == set()


def test_due_soon_fires_seven_days_before_the_due_date_not_eight(town):
    organisation, learner = town
    assign(organisation, build_course(), due_in=30)
    reminders_plan(now=at(22))
    assert "due_soon" not in rules_for(learner.user)
    reminders_plan(now=at(23))
    assert "due_soon" in rules_for(learner.user)


def test_overdue_fires_the_day_after_the_due_date_not_on_it(town):
    organisation, learner = town
    assign(organisation, build_course(), due_in=10)
    reminders_plan(now=at(10))
    assert "overdue" not in rules_for(learner.user)
    assert "due_soon" in rules_for(learner.user)
    reminders_plan(now=at(11))
    assert "overdue" in rules_for(learner.user)


def test_a_completed_member_gets_no_reminder_at_all(town):
    organisation, learner = town
    course = build_course()
    assign(organisation, course, due_in=10)
    open_sections(learner.user, course)
    for day in (7, 8, 10, 11, 40):
        reminders_plan(now=at(day))
    assert planned(learner.user) == set()


def test_a_member_who_started_gets_no_not_started_reminder(town):
    organisation, learner = town
    course = build_course(lessons=2)
    assign(organisation, course)
    open_sections(learner.user, course, everything=False)
    reminders_plan(now=at(8))
    assert planned(learner.user) == set()


def test_a_recommended_assignment_gets_no_due_or_overdue_reminder(town):
    organisation, learner = town
    course = build_course()
    open_sections(learner.user, course, everything=False)  # started: no not_started
    assign(organisation, course, due_in=5, mandatory=False)
    for day in (0, 5, 6, 20):
        reminders_plan(now=at(day))
    assert planned(learner.user) == set()


def test_not_started_gives_way_to_a_due_date_reminder_the_same_day(town):
    organisation, learner = town
    assign(organisation, build_course(), due_in=10)
    reminders_plan(now=at(7))  # not started for a week, and due in 3 days
    assert rules_for(learner.user) == {"due_soon"}


def test_planning_twice_writes_each_reminder_once(town):
    organisation, learner = town
    assign(organisation, build_course(), due_in=10)
    assert reminders_plan(now=at(11)) > 0
    assert reminders_plan(now=at(11)) == 0
    assert (
        ReminderDelivery.objects.filter(user=learner.user, rule="overdue").count() == 1
    )


def test_a_rule_switched_off_is_not_planned_nor_mailed(town):
    organisation, learner = town
    assign(organisation, build_course(), due_in=30)
    reminder_settings_update(organisation=organisation, not_started=False)
    reminders_plan(now=at(7))
    assert reminders_send(now=at(7)) == 0
    assert planned(learner.user) == set()
    assert mail.outbox == []


def test_a_member_of_two_organisations_is_reminded_by_each(town):
    organisation, learner = town
    course = build_course()
    other = OrganisationFactory()
    MembershipFactory(organisation=other, user=learner.user)
    here = assign(organisation, course)
    there = assign(other, course)
    reminders_plan(now=at(7))
    assert planned(learner.user) == {
        ("not_started", here.pk),
        ("not_started", there.pk),
    }


# --- Sending ----------------------------------------------------------------------


def test_the_learner_mail_names_the_course_organisation_due_date_and_links_to_it(
    town,
):
    organisation, learner = town
    course = build_course()
    assign(organisation, course, due_in=5)
    reminders_plan(now=at(0))
    assert reminders_send(now=at(0)) == 1
    [message] = mail.outbox
    assert message.to == [learner.user.email]
    assert course.title in message.subject
    assert course.title in message.body
    assert "Gemeente Zottegem" in message.body
    assert "6 March 2027" in message.body
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    # The English reader's link: the Dutch page under /en/ (not translated).
    assert base + under("en", course) in message.body
    assert base + "/mijn-herinneringen/" in message.body


def test_a_module_assignment_names_and_links_the_module(town):
    organisation, learner = town
    course = build_course(modules=2)
    module = course.get_children().specific().last()
    assign(organisation, course, module=module)
    reminders_plan(now=at(7))
    reminders_send(now=at(7))
    [message] = mail.outbox
    assert f"{course.title} – {module.title}" in message.body
    assert (
        settings.WAGTAILADMIN_BASE_URL.rstrip("/") + under("en", module) in message.body
    )


def test_a_french_reader_gets_the_french_titles_and_link(town):
    organisation, _learner = town
    reader = member(organisation, preferred_language="fr")
    course = build_course(modules=2)
    module = course.get_children().specific().last()
    french_course = translate_tree(course)
    french_module = french_course.get_children().specific().last()
    assign(organisation, course, module=module)
    reminders_plan(now=at(7))
    reminders_send(now=at(7))
    [message] = [m for m in mail.outbox if m.to == [reader.user.email]]
    assert f"{french_course.title} – {french_module.title}" in message.body
    assert french_module.url.startswith("/fr/")
    assert (
        settings.WAGTAILADMIN_BASE_URL.rstrip("/") + french_module.url in message.body
    )


def under(language: str, page) -> str:
    """Where a reader of `language` finds the Dutch `page` that has no translation."""
    return f"/{language}/" + page.url.removeprefix("/nl/")


def test_a_page_not_yet_translated_is_linked_under_the_readers_language(town, client):
    organisation, _learner = town
    reader = member(organisation, preferred_language="fr")
    course = build_course()
    assign(organisation, course, due_in=5)
    reminders_plan(now=at(0))
    reminders_send(now=at(0))
    [message] = [m for m in mail.outbox if m.to == [reader.user.email]]
    assert course.title in message.body  # the Dutch title, shown with a notice
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    assert base + under("fr", course) in message.body
    client.force_login(reader.user)
    page = client.get(under("fr", course))
    assert page.status_code == 200
    assert "n’a pas encore été traduite" in page.content.decode()


@pytest.mark.parametrize(
    ("language", "month"), [("nl", "maart"), ("fr", "mars"), ("en", "March")]
)
def test_the_mail_is_in_the_members_language(town, language, month):
    organisation, _learner = town
    reader = member(organisation, preferred_language=language)
    assign(organisation, build_course(), due_in=5)
    reminders_plan(now=at(0))
    reminders_send(now=at(0))
    [message] = [m for m in mail.outbox if m.to == [reader.user.email]]
    assert f"6 {month} 2027" in message.subject
    assert f"6 {month} 2027" in message.body


def test_sending_twice_mails_each_reminder_once(town):
    organisation, learner = town
    second = member(organisation)
    assign(organisation, build_course(), due_in=5)
    for _ in range(2):
        reminders_plan(now=at(0))
        reminders_send(now=at(0))
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [learner.user.email, second.user.email]
    )
    assert not ReminderDelivery.objects.filter(sent_at__isnull=True).exists()


def test_a_failed_mail_stays_owed_and_is_sent_once_by_the_next_run(town):
    organisation, learner = town
    second = member(organisation)
    assign(organisation, build_course(), due_in=5)
    reminders_plan(now=at(0))
    from django.core.mail import send_mail as real_send_mail

    calls = []

    def fail_first(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise ConnectionRefusedError("mail server down")
        return real_send_mail(*args, **kwargs)

    with mock.patch("lms.mail.send_mail", side_effect=fail_first):
        assert reminders_send(now=at(0)) == 1  # the other one goes out all the same
    assert ReminderDelivery.objects.filter(sent_at__isnull=True).count() == 1
    assert len(mail.outbox) == 1
    assert reminders_send(now=at(0)) == 1
    assert reminders_send(now=at(0)) == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [learner.user.email, second.user.email]
    )


def test_a_member_who_completed_before_the_mail_went_gets_none(town):
    organisation, learner = town
    course = build_course()
    assign(organisation, course, due_in=5)
    reminders_plan(now=at(0))
    open_sections(learner.user, course)
    assert reminders_send(now=at(0)) == 0
    assert mail.outbox == []
    assert not ReminderDelivery.objects.exists()


def test_a_member_who_left_or_a_rule_switched_off_before_sending_gets_none(town):
    organisation, learner = town
    stays = member(organisation)
    assign(organisation, build_course(), due_in=5)
    reminders_plan(now=at(0))
    learner.delete()
    reminder_settings_update(organisation=organisation, due_soon=False)
    assert reminders_send(now=at(0)) == 0
    assert mail.outbox == []
    assert stays.user not in {r.user for r in ReminderDelivery.objects.all()}


# --- The coordinators' digest -------------------------------------------------------


@pytest.fixture
def two_towns(town):
    """Organisation A (town) and B, each with a coordinator and an overdue member."""
    a, a_late = town
    a_coordinator = member(a, role="coordinator", preferred_language="en")
    a_second_coordinator = member(a, role="coordinator", preferred_language="en")
    a_on_time = member(a)
    b = OrganisationFactory(name="Stad Ninove")
    b_late = member(b, first_name="Buiten", last_name="Organisatie")
    b_coordinator = member(b, role="coordinator")
    course = build_course()
    team_course = build_course()
    assign(a, course, due_in=10)
    assign(b, course, due_in=10)
    assign(a, team_course)  # recommended: nobody is overdue on it
    for m in (a_coordinator, a_second_coordinator, a_on_time, b_coordinator):
        open_sections(m.user, course)
    return {
        "a": a,
        "a_late": a_late,
        "a_coordinators": [a_coordinator, a_second_coordinator],
        "a_on_time": a_on_time,
        "b": b,
        "b_late": b_late,
        "b_coordinator": b_coordinator,
    }


def digests(user=None):
    found = [m for m in mail.outbox if "/voortgang/?status=overdue" in m.body]
    if user is not None:
        found = [m for m in found if m.to == [user.email]]
    return found


def test_each_coordinator_gets_a_digest_of_their_own_organisations_overdue_members(
    two_towns,
):
    t = two_towns
    reminders_plan(now=at(11))
    reminders_send(now=at(11))
    for coordinator in t["a_coordinators"]:
        [digest] = digests(coordinator.user)
        assert t["a_late"].user.get_full_name() in digest.body
        assert t["a_on_time"].user.get_full_name() not in digest.body
        assert t["b_late"].user.get_full_name() not in digest.body
        assert "11 March 2027" in digest.body
        assert f"/organisatie/{t['a'].pk}/voortgang/?status=overdue" in digest.body
    [digest_b] = digests(t["b_coordinator"].user)
    assert t["b_late"].user.get_full_name() in digest_b.body
    assert t["a_late"].user.get_full_name() not in digest_b.body
    assert len(digests()) == 3
    assert ReminderDelivery.objects.get(
        user=t["b_coordinator"].user, rule="digest"
    ).period == iso_week(date(2027, 3, 12))


def test_the_digest_goes_once_a_week(two_towns):
    t = two_towns
    coordinator = t["a_coordinators"][0].user
    for day in (11, 12, 13):  # Friday to Sunday of the same ISO week
        reminders_plan(now=at(day))
        reminders_send(now=at(day))
    assert len(digests(coordinator)) == 1
    reminders_plan(now=at(14))  # Monday: a new week
    reminders_send(now=at(14))
    assert len(digests(coordinator)) == 2


def test_no_digest_without_overdue_members_or_with_the_digest_switched_off(two_towns):
    t = two_towns
    reminders_plan(now=at(10))  # the due date itself: nobody is overdue yet
    reminders_send(now=at(10))
    assert digests() == []
    reminder_settings_update(organisation=t["a"], digest=False)
    reminders_plan(now=at(11))
    reminders_send(now=at(11))
    assert [m.to for m in digests()] == [[t["b_coordinator"].user.email]]


def test_a_mail_record_retention_shorter_than_the_reminder_window_is_refused(settings):
    from coordination.checks import mail_records_outlive_reminders

    assert mail_records_outlive_reminders(None) == []
    settings.RETENTION_MAIL_LOG_DAYS = 30
    (error,) = mail_records_outlive_reminders(None)
    assert error.id == "coordination.E001"
