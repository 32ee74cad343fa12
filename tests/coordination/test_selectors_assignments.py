"""Which assignment applies to whom, and the status a member has on it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coordination.selectors import Status, assignments_for_member, progress_table
from courses.models import LessonPage, ModulePage
from courses.services import section_progress_record
from tests.factories import (
    AssignmentFactory,
    MembershipFactory,
    OrganisationFactory,
    TeamFactory,
    build_course,
)
from tests.queries import queries_for

pytestmark = pytest.mark.django_db


def test_mandatory_beats_recommended_and_earlier_beats_later():
    organisation = OrganisationFactory()
    team, other_team = (
        TeamFactory(organisation=organisation),
        TeamFactory(organisation=organisation),
    )
    course = build_course()
    today = timezone.localdate()
    everyone = AssignmentFactory(organisation=organisation, course=course)
    later = AssignmentFactory(
        organisation=organisation,
        course=course,
        team=team,
        mandatory=True,
        due_date=today + timedelta(days=60),
    )
    sooner = AssignmentFactory(
        organisation=organisation,
        course=course,
        team=other_team,
        mandatory=True,
        due_date=today + timedelta(days=10),
    )
    assignments = [everyone, later, sooner]
    assert assignments_for_member(assignments, set()) == {course.pk: everyone}
    assert assignments_for_member(assignments, {team.pk}) == {course.pk: later}
    assert assignments_for_member(assignments, {team.pk, other_team.pk}) == {
        course.pk: sooner
    }


def test_a_module_assignment_completes_with_its_module_and_dates_it():
    organisation = OrganisationFactory()
    member = MembershipFactory(organisation=organisation)
    course = build_course(modules=2, lessons=1, sections=2)
    first = ModulePage.objects.child_of(course).order_by("path").first()
    AssignmentFactory(organisation=organisation, course=course, module=first)
    lesson = LessonPage.objects.child_of(first).get()
    for section_id in lesson.section_ids:
        section_progress_record(user=member.user, lesson=lesson, section_id=section_id)
    table = progress_table(organisation)
    [target] = table.targets
    assert target.is_module and target.pk == first.pk
    [cell] = table.rows[0].cells_in(table.targets)
    assert cell.status == Status.COMPLETED and cell.percent == 100
    assert timezone.now() - cell.completed_at < timedelta(minutes=1)


def test_overdue_only_for_mandatory_and_only_after_the_due_date():
    organisation = OrganisationFactory()
    MembershipFactory(organisation=organisation)
    today = timezone.localdate()
    AssignmentFactory(
        organisation=organisation,
        course=build_course(),
        mandatory=True,
        due_date=today,
    )
    AssignmentFactory(organisation=organisation, course=build_course(), due_date=today)

    def statuses(day):
        table = progress_table(organisation, today=day)
        return [cell.status for cell in table.rows[0].cells_in(table.targets)]

    assert statuses(today) == [Status.NOT_STARTED, Status.NOT_STARTED]
    assert statuses(today + timedelta(days=1)) == [Status.OVERDUE, Status.NOT_STARTED]


def test_a_member_who_leaves_disappears_but_keeps_their_learning():
    organisation = OrganisationFactory()
    staying, leaving = (MembershipFactory(organisation=organisation) for _ in range(2))
    course = build_course()
    AssignmentFactory(organisation=organisation, course=course)
    lesson = LessonPage.objects.descendant_of(course).first()
    section_progress_record(
        user=leaving.user, lesson=lesson, section_id=lesson.section_ids[0]
    )
    user = leaving.user
    leaving.delete()
    assert [row.user for row in progress_table(organisation).rows] == [staying.user]
    assert user.section_progress.count() == 1


def test_dashboard_costs_the_same_for_1_or_30_assignments(client):
    organisation = OrganisationFactory()
    teams = [TeamFactory(organisation=organisation) for _ in range(3)]
    member = MembershipFactory(organisation=organisation)
    member.teams.add(*teams)
    client.force_login(member.user)
    url = reverse("courses:dashboard")

    def assign(count):
        for n in range(count):
            course = build_course(modules=1, lessons=1)
            AssignmentFactory(
                organisation=organisation,
                course=course,
                team=teams[n % 3],
                mandatory=True,
                due_date=timezone.localdate() + timedelta(days=n + 1),
            )
            lesson = LessonPage.objects.descendant_of(course).first()
            section_progress_record(
                user=member.user, lesson=lesson, section_id=lesson.section_ids[0]
            )

    assign(1)
    client.get(url)
    one = queries_for(client, url)
    assign(29)
    page = client.get(url).content.decode()
    assert page.count('data-status="in_progress"') == 30
    assert queries_for(client, url) == one
