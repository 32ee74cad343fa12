"""Moodle's embedded answers ("cloze", Moodle XML type="cloze", `multianswer`).

A cloze question's stem holds its sub-questions in Moodle's own syntax, e.g.
``{1:SHORTANSWER:=Berlin#Right~%50%Bonn#Half right}``, the way Moodle authors write
them; this module reads that syntax (`parse_cloze`) and says what is wrong with it
(`cloze_problem`). It is filled in by the cloze work of issue 21.
"""


def cloze_problem(stem: str) -> str | None:
    """Why `stem` is not a usable cloze text (a translated sentence), or None."""
    return None
