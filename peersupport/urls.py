from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from peersupport.accounts import views as account_views

from . import health, pages

# Django admin's login goes through allauth, so MFA and rate limits hold there too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Peer support and involvement: administration"
admin.site.site_title = "Peer support admin"

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz/", health.healthz, name="healthz"),
    path("status/", pages.status, name="service_status"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("privacy/", pages.privacy, name="privacy"),
    path("help/", pages.help_page, name="help"),
    # The login email is the person's identity here: only admins change it, so allauth's
    # self-service email page is not offered.
    path("accounts/email/", account_views.not_offered, name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("workforce/", include("workforce.urls")),
    path("network/", include("together_network.urls")),
    path("involvement/", include("involvement.urls")),
    path("notifications/", include("notifications.urls")),
]

if settings.BENCH_BARE_PAGE:
    # The yardstick `make bench` measures each page against: see bench/README.md.
    from . import bench

    urlpatterns.append(path("bench/bare/", bench.bare, name="bench_bare"))
