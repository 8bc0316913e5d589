from django.urls import path

from . import views

app_name = "involvement"

urlpatterns = [
    path("", views.index, name="index"),
]
