"""My certificates, downloads (owner and their coordinators only), public verification."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from lms.models import Membership
from tests.factories import MembershipFactory, UserFactory

from .helpers import certified_course, complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(django_capture_on_commit_callbacks):
    course, final = certified_course()
    learner = UserFactory(
        first_name="Lotte", last_name="Peeters", email="lotte@example.be"
    )
    MembershipFactory(user=learner)
    with django_capture_on_commit_callbacks(execute=True):
        complete(course, final, learner)
    return Certificate.objects.get(user=learner)


def download_url(certificate):
    return reverse("certificates:download", args=[certificate.pk])


def test_my_certificates_lists_mine_with_a_download(client, certificate):
    client.force_login(certificate.user)
    html = client.get(reverse("certificates:mine")).content.decode()
    assert certificate.short_code in html and download_url(certificate) in html
    response = client.get(download_url(certificate))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == (
        certificate.pdf_sha256
    )


def test_someone_elses_certificate_is_404(client, certificate):
    client.force_login(UserFactory())
    assert client.get(download_url(certificate)).status_code == 404


def test_a_coordinator_of_the_learners_organisation_may_download(client, certificate):
    organisation = certificate.user.memberships.get().organisation
    coordinator = MembershipFactory(
        organisation=organisation, role=Membership.Role.COORDINATOR
    ).user
    client.force_login(coordinator)
    assert client.get(download_url(certificate)).status_code == 200
    elsewhere = MembershipFactory(role=Membership.Role.COORDINATOR).user
    client.force_login(elsewhere)
    assert client.get(download_url(certificate)).status_code == 404


def test_the_qr_page_says_valid_and_shows_only_what_is_needed(client, certificate):
    response = client.get(
        reverse("certificates:verify", args=[certificate.verification_code])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lotte Peeters" in html and certificate.printed["course"] in html
    assert "lotte@example.be" not in html  # no personal data beyond the name
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_typing_the_short_code_in_any_case_finds_it(client, certificate):
    typed = certificate.short_code.lower().replace("-", " ")
    html = client.post(
        reverse("certificates:verify_form"), {"code": typed}
    ).content.decode()
    assert "Lotte Peeters" in html


def test_expired_and_revoked_certificates_say_so(client, certificate):
    url = reverse("certificates:verify", args=[certificate.verification_code])
    Certificate.objects.filter(pk=certificate.pk).update(expires_at=timezone.now())
    assert "Verlopen" in client.get(url).content.decode()
    Certificate.objects.filter(pk=certificate.pk).update(
        status="revoked", revoked_at=timezone.now()
    )
    assert "Ingetrokken" in client.get(url).content.decode()


def test_unknown_codes_get_the_same_page_with_no_hint(client, certificate):
    unknown = client.post(
        reverse("certificates:verify_form"), {"code": "AAAA-BBBB-CCCC"}
    )
    malformed = client.post(reverse("certificates:verify_form"), {"code": "x"})
    bad_qr = client.get(reverse("certificates:verify", args=["not-a-code"]))
    for response in (unknown, malformed, bad_qr):
        assert response.status_code == 200
        assert "Lotte" not in response.content.decode()
    assert len({r.templates[0].name for r in (unknown, malformed, bad_qr)}) == 1


def test_lookups_are_rate_limited_per_address(certificate):
    client = Client(HTTP_HOST="localhost", REMOTE_ADDR="192.0.2.50")
    statuses = [
        client.post(
            reverse("certificates:verify_form"), {"code": "AAAA-BBBB-CCCC"}
        ).status_code
        for _ in range(31)
    ]
    assert statuses[:30] == [200] * 30 and statuses[30] == 429
    other = Client(HTTP_HOST="localhost", REMOTE_ADDR="192.0.2.51")
    assert (
        other.post(reverse("certificates:verify_form"), {"code": "x"}).status_code
        == 200
    )


def test_uploading_the_pdf_tells_whether_it_is_the_original(client, certificate):
    with certificate.pdf.open("rb") as handle:
        original = handle.read()
    url = reverse("certificates:verify_form")
    same = client.post(
        url,
        {"code": certificate.short_code, "pdf": SimpleUploadedFile("c.pdf", original)},
    )
    assert "precies het certificaat" in same.content.decode()
    forged = client.post(
        url,
        {
            "code": certificate.short_code,
            "pdf": SimpleUploadedFile("c.pdf", original + b" "),
        },
    )
    assert "niet het certificaat" in forged.content.decode()


def test_verification_forms_need_csrf(certificate):
    strict = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    assert (
        strict.post(reverse("certificates:verify_form"), {"code": "x"}).status_code
        == 403
    )


def test_my_certificates_needs_a_login(client):
    assert client.get(reverse("certificates:mine")).status_code == 302


def test_editors_revoke_and_reissue_in_the_admin(
    client, certificate, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert (
        client.get(reverse("wagtailsnippets_certificates_certificate:list")).status_code
        == 200
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("certificates_reissue", args=[certificate.pk]), follow=True
        )
    assert response.status_code == 200
    new = Certificate.objects.get(previous=certificate)
    response = client.post(
        reverse("certificates_revoke", args=[new.pk]), {"reason": ""}
    )
    assert response.status_code == 200 and not Certificate.objects.filter(
        status="revoked"
    )
    client.post(
        reverse("certificates_revoke", args=[new.pk]), {"reason": "Dubbel uitgereikt"}
    )
    assert Certificate.objects.get(pk=new.pk).revoked_reason == "Dubbel uitgereikt"


def test_the_certificate_admin_is_for_editors_only(client, certificate):
    client.force_login(UserFactory())
    response = client.post(
        reverse("certificates_revoke", args=[certificate.pk]), {"reason": "x"}
    )
    assert response.status_code in (302, 403)
    assert Certificate.objects.get(pk=certificate.pk).status == "valid"


def test_the_pdf_is_kept_outside_the_public_media_folder(certificate, settings):
    from pathlib import Path

    path = Path(certificate.pdf.path)
    assert path.is_file()
    assert Path(settings.PRIVATE_MEDIA_ROOT) in path.parents
    assert Path(settings.MEDIA_ROOT) not in path.parents
    with pytest.raises(ValueError):
        certificate.pdf.url  # noqa: B018 - there is no public address to give out


def test_the_limit_counts_the_visitor_behind_the_proxy(certificate, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"HTTP_HOST": "localhost", "REMOTE_ADDR": "10.0.0.1"}
    # A spoofed address on the left changes nothing: the proxy appended the real one.
    first = Client(**proxy, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.1")
    for _ in range(31):
        first.post(reverse("certificates:verify_form"), {"code": "x"})
    second = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert (
        second.post(reverse("certificates:verify_form"), {"code": "x"}).status_code
        == 200
    )
    assert (
        first.post(reverse("certificates:verify_form"), {"code": "x"}).status_code
        == 429
    )


def test_the_short_code_typed_into_the_address_finds_it_in_any_shape(
    client, certificate
):
    code = certificate.short_code  # e.g. K7Q4-M2XP-9DNA
    for typed in (code, code.lower(), code.replace("-", ""), code.replace("-", " ")):
        response = client.get(reverse("certificates:verify", args=[typed]))
        html = response.content.decode()
        assert response.status_code == 200, typed
        assert "Lotte Peeters" in html and "Geldig" in html, typed
        assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_an_unknown_short_code_in_the_address_gets_the_page_with_no_hint(
    client, certificate
):
    typed = client.post(reverse("certificates:verify_form"), {"code": "x"})
    for code in ("AAAA-BBBB-CCCC", "aaaabbbbcccc", "K7Q4-M2XP"):
        response = client.get(reverse("certificates:verify", args=[code]))
        assert response.status_code == 200
        assert "Lotte" not in response.content.decode()
        assert "Er is geen certificaat met deze code." in response.content.decode()
        assert response.templates[0].name == typed.templates[0].name


def test_a_revoked_certificate_found_by_short_code_names_nobody(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        status="revoked", revoked_at=timezone.now()
    )
    url = reverse("certificates:verify", args=[certificate.short_code.lower()])
    html = client.get(url).content.decode()
    assert "Ingetrokken" in html
    assert "Lotte" not in html and "Peeters" not in html


def test_short_codes_in_the_address_count_towards_the_same_limit(certificate):
    client = Client(HTTP_HOST="localhost", REMOTE_ADDR="192.0.2.60")
    url = reverse("certificates:verify", args=[certificate.short_code])
    statuses = [client.get(url).status_code for _ in range(30)]
    assert statuses == [200] * 30
    assert client.get(url).status_code == 429
    assert (
        client.post(
            reverse("certificates:verify_form"), {"code": certificate.short_code}
        ).status_code
        == 429
    )
