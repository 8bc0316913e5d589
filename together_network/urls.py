"""Every Together network page: each views module lists its own routes."""

from .views import portal

app_name = "together_network"

urlpatterns = [
    *portal.urlpatterns,
]
