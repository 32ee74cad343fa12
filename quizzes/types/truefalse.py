"""True or false: a single choice between "Waar" and "Niet waar"."""

from html import escape

from django.utils.translation import gettext as _

from .single import Single


class TrueFalse(Single):
    name = "truefalse"

    def draw(self, question, answers, option, rng, shuffle):
        # Always "true" then "false", as learners expect.
        return {
            "options": sorted(
                (option(a) for a in answers), key=lambda o: o["text"] != "true"
            )
        }

    def label(self, drawn, option):
        """ "True" or "False" in the active language, never the stored word."""
        return escape(_("True") if option["text"] == "true" else _("False"))


TYPE = TrueFalse()
