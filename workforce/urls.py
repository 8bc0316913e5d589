from django.urls import path

from .views import dashboard, imports, pathway, people, profile, teams

app_name = "workforce"

urlpatterns = [
    path("", teams.index, name="index"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("teams/<int:team_id>/", teams.team_detail, name="team_detail"),
    path("people/", people.people, name="people"),
    path("people/import/", imports.people_import, name="people_import"),
    path("people/import/confirm/", imports.people_import_confirm, name="people_import_confirm"),
    path("people/<int:worker_id>/", profile.person, name="person"),
    path("people/<int:worker_id>/training/add/", profile.add_training, name="add_training"),
    path("people/<int:worker_id>/supervision/add/", profile.add_supervision, name="add_supervision"),
    path("people/<int:worker_id>/role/change/", pathway.record_role_change, name="record_role_change"),
]
