"""What the coordination app adds to other apps' pages and to the Wagtail admin."""

from wagtail import hooks

from .selectors import my_assignments


@hooks.register("learner_dashboard_panels")
def assignments_panel(request):
    """The learner's assignments on "Mijn leertraject", mandatory ones first."""
    cells = my_assignments(request.user)
    if not cells:
        return None
    return {"template": "coordination/_dashboard_assignments.html", "cells": cells}
