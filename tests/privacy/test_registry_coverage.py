"""Every model that can hold a person's data is claimed by a privacy provider, the way
Moodle's privacy provider test fails for a plugin without one: a new model with a
foreign key to the user, an e-mail field or a login name fails here until its app says
how it is exported and erased."""

from django.apps import apps
from django.conf import settings
from django.db import models

from privacy.registry import Treatment, providers

#: Models that keep a login name (the e-mail address) in a plain text field.
LOGIN_NAME_MODELS = {"axes.AccessAttempt", "axes.AccessFailureLog", "axes.AccessLog"}


def models_with_personal_data() -> set[str]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found = set(LOGIN_NAME_MODELS) | {"sessions.Session"}
    for model in apps.get_models(include_auto_created=True):
        fields = model._meta.local_fields + model._meta.local_many_to_many
        for field in fields:
            points_at_user = field.is_relation and field.related_model is user_model
            if points_at_user or isinstance(field, models.EmailField):
                found.add(model._meta.label)
    return found


def claimed() -> dict[str, Treatment]:
    result: dict[str, Treatment] = {}
    for provider in providers():
        result.update(provider.models)
    return result


def test_every_model_with_personal_data_is_claimed_by_a_provider():
    missing = models_with_personal_data() - set(claimed())
    assert missing == set(), (
        "Say in the app's privacy.py how these are exported and erased: "
        + ", ".join(sorted(missing))
    )


def test_providers_claim_only_models_that_exist():
    labels = {model._meta.label for model in apps.get_models(include_auto_created=True)}
    assert set(claimed()) - labels == set()


def test_a_model_whose_rows_the_database_deletes_with_the_account_says_so():
    """A foreign key that deletes with the user (CASCADE) cannot be "anonymised"; one
    that keeps the row (SET_NULL, DO_NOTHING) is erased only by its provider."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    treatments = claimed()
    wrong = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.local_fields:
            if not (field.is_relation and field.related_model is user_model):
                continue
            cascades = field.remote_field.on_delete is models.CASCADE
            if cascades and treatments.get(model._meta.label) is Treatment.ANONYMISED:
                wrong.append(f"{model._meta.label}.{field.name}")
    assert wrong == []
