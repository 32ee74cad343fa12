"""Trainer kits: access (page, downloads, the documents' own URLs), the zip of a whole
kit, download counts and what changed since a trainer's last download. The documents'
rule for every role and place is in tests/home/test_views_document_access.py."""

import io
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import BaseViewRestriction, PageViewRestriction

from lms.models import Membership
from tests.factories import MembershipFactory, UserFactory, document, kit
from training.kits.services import kit_bundle_build, kit_bundle_current
from training.models import KitBundle, KitDownload, KitMaterial, MaterialStamp

pytestmark = pytest.mark.django_db


def _trainer():
    return MembershipFactory(role=Membership.Role.TRAINER).user


def _download(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content)


def _edit_material(page, title, **changes):
    """Change one material in the page's own cluster, as the page editor does; the
    next revision carries it."""
    materials = list(page.materials.all())
    for material in materials:
        if material.title == title:
            for name, value in changes.items():
                setattr(material, name, value)
    page.materials = materials


def _kit_urls(page):
    material = KitMaterial.objects.get(kit=page, title="Bestand 1")
    return {
        "page": page.url,
        "material": reverse("training:kit_material", args=[page.pk, material.pk]),
        "zip": reverse("training:kit_bundle", args=[page.pk]),
        "document": material.document.url,
    }


@pytest.mark.parametrize("name", ["page", "material", "zip", "document"])
def test_non_trainers_get_404_on_a_trainers_only_kit_and_its_documents(client, name):
    page = kit(trainers_only=True)
    client.force_login(UserFactory())
    assert client.get(_kit_urls(page)[name]).status_code == 404


@pytest.mark.parametrize("name", ["material", "zip", "document"])
def test_anonymous_visitors_get_nothing_of_a_trainers_only_kit(client, name):
    page = kit(trainers_only=True)
    response = client.get(_kit_urls(page)[name])
    assert response.status_code == 404
    assert not getattr(response, "streaming", False)


def test_anonymous_visitors_are_asked_to_log_in_for_a_trainers_only_kit(client):
    page = kit(trainers_only=True)
    response = client.get(_kit_urls(page)["page"])
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


@pytest.mark.parametrize("name", ["material", "zip", "document"])
def test_a_public_kit_is_downloaded_without_an_account_and_counted(client, name):
    page = kit(trainers_only=False)
    urls = _kit_urls(page)
    assert client.get(urls["page"]).status_code == 200
    content = _download(client, urls[name])
    assert content.startswith(b"PK") if name == "zip" else content == b"inhoud 1"
    if name != "document":  # the kit's own download links are counted, unnamed
        assert KitDownload.objects.filter(kit=page, user=None).count() == 1


@pytest.mark.parametrize("name", ["page", "material", "zip", "document"])
def test_an_unpublished_kit_and_its_files_are_404_even_to_trainers(client, name):
    page = kit(trainers_only=False)
    url = _kit_urls(page)[name]
    page.unpublish()
    client.force_login(_trainer())
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("name", ["material", "zip", "document"])
def test_a_kit_an_editor_restricted_to_a_group_is_404_to_others_everywhere(
    client, name
):
    page = kit(trainers_only=False)
    group = Group.objects.create(name="Trainers Oost-Vlaanderen")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=BaseViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    url = _kit_urls(page)[name]
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    member = UserFactory()
    member.groups.add(group)
    client.force_login(member)
    assert client.get(url).status_code == 200


def test_trainers_open_the_kit_and_download_everything(client):
    page = kit(trainers_only=True)
    client.force_login(_trainer())
    urls = _kit_urls(page)
    html = client.get(urls["page"]).content.decode()
    assert "Bestand 1" in html and "Bestand 2" in html
    assert _download(client, urls["material"]) == b"inhoud 1"
    assert _download(client, urls["document"]) == b"inhoud 1"


def test_a_public_kit_is_open_to_everyone_logged_in_too(client):
    page = kit(trainers_only=False)
    client.force_login(UserFactory())
    assert client.get(page.url).status_code == 200
    assert _download(client, _kit_urls(page)["document"]) == b"inhoud 1"


def test_document_files_are_not_under_media_root(settings):
    page = kit()
    path = page.materials.first().document.file.path
    assert str(path).startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not str(path).startswith(str(settings.MEDIA_ROOT))


