"""Pages in several languages: which page is a translation's source, and where a page
is in the other languages.

Dutch (`LANGUAGE_CODE`) is the source language. A learner's facts (enrolment, sections
read, attempts, completions, certificates) are kept on the source pages, whichever
language the learner reads them in; a translation is what is shown.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import Translation

from lms.content_cache import CONTENT


def locale_languages() -> dict[int, str]:
    """Every locale's language code by its id (cached with the content)."""
    return CONTENT.get(
        "locales", lambda: dict(Locale.objects.values_list("pk", "language_code"))
    )


def language_of(page: Page) -> str:
    return locale_languages().get(page.locale_id, settings.LANGUAGE_CODE)


def _source_locale_id() -> int | None:
    return next(
        (
            pk
            for pk, code in locale_languages().items()
            if code == settings.LANGUAGE_CODE
        ),
        None,
    )


def sources_of(pages: Iterable[Page]) -> dict[int, int]:
    """For every page in `pages`, the id of its source page (its own id for a page in
    the source language or one without a source): one query at most."""
    pages = list(pages)
    source_locale = _source_locale_id()
    keys = {
        page.translation_key: page.pk
        for page in pages
        if page.locale_id != source_locale
    }
    found = (
        dict(
            Page.objects.filter(
                translation_key__in=keys, locale_id=source_locale
            ).values_list("translation_key", "pk")
        )
        if keys
        else {}
    )
    return {
        page.pk: found.get(page.translation_key, page.pk)
        if page.locale_id != source_locale
        else page.pk
        for page in pages
    }


def is_source(page: Page) -> bool:
    """Whether `page` is in the source language (where facts are kept)."""
    return page.locale_id == _source_locale_id()


def source_of(page: Page) -> Page:
    """The source page of `page` (specific), or `page` itself: no query for a page
    in the source language, the cache for a translation."""
    if is_source(page):
        return page

    def read() -> Page:
        source_id = sources_of([page])[page.pk]
        return page if source_id == page.pk else Page.objects.get(pk=source_id).specific

    return CONTENT.get(f"source-page:{page.pk}", read)


def translations_of(page: Page, site: Site | None) -> dict[str, str]:
    """The URL of `page` in every language it is published in, itself included
    (cached with the content)."""

    def read() -> dict[str, str]:
        pages = Page.objects.filter(translation_key=page.translation_key).live()
        languages = locale_languages()
        urls = {}
        for translated in pages:
            url = translated.get_url(current_site=site)
            if url:
                urls[languages[translated.locale_id]] = url
        return urls

    site_id = site.pk if site else 0
    return CONTENT.get(f"translations:{site_id}:{page.translation_key}", read)


def url_in_language(page: Page, language: str, site: Site | None) -> str:
    """Where the language switch (or a mail) takes a reader of `page`: its
    translation, else its source page under the language's prefix (shown with a
    notice, never a 404). A path when `page` is on `site`."""
    urls = translations_of(page, site)
    if language in urls:
        return urls[language]
    source_url = urls.get(settings.LANGUAGE_CODE) or page.get_url(current_site=site)
    source_url = source_url or "/"
    prefix = f"/{settings.LANGUAGE_CODE}/"
    if source_url.startswith(prefix):
        return f"/{language}/{source_url[len(prefix) :]}"
    return source_url


def in_language(page: Page, language: str) -> Page:
    """`page` as a reader of `language` sees it: its live translation, else `page`
    (for titles in mails)."""
    if language_of(page) == language:
        return page
    translated = (
        Page.objects.live()
        .filter(translation_key=page.translation_key, locale__language_code=language)
        .first()
    )
    return translated or page


def shown_in_other_language(page: Page) -> str | None:
    """The language `page` is written in when that is not the reader's (a page not
    yet translated), else None."""
    written_in = language_of(page)
    active = translation.get_language()
    return written_in if written_in != active else None


def in_reader_language(pages: QuerySet) -> QuerySet:
    """`pages` as the reader sees them: those in the reader's language, and source
    pages without a live translation in it (a list never shows a page twice)."""
    language = translation.get_language()
    source = Q(locale__language_code=settings.LANGUAGE_CODE)
    if language == settings.LANGUAGE_CODE:
        return pages.filter(source)
    translated = Page.objects.live().filter(locale__language_code=language)
    return pages.filter(
        Q(locale__language_code=language)
        | source & ~Q(translation_key__in=translated.values("translation_key"))
    )


def in_source_language(pages: QuerySet) -> QuerySet:
    """Only the source pages of `pages`: what facts, assignments and reports are
    kept on."""
    return pages.filter(locale__language_code=settings.LANGUAGE_CODE)


@dataclass(frozen=True)
class TranslationStatus:
    """Where one translated page stands against its Dutch source."""

    source: Page
    language: str
    target: Page | None
    translated: int  # texts translated
    total: int  # texts to translate
    source_changed: bool  # published again since the texts were taken from it
    sync_url: str

    @property
    def up_to_date(self) -> bool:
        return not self.source_changed and self.translated == self.total


def translation_statuses() -> list[TranslationStatus]:
    """Every page translation made in wagtail-localize, the outdated ones first: a
    Dutch page published after its texts were taken for translation, or texts not
    yet translated. One query per translation for its progress (a report page)."""
    translations = (
        Translation.objects.filter(
            enabled=True, source__locale__language_code=settings.LANGUAGE_CODE
        )
        .select_related("source", "target_locale")
        .order_by("source__object_id", "target_locale__language_code")
    )
    translations = list(translations)
    keys = {t.source.object_id for t in translations}
    pages = Page.objects.filter(translation_key__in=keys)
    by_locale = {(p.translation_key, p.locale_id): p for p in pages}
    statuses = []
    for item in translations:
        source = by_locale.get((item.source.object_id, item.source.locale_id))
        if source is None:  # not a page (a snippet), or deleted
            continue
        total, translated = item.get_progress()
        published = source.last_published_at
        statuses.append(
            TranslationStatus(
                source=source,
                language=item.target_locale.language_code,
                target=by_locale.get((item.source.object_id, item.target_locale_id)),
                translated=translated,
                total=total,
                source_changed=bool(
                    published and published > item.source.last_updated_at
                ),
                sync_url=reverse(
                    "wagtail_localize:update_translations", args=[item.source.pk]
                ),
            )
        )
    return sorted(statuses, key=lambda s: s.up_to_date)
