"""What a forum post may contain: a small safe subset of HTML, sanitised with nh3.

Authors type plain text with line breaks, optionally with bold, italic, lists and links
(the editor's buttons insert those tags). Everything else is removed; links get
`rel="nofollow ugc"` and only web and mail addresses survive.
"""

import html
import re

import nh3

TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a"}
ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
MAX_LENGTH = 10_000

# Line breaks next to list tags are layout, not content: a <br> there breaks the list.
_AROUND_LIST_TAGS = re.compile(
    r"\s*\n\s*(?=</?(?:ul|ol|li)\b)|(?<=<(?:ul|ol|li)>)\s*\n\s*|(?<=</li>)\s*\n\s*"
)
# Lists are blocks of their own: text around them becomes a paragraph.
_AROUND_BLOCKS = re.compile(r"\s*(</?(?:ul|ol)>)\s*", re.IGNORECASE)
_BLOCK_START = re.compile(r"^\s*<(?:ul|ol|p)\b", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _sanitise(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc",
        strip_comments=True,
    )


def _block_boundary(match: re.Match) -> str:
    tag = match.group(1)
    return f"\n\n{tag}" if not tag.startswith("</") else f"{tag}\n\n"


def post_body_render(source: str) -> tuple[str, str]:
    """The safe HTML and the plain text of what an author typed.

    Blank lines separate paragraphs and single line breaks stay line breaks. The input
    is sanitised before paragraphs are built and the result once more after, so no
    combination of typed text and tags yields markup outside the subset.
    """
    source = _CONTROL.sub("", source.replace("\r\n", "\n").replace("\r", "\n"))
    cleaned = _sanitise(source.strip())
    cleaned = _AROUND_BLOCKS.sub(_block_boundary, cleaned)
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", cleaned):
        chunk = _AROUND_LIST_TAGS.sub("", chunk.strip())
        if not chunk:
            continue
        chunk = chunk.replace("\n", "<br>")
        paragraphs.append(chunk if _BLOCK_START.match(chunk) else f"<p>{chunk}</p>")
    body = _sanitise("".join(paragraphs))
    return body, html_to_text(body)


def html_to_text(body: str) -> str:
    """Plain text of sanitised HTML, for search, excerpts and plain-text mails."""
    text = re.sub(r"<br\s*/?>|</p>|</li>", "\n", body)
    text = re.sub(r"<li>", "• ", text)
    return html.unescape(_TAG.sub("", text)).strip()


def plain_line(value: str) -> str:
    """A one-line plain text (a thread title): no control characters or line breaks."""
    return " ".join(_CONTROL.sub("", value).split())
