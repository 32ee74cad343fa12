"""Every document goes through one access rule, whatever URL reaches it: as visible as
the most visible live place that uses it, editors always, nobody else when it is used
nowhere live. Refusals are 404, so nothing says that a document exists."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    PageViewRestriction,
)

from home.selectors import document_may_download
from home.services import home_page_ensure
from lms.models import Membership
from tests.factories import (
    CoursePageFactory,
    EnrolmentFactory,
    LessonPageFactory,
    MembershipFactory,
    ModulePageFactory,
    StandardPageFactory,
    UserFactory,
    document,
    document_block,
    document_link,
    editor,
    kit,
    lesson_body,
)

pytestmark = pytest.mark.django_db

CONTENT = b"%PDF-1.4 inhoud"


def _kit_material(trainers_only: bool, *, published: bool = True):
    def build(course):
        page = kit(course, trainers_only=trainers_only, materials=1)
        if not published:
            page.unpublish()
        material = page.materials.get()
        return material.document, material

    return build


def _in_lesson(course):
    doc = document("Stappenplan", CONTENT)
    body = lesson_body(1)
    body[0]["value"]["content"].append(document_block(doc))
    LessonPageFactory(parent=ModulePageFactory(parent=course), body=body)
    return doc, None


def _on_standard_page(*, published: bool):
    def build(course):
        doc = document("Brochure", CONTENT)
        page = StandardPageFactory(body=[document_link(doc), document_block(doc)])
        if not published:
            page.unpublish()
        return doc, None

    return build


def _nowhere(course):
    return document("Losse upload", CONTENT), None


PLACES = {
    "public kit": _kit_material(trainers_only=False),
    "trainers-only kit": _kit_material(trainers_only=True),
    "unpublished kit": _kit_material(trainers_only=False, published=False),
    "lesson": _in_lesson,
    "public page": _on_standard_page(published=True),
    "unpublished page": _on_standard_page(published=False),
    "nowhere": _nowhere,
}

ROLES = {
    "anonymous": lambda course: None,
    "outsider": lambda course: UserFactory(),
    "learner": lambda course: EnrolmentFactory(user=UserFactory(), course=course).user,
    "trainer": lambda course: MembershipFactory(role=Membership.Role.TRAINER).user,
    "editor": lambda course: editor(),
}

# Who gets the file at /documents/<id>/<name> (Y) and who gets 404 (-), in the order
# of ROLES: anonymous, outsider, learner, trainer, editor. Trainers follow no course
# here, so a lesson's document is not theirs.
DOCUMENT_URL = {
    "public kit": "Y Y Y Y Y",
    "trainers-only kit": "- - - Y Y",
    "unpublished kit": "- - - - Y",
    "lesson": "- - Y - Y",
    "public page": "Y Y Y Y Y",
    "unpublished page": "- - - - Y",
    "nowhere": "- - - - Y",
}

# The kit's own download link: the kit's check, then the documents' check. A public
# kit is everyone's, without an account; an unpublished kit is nobody's.
KIT_URL = {
    "public kit": "Y Y Y Y Y",
    "trainers-only kit": "- - - Y Y",
    "unpublished kit": "- - - - -",
}


def _cases(matrix):
    return [
        pytest.param(place, role, allowed == "Y", id=f"{place}-{role}")
        for place, row in matrix.items()
        for role, allowed in zip(ROLES, row.split(), strict=True)
    ]


def _login(client, role, course):
    user = ROLES[role](course)
    if user is not None:
        client.force_login(user)
    return user


def _served(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(("place", "role", "allowed"), _cases(DOCUMENT_URL))
def test_the_document_url(client, place, role, allowed):
    course = CoursePageFactory()
    doc, _material = PLACES[place](course)
    _login(client, role, course)
    response = client.get(doc.url)
    if allowed:
        with doc.open_file() as stored:
            assert _served(response) == stored.read()
    else:
        assert response.status_code == 404


@pytest.mark.parametrize(("place", "role", "allowed"), _cases(KIT_URL))
def test_the_kit_download_url(client, place, role, allowed):
    course = CoursePageFactory()
    doc, material = PLACES[place](course)
    _login(client, role, course)
    url = reverse("training:kit_material", args=[material.kit_id, material.pk])
    response = client.get(url)
    if allowed:
        assert _served(response) == b"inhoud 1"
    else:
        assert response.status_code == 404


def test_a_draft_does_not_publish_a_document(client):
    """What a page's unpublished draft uses stays the editors' until it is published."""
    doc = document("Nieuwe brochure", CONTENT)
    page = StandardPageFactory()
    page.body = [document_block(doc)]
    page.save_revision()
    assert client.get(doc.url).status_code == 404
    page.get_latest_revision().publish()
    assert client.get(doc.url).status_code == 200


def test_a_document_taken_out_of_the_last_live_page_is_no_longer_served(client):
    doc = document("Oude brochure", CONTENT)
    page = StandardPageFactory(body=[document_block(doc)])
    assert client.get(doc.url).status_code == 200
    page.body = []
    page.save_revision().publish()
    assert client.get(doc.url).status_code == 404


def _restricted_page(kind: str, **extra) -> tuple:
    doc = document("Intern", CONTENT)
    parent = StandardPageFactory()
    StandardPageFactory(parent=parent, body=[document_block(doc)])
    # On the parent: a restriction covers the whole subtree, as in Wagtail.
    restriction = PageViewRestriction.objects.create(
        page=parent, restriction_type=kind, **extra
    )
    return doc, restriction


def test_a_page_for_logged_in_users_does_not_make_its_document_public(client):
    doc, _restriction = _restricted_page(BaseViewRestriction.LOGIN)
    assert client.get(doc.url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(doc.url).status_code == 200


def test_a_page_for_some_groups_shares_its_document_with_those_groups_only(client):
    group = Group.objects.create(name="Baliemedewerkers")
    doc, restriction = _restricted_page(BaseViewRestriction.GROUPS)
    restriction.groups.add(group)
    client.force_login(UserFactory())
    assert client.get(doc.url).status_code == 404
    member = UserFactory()
    member.groups.add(group)
    client.force_login(member)
    assert client.get(doc.url).status_code == 200


def test_a_password_protected_page_makes_nothing_downloadable(client):
    # The page asks its password and keeps it in the session; the document's URL
    # cannot ask it, so it does not rely on it.
    doc, _restriction = _restricted_page(
        BaseViewRestriction.PASSWORD, password="geheim"
    )
    client.force_login(UserFactory())
    assert client.get(doc.url).status_code == 404
    client.force_login(editor())
    assert client.get(doc.url).status_code == 200


def test_wagtails_collection_restrictions_still_apply_after_the_rule(client):
    home_page_ensure()  # and the root collection
    collection = Collection.get_first_root_node().add_child(name="Intern")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=BaseViewRestriction.LOGIN
    )
    public, unused = document("Brochure", CONTENT), document("Concept", CONTENT)
    for doc in (public, unused):
        doc.collection = collection
        doc.save()
    StandardPageFactory(body=[document_block(public)])
    response = client.get(public.url)
    assert response.status_code == 302  # Wagtail's own login redirect
    assert "login" in response["Location"]
    # The rule is asked first: no login form says that an unused document exists.
    assert client.get(unused.url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(public.url).status_code == 200


def test_admin_access_alone_does_not_make_an_editor_of_documents(client):
    """A forum moderator reaches the admin but chooses no documents there."""
    doc = document("Losse upload", CONTENT)
    moderator = UserFactory()
    moderator.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(moderator)
    assert client.get(doc.url).status_code == 404


@pytest.mark.parametrize("lessons", [1, 30])
def test_the_check_costs_the_same_few_queries_however_many_pages_use_it(
    django_assert_num_queries, lessons
):
    """Worst case: a learner of another course, a document in `lessons` lessons of
    `lessons` courses, in a trainers-only kit and on an unpublished page; every rule
    is asked, then whether the learner is an editor."""
    doc = document("Stappenplan", CONTENT)
    body = lesson_body(1)
    body[0]["value"]["content"].append(document_block(doc))
    for _ in range(lessons):
        LessonPageFactory(parent=ModulePageFactory(), body=body)
    kit_page = kit(trainers_only=True, materials=1)
    material = kit_page.materials.get()
    material.document = doc
    kit_page.materials = [material]
    kit_page.save_revision().publish()
    StandardPageFactory(body=[document_block(doc)]).unpublish()
    learner = EnrolmentFactory(user=UserFactory(), course=CoursePageFactory()).user
    with django_assert_num_queries(12):
        assert not document_may_download(learner, doc)
