"""Template filter of cloze questions: their text in pieces, each gap with what the
learner has answered so far (a template cannot look a gap's answer up by number)."""

from django import template

register = template.Library()


@register.filter
def cloze_parts(question: dict) -> list[dict]:
    """The pieces of a cloze question (`public_question` with its `response`): each
    piece of text followed by its gap, the last piece by none."""
    given = (question.get("response") or {}).get("gaps") or {}
    parts = []
    for text, gap in zip(question["texts"], [*question["gaps"], None], strict=True):
        if gap is not None:
            answer = given.get(str(gap["number"])) or {}
            gap = {
                **gap,
                "value": answer.get("text") or answer.get("choice") or "",
                "values": answer.get("choices") or [],
            }
        parts.append({"text": text, "gap": gap})
    return parts
