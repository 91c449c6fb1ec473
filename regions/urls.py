from django.urls import path

from regions import views

app_name = "regions"
urlpatterns = [
    path("", views.region_index, name="index"),
    path("<slug:slug>/", views.region_detail, name="detail"),
    path("<slug:slug>/tables/nouvelle/", views.region_table_create, name="table_create"),
    path("<slug:slug>/indicateurs/", views.region_indicators, name="indicators"),
    path("<slug:slug>/annuaire/", views.region_directory, name="directory"),
]
