from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    label = "lms"
    verbose_name = _("People and organisations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from allauth.account.signals import email_confirmed
        from django.contrib.auth.models import Group, Permission
        from wagtail.models import Page, PageViewRestriction, Site
        from wagtail.signals import post_page_move

        from . import receivers
        from .content_cache import CONTENT
        from .models import Membership, User
        from .roles import ROLES

        email_confirmed.connect(
            receivers.join_requests_on_email_confirmed,
            dispatch_uid="lms.join_requests_on_email_confirmed",
        )
        CONTENT.watch(Page, PageViewRestriction, Site)
        # A move rewrites the paths of a whole branch without saving its pages.
        post_page_move.connect(
            lambda **kwargs: CONTENT.bump(),
            weak=False,
            dispatch_uid="lms.content_moved",
        )
        ROLES.watch(Membership, User, Group, Permission)
        ROLES.watch_m2m(User.groups, User.user_permissions, Group.permissions)
