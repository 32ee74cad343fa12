"""The reminder pages: a coordinator switches rules per organisation; a member sees
their own reminders and which rules are on."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from coordination.models import ReminderDelivery, ReminderSettings
from tests.factories import (
    AssignmentFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return OrganisationFactory()


@pytest.fixture
def coordinator(organisation):
    return MembershipFactory(organisation=organisation, role="coordinator").user


def settings_url(organisation):
    return reverse("coordination:reminders", args=[organisation.pk])


def checked(html: str) -> dict[str, bool]:
    """Each rule's checkbox on the settings page → ticked or not."""
    boxes = re.findall(r'<input type="checkbox" name="(\w+)"[^>]*>', html)
    return {
        name: " checked"
        in re.search(rf'<input type="checkbox" name="{name}"[^>]*>', html)[0]
        for name in boxes
    }


def sent(organisation, user, rule="overdue", **fields):
    return ReminderDelivery.objects.create(
        organisation=organisation,
        user=user,
        rule=rule,
        assignment=AssignmentFactory(organisation=organisation, **fields)
        if rule != "digest"
        else None,
        period="2027-W10" if rule == "digest" else "",
        sent_at=timezone.now(),
    )


def test_the_settings_page_shows_every_rule_on_without_settings(
    client, organisation, coordinator
):
    client.force_login(coordinator)
    response = client.get(settings_url(organisation))
    assert response.status_code == 200
    assert checked(response.content.decode()) == {
        "not_started": True,
        "due_soon": True,
        "overdue": True,
        "digest": True,
    }
    # Each box has a label and its explanation tied to it.
    html = response.content.decode()
    for rule in ("not_started", "due_soon", "overdue", "digest"):
        assert f'<label for="rule-{rule}">' in html
        assert f'id="rule-{rule}-help"' in html


def test_the_coordinator_switches_rules_off_and_on(client, organisation, coordinator):
    client.force_login(coordinator)
    response = client.post(
        settings_url(organisation), {"due_soon": "on", "overdue": "on"}
    )
    assert response.status_code == 302
    found = ReminderSettings.objects.get(organisation=organisation)
    assert (found.not_started, found.due_soon, found.overdue, found.digest) == (
        False,
        True,
        True,
        False,
    )
    assert checked(client.get(settings_url(organisation)).content.decode()) == {
        "not_started": False,
        "due_soon": True,
        "overdue": True,
        "digest": False,
    }
    client.post(settings_url(organisation), {"not_started": "on", "digest": "on"})
    found.refresh_from_db()
    assert (found.not_started, found.due_soon, found.overdue, found.digest) == (
        True,
        False,
        False,
        True,
    )


@pytest.mark.parametrize("who", ["other_coordinator", "learner", "trainer"])
def test_only_the_organisations_coordinators_reach_the_settings(
    client, organisation, who
):
    if who == "other_coordinator":
        user = MembershipFactory(role="coordinator").user  # of another organisation
    else:
        user = MembershipFactory(organisation=organisation, role=who).user
    client.force_login(user)
    assert client.get(settings_url(organisation)).status_code == 404
    assert client.post(settings_url(organisation), {}).status_code == 404
    assert not ReminderSettings.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, organisation):
    response = client.get(settings_url(organisation))
    assert response.status_code == 302
    assert "login" in response["Location"]
    response = client.get(reverse("coordination:my_reminders"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_settings_page_lists_reminders_sent_in_this_organisation_only(
    client, organisation, coordinator
):
    learner = MembershipFactory(organisation=organisation).user
    here = [sent(organisation, learner), sent(organisation, coordinator, "digest")]
    unsent = sent(organisation, learner, "not_started")
    ReminderDelivery.objects.filter(pk=unsent.pk).update(sent_at=None)
    elsewhere = sent(OrganisationFactory(), learner)
    client.force_login(coordinator)
    html = client.get(settings_url(organisation)).content.decode()
    shown = {int(pk) for pk in re.findall(r'data-reminder="(\d+)"', html)}
    assert shown == {r.pk for r in here}
    assert elsewhere.pk not in shown


def test_my_reminders_shows_only_my_own_reminders_and_my_organisations_rules(client):
    mine = OrganisationFactory()
    me = MembershipFactory(organisation=mine).user
    colleague = MembershipFactory(organisation=mine).user
    ReminderSettings.objects.create(organisation=mine, due_soon=False)
    my_rows = [sent(mine, me), sent(mine, me, "not_started")]
    theirs = sent(mine, colleague)
    client.force_login(me)
    response = client.get(reverse("coordination:my_reminders"))
    assert response.status_code == 200
    html = response.content.decode()
    shown = {int(pk) for pk in re.findall(r'data-reminder="(\d+)"', html)}
    assert shown == {r.pk for r in my_rows}
    assert theirs.pk not in shown
    assert re.findall(r'data-organisation="(\d+)"', html) == [str(mine.pk)]
    rules = dict(re.findall(r'data-rule="(\w+)" data-on="(\w+)"', html))
    assert rules == {"not_started": "true", "due_soon": "false", "overdue": "true"}
    assert my_rows[0].assignment.course.url in html


def test_my_reminders_without_an_organisation(client):
    client.force_login(UserFactory())
    response = client.get(reverse("coordination:my_reminders"))
    assert response.status_code == 200
    assert "data-organisation" not in response.content.decode()


@pytest.mark.parametrize("count", [1, 30])
def test_both_pages_cost_the_same_queries_for_1_or_30_reminders(
    client, organisation, coordinator, count, django_assert_max_num_queries
):
    learner = MembershipFactory(organisation=organisation).user
    for _ in range(count):
        sent(organisation, learner)
        sent(organisation, learner, module=None, mandatory=False)
    client.force_login(coordinator)
    with django_assert_max_num_queries(11):
        assert client.get(settings_url(organisation)).status_code == 200
    client.force_login(learner)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("coordination:my_reminders")).status_code == 200


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("nl", "Een herinnering als je een week na het toewijzen nog niet begonnen"),
        ("fr", "Un rappel si vous n'avez pas commencé une semaine après"),
    ],
)
def test_the_rules_are_explained_in_the_readers_language(client, language, sentence):
    member = MembershipFactory(user__preferred_language=language)
    client.force_login(member.user)
    html = client.get(reverse("coordination:my_reminders")).content.decode()
    assert sentence.replace("'", "&#x27;") in html
    assert "A reminder when you have not started" not in html
