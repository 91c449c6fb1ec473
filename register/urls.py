"""The register at /registre/, proposals at /propositions/, indicators at /indicateurs/."""

from django.urls import path

from . import views

app_name = "register"
urlpatterns = [
    path("registre/", views.register_list, name="list"),
    path("registre/nouveau/", views.dysfunction_create, name="dysfunction_create"),
    path("registre/nouveau/semblables/", views.dysfunction_similar, name="dysfunction_similar"),
    path("registre/a-trier/", views.triage_list, name="triage"),
    path("registre/notifications/", views.notification_list, name="notifications"),
    path("registre/retour/<str:token>/", views.feedback_answer, name="feedback_answer"),
    path("registre/<int:pk>/", views.dysfunction_detail, name="dysfunction_detail"),
    path("registre/<int:pk>/modifier/", views.dysfunction_edit, name="dysfunction_edit"),
    path("registre/<int:pk>/reponse/", views.dysfunction_answer, name="dysfunction_answer"),
    path(
        "registre/<int:pk>/pieces/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("registre/<int:pk>/soumettre/", views.dysfunction_submit, name="dysfunction_submit"),
    path("registre/<int:pk>/moi-aussi/", views.dysfunction_me_too, name="dysfunction_me_too"),
    path(
        "registre/<int:pk>/<slug:action>/",
        views.object_action,
        {"kind": "dysfunction"},
        name="dysfunction_action",
    ),
    path("propositions/", views.proposal_list, name="proposal_list"),
    path("propositions/nouvelle/", views.proposal_create, name="proposal_create"),
    path("propositions/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("propositions/<int:pk>/avis/", views.proposal_position, name="proposal_position"),
    path(
        "propositions/<int:pk>/<slug:action>/",
        views.object_action,
        {"kind": "proposal"},
        name="proposal_action",
    ),
    path("indicateurs/", views.indicators, name="indicators"),
    path("indicateurs/export.csv", views.indicators_csv, name="indicators_csv"),
]
