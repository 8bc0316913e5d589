from django.urls import path

from . import views

app_name = "workforce"

urlpatterns = [
    path("", views.index, name="index"),
    path("teams/<int:team_id>/", views.team_detail, name="team_detail"),
]
