from django.urls import path

from . import views

app_name = "together_network"

urlpatterns = [
    path("", views.index, name="index"),
    path("my-involvement/", views.portal, name="portal"),
    path("my-involvement/invitations/<int:invitation_id>/", views.answer, name="answer"),
]
