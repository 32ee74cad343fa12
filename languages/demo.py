"""Helpers for the demo's translations: they go through wagtail-localize as an
editor's do (`languages.services.translation_publish`)."""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from wagtail.fields import StreamField
from wagtail.models import Locale, Page, TranslatableMixin

from languages.services import translation_publish


def copy_with_texts(
    page: TranslatableMixin, texts: dict[str, str], **fields: Any
) -> TranslatableMixin:
    """An unsaved copy of `page` (or snippet) with `fields` set and, in its
    StreamFields, every text that is a key of `texts` replaced by its value (block
    ids unchanged)."""
    copy = deepcopy(page.specific if isinstance(page, Page) else page)
    for field in copy._meta.get_fields():
        if isinstance(field, StreamField):
            raw = getattr(copy, field.name).raw_data
            setattr(copy, field.name, _replaced(list(raw), texts))
    for name, value in fields.items():
        setattr(copy, name, value)
    return copy


def _replaced(value: Any, texts: dict[str, str]) -> Any:
    if isinstance(value, str):
        return texts.get(value, value)
    if isinstance(value, list):
        return [_replaced(item, texts) for item in value]
    if isinstance(value, dict):
        return {key: _replaced(item, texts) for key, item in value.items()}
    return value


def translated_once(
    page: TranslatableMixin, language: str, translated: TranslatableMixin
) -> None:
    """Translate `page` (or snippet) unless it has a translation in `language`
    already (an editor's work is never overwritten by reloading the demo)."""
    locale = Locale.objects.filter(language_code=language).first()
    if locale and page.get_translations().filter(locale=locale).exists():
        return
    translation_publish(page, language, translated)
