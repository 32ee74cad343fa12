"""The privacy app's entries in the people log."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter


class EraseFormatter(LogFormatter):
    label = _("Erase an account")

    def format_message(self, log_entry) -> str:
        reasons = {
            "request": _("Erased an account, as its owner asked"),
            "command": _("Erased an account, at the data protection officer's request"),
            "unverified": _("Erased an account whose address was never confirmed"),
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
