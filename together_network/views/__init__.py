"""Together network pages, a module per concept; each module lists its own `urlpatterns`."""
