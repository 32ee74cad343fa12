"""Translating pages and snippets the way an editor does in wagtail-localize."""

from collections import defaultdict

import polib
from django.conf import settings
from django.db import transaction
from django.db.models import Model
from wagtail.models import DraftStateMixin, Locale
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments


def translation_publish(
    source: Model, language: str, translated: Model | None = None, user=None
) -> Model:
    """Translate `source` into `language` through wagtail-localize and publish it.

    `translated` is an unsaved instance shaped like `source` (the same fields and the
    same StreamField blocks, with their ids) holding the texts in `language`. Its
    texts are imported as a translator's PO file is, each paired with the source text
    at the same place; a text without a counterpart stays in the source language,
    as wagtail-localize shows it, until someone translates it. Parent pages, and
    translatable snippets it points at (a module's digital service), without a
    translation get one holding their source texts. Published at once; all or
    nothing.
    """
    if language not in dict(settings.WAGTAIL_CONTENT_LANGUAGES):
        raise ValueError(f"{language} is not a content language")
    with transaction.atomic():
        locale, _created = Locale.objects.get_or_create(language_code=language)
        translation_source, _created = TranslationSource.update_or_create_from_instance(
            source
        )
        for related in translation_source.relatedobjectsegment_set.all():
            if not related.object.has_translation(locale):
                original = related.object.get_instance(translation_source.locale)
                translation_publish(original, language, user=user)
        translation, _created = Translation.objects.get_or_create(
            source=translation_source, target_locale=locale
        )
        if translated is not None:
            translation.import_po(_paired(source, translated), user=user)
        # Published here rather than at the commit, as wagtail-localize would: its
        # deferred publish saves the page as it was before any translated subpage was
        # added below it, undoing the tree's child count.
        drafts = isinstance(source, DraftStateMixin)  # a snippet is saved as it is
        translation.save_target(user=user, publish=not drafts)
        target = translation.get_target_instance()
        if drafts:
            target.get_latest_revision().publish(user=user)
            target.refresh_from_db()
        return target


def _paired(source: Model, translated: Model) -> polib.POFile:
    """A PO file of `source`'s texts with `translated`'s texts at the same paths."""
    found: dict[str, list[str]] = defaultdict(list)
    for segment in _strings(translated):
        found[segment.path].append(segment.string.data)
    po = polib.POFile()
    taken: dict[str, int] = defaultdict(int)
    for segment in _strings(source):
        index = taken[segment.path]
        taken[segment.path] += 1
        texts = found.get(segment.path, [])
        if index < len(texts) and texts[index]:
            po.append(
                polib.POEntry(
                    msgctxt=segment.path, msgid=segment.string.data, msgstr=texts[index]
                )
            )
    return po


def _strings(instance: Model) -> list[StringSegmentValue]:
    return [s for s in extract_segments(instance) if isinstance(s, StringSegmentValue)]
