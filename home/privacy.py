"""What the home app holds about a person, for the privacy app: the documents an
editor uploaded keep their file, without the uploader."""

from privacy.registry import PersonalData, Treatment, register


class SiteContent(PersonalData):
    name = "site"
    models = {"home.SiteDocument": Treatment.ANONYMISED}


register(SiteContent())
