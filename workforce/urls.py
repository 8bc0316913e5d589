from django.urls import path

from .views import catalogue, dashboard, establishment, imports, pathway, people, profile, teams

app_name = "workforce"

urlpatterns = [
    path("", teams.index, name="index"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("establishment/", establishment.establishment, name="establishment"),
    path("establishment/posts/add/", establishment.funded_post_add, name="funded_post_add"),
    path("establishment/posts/<int:post_id>/change/", establishment.funded_post_change, name="funded_post_change"),
    path("establishment/posts/<int:post_id>/end/", establishment.funded_post_end, name="funded_post_end"),
    path("establishment/targets/add/", establishment.growth_target_add, name="growth_target_add"),
    path(
        "establishment/targets/<int:target_id>/change/", establishment.growth_target_change, name="growth_target_change"
    ),
    path(
        "establishment/targets/<int:target_id>/delete/", establishment.growth_target_delete, name="growth_target_delete"
    ),
    path("teams/<int:team_id>/", teams.team_detail, name="team_detail"),
    path("teams/import/", imports.teams_import, name="teams_import"),
    path("teams/import/confirm/", imports.teams_import_confirm, name="teams_import_confirm"),
    path("training/import/", imports.training_import, name="training_import"),
    path("training/import/confirm/", imports.training_import_confirm, name="training_import_confirm"),
    path("people/", people.people, name="people"),
    path("people/add/", profile.add_person, name="add_person"),
    path("people/import/", imports.people_import, name="people_import"),
    path("people/import/confirm/", imports.people_import_confirm, name="people_import_confirm"),
    path("people/<int:worker_id>/", profile.person, name="person"),
    path("people/<int:worker_id>/training/add/", profile.add_training, name="add_training"),
    path("people/<int:worker_id>/supervision/add/", profile.add_supervision, name="add_supervision"),
    path("people/<int:worker_id>/change/", profile.edit_person, name="edit_person"),
    path("people/<int:worker_id>/role/change/", pathway.record_role_change, name="record_role_change"),
    path("people/<int:worker_id>/competences/add/", pathway.sign_off_competence, name="sign_off_competence"),
    path("pathway/", pathway.pathway, name="pathway"),
    path("pathway/roles/add/", catalogue.pathway_role_add, name="pathway_role_add"),
    path("pathway/roles/<int:role_id>/change/", catalogue.pathway_role_change, name="pathway_role_change"),
    path("pathway/roles/<int:role_id>/move/", catalogue.pathway_role_move, name="pathway_role_move"),
    path("pathway/competences/", catalogue.competences, name="competences"),
    path("pathway/competences/domains/add/", catalogue.competence_domain_add, name="competence_domain_add"),
    path(
        "pathway/competences/domains/<int:domain_id>/change/",
        catalogue.competence_domain_change,
        name="competence_domain_change",
    ),
    path("pathway/competences/add/", catalogue.competence_add, name="competence_add"),
    path("pathway/competences/<int:competence_id>/change/", catalogue.competence_change, name="competence_change"),
    path("pathway/competences/<int:competence_id>/delete/", catalogue.competence_delete, name="competence_delete"),
    path("training/courses/", catalogue.courses, name="courses"),
    path("training/courses/add/", catalogue.course_add, name="course_add"),
    path("training/courses/<int:course_id>/change/", catalogue.course_change, name="course_change"),
]
