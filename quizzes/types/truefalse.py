"""True or false: a single choice between "Waar" and "Niet waar"."""

from .base import true_false_label
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
        return true_false_label(option)


TYPE = TrueFalse()
