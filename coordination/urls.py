from django.urls import path

from .views import (
    assignments,
    followups,
    log,
    members,
    overview,
    progress,
    reminders,
)

app_name = "coordination"

org = "organisatie/<int:org>/"

urlpatterns = [
    # Overview and teams, assignments, follow-up moments
    path("organisatie/", overview.organisation_list, name="organisations"),
    path(org, overview.organisation_home, name="home"),
    path(f"{org}opdrachten/", assignments.assignment_list, name="assignments"),
    path(
        f"{org}opdrachten/<int:pk>/verwijderen/",
        assignments.assignment_delete,
        name="assignment_delete",
    ),
    path(f"{org}terugkommomenten/", followups.follow_up_list, name="follow_ups"),
    # Members: invitations and CSV import
    path(f"{org}leden/", members.member_list, name="members"),
    path(f"{org}leden/importeren/", members.member_import, name="member_import"),
    path(
        f"{org}leden/importeren/<int:pk>/",
        members.member_import_preview,
        name="member_import_preview",
    ),
    path(f"{org}leden/<int:pk>/teams/", members.member_teams, name="member_teams"),
    path(
        f"{org}aanvragen/<int:pk>/",
        members.join_request_decide,
        name="join_request_decide",
    ),
    path("uitnodiging/<str:token>/", members.invitation_accept, name="invitation"),
    path(
        "uitnodigingen/<int:pk>/antwoord/",
        members.invitation_answer_view,
        name="invitation_answer",
    ),
    # Reminders
    path(f"{org}herinneringen/", reminders.reminder_settings, name="reminders"),
    path("mijn-herinneringen/", reminders.my_reminders, name="my_reminders"),
    # Progress view, member detail, exports, summary
    path(f"{org}voortgang/", progress.progress_view, name="progress"),
    path(
        f"{org}voortgang/export.<str:fmt>",
        progress.progress_export,
        name="progress_export",
    ),
    path(
        f"{org}voortgang/exports/<uuid:pk>/",
        progress.export_detail,
        name="export_detail",
    ),
    path(
        f"{org}voortgang/exports/<uuid:pk>/status/",
        progress.export_status,
        name="export_status",
    ),
    path(
        f"{org}voortgang/exports/<uuid:pk>/download/",
        progress.export_download,
        name="export_download",
    ),
    path(
        f"{org}leden/<int:pk>/voortgang/",
        progress.member_detail,
        name="member_detail",
    ),
    path(f"{org}samenvatting/", progress.summary, name="summary"),
    # What coordinators did concerning people
    path(f"{org}logboek/", log.organisation_log, name="log"),
]
