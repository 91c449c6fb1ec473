from django.urls import path

from directory import views

app_name = "directory"
urlpatterns = [
    path("", views.service_search, name="search"),
    path("export.csv", views.service_search_export, name="search_export"),
    path("services/<slug:slug>/", views.service_detail, name="service_detail"),
    path("services/<slug:slug>/modifier/", views.service_edit, name="service_edit"),
    path("services/<slug:slug>/verifie/", views.service_mark_verified, name="service_verified"),
    path("services/<slug:slug>/suggerer/", views.service_suggest, name="service_suggest"),
    path("services/<slug:slug>/versions/", views.service_versions, name="service_versions"),
    path(
        "services/<slug:slug>/suggestions/traitee/",
        views.suggestion_handled,
        name="suggestion_handled",
    ),
    path("structures/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path(
        "structures/<slug:organisation_slug>/nouveau-service/",
        views.service_create,
        name="service_create",
    ),
    path("validation/", views.review_list, name="review_list"),
    path("validation/<int:pk>/", views.review_service, name="review_service"),
]
