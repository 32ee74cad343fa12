"""Writing to the databank: sharing material and the editors' decisions on it,
favourites, and the items that stand for public trainer kits."""

from __future__ import annotations

from html import unescape

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale

from home.selectors import page_open_to
from lms.models import User
from lms.queue import task_after_commit

from .models import Favourite, ItemType, LibraryItem, Licence, TargetGroup

Status = LibraryItem.Status
COLLECTION = "Databank digitale inclusie"
KIT_TYPE = ("opleidingspakket", "Opleidingspakket")


def library_collection() -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=COLLECTION).first()
    return existing or root.add_child(name=COLLECTION)


def _store_file(upload: UploadedFile, *, title: str, user: User):
    document = get_document_model()(
        title=title, file=upload, collection=library_collection(), uploaded_by_user=user
    )
    document._set_document_file_metadata()
    document.save()
    return document


def _notify(item: LibraryItem, event: str) -> None:
    task_after_commit("library.tasks.send_submission_notice", item.pk, event)


@transaction.atomic
def submission_create(
    *, user: User, item: LibraryItem, upload: UploadedFile | None
) -> LibraryItem:
    """Store what `user` shares (`item`, filled by the form, with its lists set on it
    by `save_m2m` semantics: pass the form's unsaved instance) for the editors to
    moderate. The file, already checked, is stored in the same transaction: a failure
    leaves neither."""
    now = timezone.now()
    if upload is not None:
        item.document = _store_file(upload, title=item.title, user=user)
    item.status = Status.SUBMITTED
    item.submitted_by = user
    item.submitted_at = now
    item.sharing_confirmed_at = now
    item.locale = Locale.get_active()
    item.save()
    _notify(item, "received")
    return item


class NotYours(Exception):
    """The submission is not the person's to change (any more): an editor decided on
    it in the meantime, or it is someone else's."""


class AlreadyDecided(Exception):
    """An editor decided on this submission already (a second click, another tab)."""


@transaction.atomic
def submission_update(
    *, user: User, item: LibraryItem, upload: UploadedFile | None
) -> LibraryItem:
    """The submitter changed their material after the editors asked them to: it is
    waiting for moderation again. A file it replaces goes."""
    current = LibraryItem.objects.select_for_update().get(pk=item.pk)
    if not may_change_submission(user, current):
        raise NotYours
    if upload is not None:
        item.document = _store_file(upload, title=item.title, user=user)
        item.link = ""
    elif item.link:
        item.document = None
    item.status = Status.SUBMITTED
    item.submitted_at = timezone.now()
    item.sharing_confirmed_at = item.submitted_at
    item.save()
    replaced = current.document
    if replaced is not None and replaced.pk != item.document_id:
        replaced.delete()  # its file goes once this commits (Wagtail)
    _notify(item, "received")
    return item


def may_change_submission(user: User, item: LibraryItem) -> bool:
    return item.submitted_by_id == user.pk and item.status == Status.CHANGES_REQUESTED


@transaction.atomic
def moderation_decide(
    *, item: LibraryItem, decision: str, message: str = ""
) -> LibraryItem:
    """An editor publishes `item`, asks its submitter for changes, or refuses it
    (with `message` for the submitter, who is mailed in every case)."""
    item = LibraryItem.objects.select_for_update().get(pk=item.pk)
    if item.status != Status.SUBMITTED:
        raise AlreadyDecided
    status, event = {
        "approve": (Status.PUBLISHED, "published"),
        "changes": (Status.CHANGES_REQUESTED, "changes"),
        "refuse": (Status.REFUSED, "refused"),
    }[decision]
    item.status = status
    item.moderation_message = message.strip()
    item.moderated_at = timezone.now()
    if status == Status.PUBLISHED:
        item.published_on = timezone.localdate()
    item.save(
        update_fields=["status", "moderation_message", "moderated_at", "published_on"]
    )
    if item.submitted_by_id:
        _notify(item, event)
    return item


def favourite_toggle(*, user: User, item: LibraryItem) -> bool:
    """Star `item` for `user`, or take the star away (on every language version of
    the item): whether it is starred now. Safe against a double click."""
    starred = Favourite.objects.filter(
        user=user, item__translation_key=item.translation_key
    )
    if starred.exists():
        starred.delete()
        return False
    try:
        with transaction.atomic():
            Favourite.objects.create(user=user, item=item)
    except IntegrityError:  # the same click arrived twice
        pass
    return True


# --- Public trainer kits


def kit_item_sync(kit) -> LibraryItem | None:
    """Keep the library's item for `kit` in step with it: present while the kit is
    live, public and open to visitors without an account (no view restriction on it
    or above it), gone otherwise. The item shares the kit's language and
    translation key, so the list shows each kit once per language."""
    if not kit.live or kit.trainers_only or not page_open_to(AnonymousUser(), kit):
        LibraryItem.objects.filter(kit=kit).delete()
        return None
    course = kit.get_parent().specific
    source = Locale.get_default()
    item = LibraryItem.objects.filter(kit=kit).first() or LibraryItem(kit=kit)
    item.title = kit.title
    item.description = unescape(strip_tags(kit.intro))[:1000].strip() or kit.title
    item.organisation = settings.WAGTAIL_SITE_NAME
    item.type = _kit_type(source)
    item.language = kit.locale.language_code
    item.level = course.level
    # Nobody chose a licence for the kit: free to use, not to change, until an
    # editor says otherwise on the item.
    item.licence = item.licence or Licence.USE_ONLY
    item.locale = kit.locale
    item.translation_key = kit.translation_key
    item.status = Status.PUBLISHED
    item.published_on = (kit.last_published_at or timezone.now()).date()
    group = TargetGroup.objects.filter(
        slug=AUDIENCE_GROUPS.get(course.audience, ""), locale=source
    ).first()
    item.target_groups.set([group] if group else [])
    item.save()
    return item


def _kit_type(source: Locale) -> ItemType:
    slug, name = KIT_TYPE
    entry = ItemType.objects.filter(slug=slug, locale=source).first()
    return entry or ItemType.objects.create(
        slug=slug, name=name, locale=source, sort_order=900
    )


AUDIENCE_GROUPS = {
    "counter_staff": "baliemedewerkers",
    "digihelpers": "digihelpers",
    "trainers": "trainers",
}
