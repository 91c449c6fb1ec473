from django.urls import path

from meetings import views

app_name = "meetings"
urlpatterns = [
    path("tables/", views.table_list, name="table_list"),
    path("tables/nouvelle/", views.table_edit, name="table_create"),
    path("tables/<slug:slug>/", views.table_detail, name="table_detail"),
    path("tables/<slug:slug>/modifier/", views.table_edit, name="table_edit"),
    path("tables/<slug:slug>/calendrier.ics", views.table_feed, name="table_feed"),
    path(
        "tables/<slug:slug>/calendrier/<str:token>.ics",
        views.table_private_feed,
        name="table_private_feed",
    ),
    path(
        "tables/<slug:slug>/calendrier/renouveler/",
        views.table_feed_renew,
        name="table_feed_renew",
    ),
    path("tables/<slug:slug>/sieges/ajouter/", views.seat_add, name="seat_add"),
    path("tables/<slug:slug>/sieges/<int:pk>/fin/", views.seat_end, name="seat_end"),
    path("tables/<slug:slug>/reunions/nouvelle/", views.meeting_plan, name="meeting_plan"),
    path("reunions/", views.meeting_list, name="meeting_list"),
    path("reunions/calendrier/", views.calendar_subscribe, name="calendar_subscribe"),
    path("reunions/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("reunions/<int:pk>/modifier/", views.meeting_edit, name="meeting_edit"),
    path("reunions/<int:pk>/convoquer/", views.meeting_convene, name="meeting_convene"),
    path(
        "reunions/<int:pk>/envoyer-la-mise-a-jour/",
        views.meeting_send_update,
        name="meeting_send_update",
    ),
    path("reunions/<int:pk>/annuler/", views.meeting_cancel, name="meeting_cancel"),
    path("reunions/<int:pk>/tenue/", views.meeting_held, name="meeting_held"),
    path("reunions/<int:pk>/reponse/", views.meeting_answer, name="meeting_answer"),
    path("reunions/<int:pk>/suppleance/", views.stand_in, name="stand_in"),
    path("reunions/<int:pk>/presences/", views.attendance_edit, name="attendance_edit"),
    path("reunions/<int:pk>/reporter/", views.agenda_carry_over, name="agenda_carry_over"),
    path("reunions/<int:pk>/ordre-du-jour/ajouter/", views.agenda_item_add, name="item_add"),
    path(
        "reunions/<int:pk>/ordre-du-jour/<int:item_pk>/modifier/",
        views.agenda_item_edit,
        name="item_edit",
    ),
    path(
        "reunions/<int:pk>/ordre-du-jour/<int:item_pk>/deplacer/",
        views.agenda_item_move,
        name="item_move",
    ),
    path(
        "reunions/<int:pk>/ordre-du-jour/<int:item_pk>/supprimer/",
        views.agenda_item_delete,
        name="item_delete",
    ),
    path("reunions/<int:pk>/ordre-du-jour.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("reunions/<int:pk>/compte-rendu/", views.minutes_detail, name="minutes_detail"),
    path("reunions/<int:pk>/compte-rendu/rediger/", views.minutes_edit, name="minutes_edit"),
    path(
        "reunions/<int:pk>/compte-rendu/versions/", views.minutes_versions, name="minutes_versions"
    ),
    path(
        "reunions/<int:pk>/compte-rendu/versions/<int:number>/restaurer/",
        views.minutes_restore,
        name="minutes_restore",
    ),
    path(
        "reunions/<int:pk>/compte-rendu/approuver/", views.minutes_approve, name="minutes_approve"
    ),
    path("reunions/<int:pk>/compte-rendu/publier/", views.minutes_publish, name="minutes_publish"),
    path("reunions/<int:pk>/compte-rendu.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("reunions/<int:pk>/decisions/ajouter/", views.decision_add, name="decision_add"),
    path("decisions/", views.decision_register, name="decision_register"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/vote/", views.decision_vote, name="decision_vote"),
    path("calendrier/<str:token>.ics", views.personal_feed, name="personal_feed"),
]
