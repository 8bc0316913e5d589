from django.urls import path

from . import pathway_views, views

app_name = "workforce"

urlpatterns = [
    path("", views.index, name="index"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("teams/<int:team_id>/", views.team_detail, name="team_detail"),
    path("people/", views.people, name="people"),
    path("people/import/", views.people_import, name="people_import"),
    path("people/import/confirm/", views.people_import_confirm, name="people_import_confirm"),
    path("people/<int:worker_id>/", views.person, name="person"),
    path("people/<int:worker_id>/training/add/", views.add_training, name="add_training"),
    path("people/<int:worker_id>/supervision/add/", views.add_supervision, name="add_supervision"),
    path("people/<int:worker_id>/role/change/", pathway_views.record_role_change, name="record_role_change"),
]
