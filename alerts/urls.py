from django.urls import path

from alerts import views

app_name = "alerts"
urlpatterns = [
    path("", views.saved_search_list, name="list"),
    path("<int:pk>/modifier/", views.saved_search_edit, name="edit"),
    path("<int:pk>/supprimer/", views.saved_search_delete, name="delete"),
    path("desabonnement/<str:token>/", views.saved_search_unsubscribe, name="unsubscribe"),
]
