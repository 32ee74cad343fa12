"""One member's progress as their coordinator sees it: assignments, modules, test
results and certificates."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from courses.models import ModulePage
from tests.factories import QuestionBankFactory, TestPageFactory

from .progress_helpers import (
    attempt_create,
    certificate_create,
    open_sections,
    town_build,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(client):
    town = town_build()
    client.force_login(town.coordinator.user)
    return town


def detail(client, town, membership):
    url = reverse(
        "coordination:member_detail", args=[town.organisation.pk, membership.pk]
    )
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_name_email_teams_and_assignments(client, town):
    doc = detail(client, town, town.anna)
    assert doc.select_one("#member-name").get_text() == "Anna Aerts"
    assert doc.select_one("#member-email").get_text() == "anna@zottegem.be"
    assert doc.select_one("#member-teams").get_text() == "Onthaal"
    rows = {
        int(tr["data-target"]): tr
        for tr in doc.select("#member-assignments tr[data-target]")
    }
    assert set(rows) == {town.basics.pk, town.counter_module.pk}
    assert rows[town.basics.pk]["data-status"] == "in_progress"
    assert rows[town.basics.pk]["data-percent"] == "40"
    assert rows[town.counter_module.pk]["data-status"] == "overdue"
    # Bram has only the course for everyone.
    doc = detail(client, town, town.bram)
    targets = [tr["data-target"] for tr in doc.select("#member-assignments tr")[1:]]
    assert targets == [str(town.basics.pk)]
    assert "12/11/2026" in doc.select_one("#member-assignments").get_text()


def test_modules_with_percentage_and_completion_date(client, town):
    module_1, module_2 = ModulePage.objects.child_of(town.counter).order_by("path")
    done_at = timezone.now() - timedelta(days=3)
    open_sections(town.anna.user, module_1, 2, at=done_at)  # all of module 1
    open_sections(town.anna.user, module_2, 1)  # half of module 2
    doc = detail(client, town, town.anna)
    section = doc.select_one(f'section[data-course="{town.counter.pk}"]')
    one = section.select_one(f'tr[data-module="{module_1.pk}"]')
    two = section.select_one(f'tr[data-module="{module_2.pk}"]')
    assert one["data-complete"] == "yes" and one["data-percent"] == "100"
    assert timezone.localtime(done_at).strftime("%d/%m/%Y") in one.get_text()
    assert two["data-complete"] == "no" and two["data-percent"] == "50"
    assert "50%" in two.get_text()


def test_test_results_best_score_attempts_and_passed(client, town):
    bank = QuestionBankFactory()
    module_test = TestPageFactory(parent=town.counter_module, bank=bank)
    final = TestPageFactory(parent=town.counter, bank=bank, slug="eindevaluatie")
    user = town.anna.user
    attempt_create(user, module_test, 1, 40, passed=False)
    attempt_create(user, module_test, 2, 85, passed=True)
    attempt_create(user, module_test, 3, 70, passed=True)
    # Another member's attempts are not Anna's.
    attempt_create(town.bram.user, final, 1, 100, passed=True)
    doc = detail(client, town, town.anna)
    tried = doc.select_one(f'tr[data-test="{module_test.pk}"]')
    assert tried["data-attempts"] == "3"
    assert tried["data-best"] == "85" and "85%" in tried.get_text()
    assert tried["data-passed"] == "yes"
    untried = doc.select_one(f'tr[data-test="{final.pk}"]')
    assert untried["data-attempts"] == "0" and untried["data-passed"] == "no"
    assert not untried.has_attr("data-best")


def test_certificates_with_status_and_download(client, town):
    user = town.bram.user
    now = timezone.now()
    valid = certificate_create(user, town.basics, issued_at=now)
    valid.pdf.save("c.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    expired = certificate_create(
        user, town.counter, issued_at=now - timedelta(days=800),
        expires_at=now - timedelta(days=65),
    )  # fmt: skip
    revoked = certificate_create(
        user, town.counter, issued_at=now, status=Certificate.Status.REVOKED
    )
    certificate_create(town.anna.user, town.basics, issued_at=now)  # not Bram's
    doc = detail(client, town, town.bram)
    rows = {
        tr["data-certificate"]: tr
        for tr in doc.select("#member-certificates tr[data-certificate]")
    }
    assert set(rows) == {str(valid.pk), str(expired.pk), str(revoked.pk)}
    assert rows[str(valid.pk)]["data-state"] == "valid"
    assert rows[str(expired.pk)]["data-state"] == "expired"
    assert rows[str(revoked.pk)]["data-state"] == "revoked"
    download = reverse("certificates:download", args=[valid.pk])
    assert rows[str(valid.pk)].a["href"] == download
    assert rows[str(expired.pk)].a is None  # no PDF, no link
    # The coordinator may follow that link.
    assert client.get(download).status_code == 200


def test_html_in_the_name_is_escaped(client, town):
    town.chris.user.first_name = "<img src=x onerror=alert(1)>"
    town.chris.user.save()
    url = reverse(
        "coordination:member_detail", args=[town.organisation.pk, town.chris.pk]
    )
    content = client.get(url).content.decode()
    assert "<img src=x" not in content and "&lt;img src=x" in content