def test_the_zip_holds_every_material_and_is_built_once_per_version(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = kit(materials=3)
    bundle = kit_bundle_current(page)
    assert bundle is not None  # built (by the task) when the kit was published
    first_built = bundle.built_at
    client.force_login(_trainer())
    data = _download(client, reverse("training:kit_bundle", args=[page.pk]))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert names == ["01 Bestand 1.pdf", "02 Bestand 2.pdf", "03 Bestand 3.pdf"]
        assert archive.read(names[1]) == b"inhoud 2"
    # Publishing again with the same materials builds nothing new.
    page.save_revision().publish()
    assert kit_bundle_build(page.pk).built_at == first_built
    assert KitBundle.objects.filter(kit=page).count() == 1
    # A new version of one material: a new zip with the new file, the old one gone.
    _edit_material(
        page,
        "Bestand 2",
        document=document("Bestand 2", b"inhoud 2, nieuw"),
        version="1.1",
        changes="Nieuwe oefening toegevoegd",
    )
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    bundle = kit_bundle_current(page)
    assert bundle.built_at > first_built
    assert KitBundle.objects.filter(kit=page).count() == 1
    data = _download(client, reverse("training:kit_bundle", args=[page.pk]))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.read("02 Bestand 2.pdf") == b"inhoud 2, nieuw"


def test_replacing_a_documents_file_makes_a_new_zip(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        page = kit(materials=1)
    before = kit_bundle_current(page)
    doc = get_document_model().objects.get(pk=page.materials.get().document_id)
    doc.file.save("nieuw.pdf", ContentFile(b"vervangen"), save=False)
    doc._set_document_file_metadata()
    with django_capture_on_commit_callbacks(execute=True):
        doc.save()
    after = kit_bundle_current(page)
    assert after is not None and after.pk != before.pk


def test_downloads_are_counted_per_material_and_shown_to_editors(client):
    page = kit()
    trainer = _trainer()
    client.force_login(trainer)
    urls = _kit_urls(page)
    for _ in range(2):
        _download(client, urls["material"])
    _download(client, urls["zip"])
    material = page.materials.first()
    assert KitDownload.objects.filter(material=material).count() == 2
    assert KitDownload.objects.filter(kit=page, material=None).count() == 1
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = client.get(
        reverse("training_kit_downloads", args=[page.pk])
    ).content.decode()
    assert "<td>Bestand 1</td><td>1.0</td><td>2</td>" in html


def test_the_trainer_sees_what_changed_since_the_last_download(client):
    page = kit()
    trainer = _trainer()
    client.force_login(trainer)
    _download(client, _kit_urls(page)["zip"])
    html = client.get(reverse("training:trainer_dashboard")).content.decode()
    assert "Nieuwe oefening" not in html
    _edit_material(
        page, "Bestand 1", version="2.0", changes="Nieuwe oefening over My eBox"
    )
    page.save_revision().publish()
    stamp = MaterialStamp.objects.get(material__title="Bestand 1")
    assert stamp.changed_at > KitDownload.objects.latest("downloaded_at").downloaded_at
    html = client.get(reverse("training:trainer_dashboard")).content.decode()
    assert "Nieuwe oefening over My eBox" in html
    assert "Bestand 2 (1.0)" not in html  # unchanged files are not listed
    page_html = client.get(page.url).content.decode()
    assert "Nieuwe oefening over My eBox" in page_html


def test_materials_keep_their_stamp_when_nothing_changed():
    page = kit()
    stamps = dict(MaterialStamp.objects.values_list("material_id", "changed_at"))
    page.save_revision().publish()
    assert dict(MaterialStamp.objects.values_list("material_id", "changed_at")) == (
        stamps
    )
    assert set(stamps) == set(KitMaterial.objects.values_list("pk", flat=True))


def test_visitors_without_an_account_are_counted_apart_from_people(client):
    page = kit(trainers_only=False)
    urls = _kit_urls(page)
    for _ in range(3):
        _download(client, urls["material"])  # anonymous visitors
    client.force_login(_trainer())
    _download(client, urls["material"])
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = client.get(
        reverse("training_kit_downloads", args=[page.pk])
    ).content.decode()
    assert "1 mensen hebben iets gedownload" in html
    assert "Bezoekers zonder account downloadden er 3 keer iets uit." in html
