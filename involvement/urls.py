from django.urls import path

from .views import outcomes as outcome_views
from .views import requests as views

app_name = "involvement"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:request_id>/", views.detail, name="detail"),
    path("<int:request_id>/change/", views.edit, name="edit"),
    path("<int:request_id>/submit/", views.submit, name="submit"),
    path("<int:request_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:request_id>/confirm/", views.confirm, name="confirm"),
    path("<int:request_id>/cannot-take-part/", views.psw_decline, name="psw_decline"),
    path("<int:request_id>/decide/", views.decide, name="decide"),
    path("<int:request_id>/send-to-network/", views.send_to_network, name="send_to_network"),
    path("<int:request_id>/cancel/", views.cancel, name="cancel"),
    path("<int:request_id>/done/", views.complete, name="complete"),
    path("<int:request_id>/close/", views.close, name="close"),
    path("<int:request_id>/outcome/", outcome_views.record_outcome, name="record_outcome"),
]
