"""What translation holds about a person, for the privacy app: who last translated a
text (wagtail-localize). The translations stay, for the pages they belong to; the
name goes with the account (the database sets it to empty)."""

from privacy.registry import PersonalData, Treatment, register


class Translations(PersonalData):
    name = "translations"
    models = {
        "wagtail_localize.StringTranslation": Treatment.ANONYMISED,
        "wagtail_localize.SegmentOverride": Treatment.ANONYMISED,
    }


register(Translations())
