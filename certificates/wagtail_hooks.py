"""Certificates in the Wagtail admin: templates to edit; issued certificates to list,
filter, revoke and re-issue (never to edit: what was printed stays as it was)."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.auth import permission_required
from wagtail.admin.panels import FieldPanel
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from audit.models import AuditLogEntry

from .models import Certificate, CertificateTemplate
from .services import certificate_reissue, certificate_revoke


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    list_display = ["name", "validity_months"]


class CertificateViewSet(SnippetViewSet):
    model = Certificate
    icon = "tick-inverse"
    list_display = ["__str__", "short_code", "status", "issued_at", "expires_at"]
    list_filter = ["status", "course"]
    search_fields = ["short_code", "user__email", "user__last_name"]
    inspect_view_enabled = True
    # The PDF has no public URL; it is downloaded by its owner through the site.
    inspect_view_fields = [
        "user", "course", "test", "status", "short_code", "issued_at", "expires_at",
        "language", "pdf_sha256", "rendered_at", "revoked_at", "revoked_reason", "previous",
    ]  # fmt: skip
    # Issued certificates are facts: listed and inspected, changed only by the actions.
    add_to_admin_menu = False

    panels = [
        FieldPanel(name, read_only=True)
        for name in (
            "status", "short_code", "issued_at", "expires_at",
            "revoked_at", "revoked_reason", "pdf_sha256",
        )
    ]  # fmt: skip


class CertificatesGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Certificates")
    menu_icon = "tick-inverse"
    menu_order = 330
    items = (CertificateViewSet, CertificateTemplateViewSet)


register_snippet(CertificatesGroup)


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (the learner is told)"), widget=forms.Textarea
    )


@permission_required("certificates.change_certificate")
def revoke_view(request, pk):
    certificate = get_object_or_404(Certificate, pk=pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        certificate_revoke(
            certificate=certificate,
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
        messages.success(request, _("The certificate is revoked."))
        return redirect("wagtailsnippets_certificates_certificate:list")
    return TemplateResponse(
        request,
        "certificates/admin/action.html",
        {"certificate": certificate, "form": form, "action": _("Revoke")},
    )


@permission_required("certificates.change_certificate")
def reissue_view(request, pk):
    certificate = get_object_or_404(Certificate, pk=pk)
    if request.method == "POST":
        new = certificate_reissue(certificate=certificate, by=request.user)
        if new is None:
            messages.error(request, _("This certificate cannot be re-issued."))
        else:
            messages.success(
                request,
                _("A new certificate %(code)s replaces the old one.")
                % {"code": new.short_code},
            )
        return redirect("wagtailsnippets_certificates_certificate:list")
    return TemplateResponse(
        request,
        "certificates/admin/action.html",
        {"certificate": certificate, "form": None, "action": _("Re-issue")},
    )


@hooks.register("register_admin_urls")
def certificate_admin_urls():
    return [
        path("certificates/<uuid:pk>/revoke/", revoke_view, name="certificates_revoke"),
        path(
            "certificates/<uuid:pk>/reissue/", reissue_view, name="certificates_reissue"
        ),
    ]


@hooks.register("register_snippet_listing_buttons")
def certificate_buttons(snippet, user, next_url=None):
    if isinstance(snippet, Certificate) and user.has_perm(
        "certificates.change_certificate"
    ):
        if snippet.status in (Certificate.Status.VALID, Certificate.Status.PENDING):
            yield ListingButton(
                _("Revoke"),
                reverse("certificates_revoke", args=[snippet.pk]),
                priority=30,
            )
        if snippet.status != Certificate.Status.SUPERSEDED:
            yield ListingButton(
                _("Re-issue"),
                reverse("certificates_reissue", args=[snippet.pk]),
                priority=31,
            )


@hooks.register("register_log_actions")
def certificate_log_actions(actions):
    # Revoking and re-issuing are admin actions on people: they go to the people log.
    actions.register_model(Certificate, AuditLogEntry)
    actions.register_action(
        "certificates.revoke",
        gettext_lazy("Revoke a certificate"),
        gettext_lazy("Revoked the certificate"),
    )
    actions.register_action(
        "certificates.reissue",
        gettext_lazy("Re-issue a certificate"),
        gettext_lazy("Re-issued the certificate"),
    )
    actions.register_action(
        "certificates.download",
        gettext_lazy("Download a member's certificate"),
        gettext_lazy("Downloaded the certificate"),
    )
