from django.urls import path

from agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("nouvelle/", views.agreement_create, name="create"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/modifier/", views.agreement_edit, name="edit"),
    path("<int:pk>/corridors/", views.corridor_add, name="corridor_add"),
    path(
        "<int:pk>/corridors/<int:corridor_pk>/retirer/",
        views.corridor_remove,
        name="corridor_remove",
    ),
    path("<int:pk>/commentaires/", views.agreement_comment, name="comment"),
    path("<int:pk>/document/", views.signed_document, name="document"),
    path("<int:pk>/<slug:name>/", views.agreement_step, name="step"),
]
