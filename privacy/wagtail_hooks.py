"""The privacy app in the Wagtail admin: deleting a user erases them, and the
privacy app's entries in the people log."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from lms.models import User

from .services import user_erase


@hooks.register("before_delete_user")
def erase_instead_of_deleting(request, user):
    """An admin deleting a user erases them, the way the person could ask: a plain
    delete would leave their certificates valid with their name, their files in
    private storage and their addresses in other organisations' lists."""
    if request.method != "POST":
        return None  # Wagtail's confirmation page
    user_erase(user=user, by=request.user, reason="admin")
    messages.success(request, gettext("The account is erased."))
    return redirect("wagtailusers_users:index")


@hooks.register("before_bulk_action")
def erase_selected_instead_of_deleting(request, action_type, objects, action_class):
    if action_type != "delete" or not all(isinstance(o, User) for o in objects):
        return None
    for user in objects:
        user_erase(user=user, by=request.user, reason="admin")
    messages.success(
        request, gettext("%(count)s accounts are erased.") % {"count": len(objects)}
    )
    return redirect("wagtailusers_users:index")


class EraseFormatter(LogFormatter):
    label = _("Erase an account")

    def format_message(self, log_entry) -> str:
        reasons = {
            "request": _("Erased an account, as its owner asked"),
            "command": _("Erased an account, at the data protection officer's request"),
            "unverified": _("Erased an account whose address was never confirmed"),
            "admin": _("Erased an account in the admin"),
        }
        return reasons.get(log_entry.data.get("reason"), _("Erased an account"))


@hooks.register("register_log_actions")
def privacy_log_actions(actions):
    actions.register_action("privacy.erase")(EraseFormatter)
    actions.register_action(
        "privacy.export",
        _("Export a person's data"),
        _("Exported all data of the person"),
    )
