"""Every Together network page: each views module lists its own routes."""

from .views import (
    apply,
    claims,
    data_rights,
    feedback,
    health,
    imports,
    invitations,
    payments,
    pool,
    portal,
    portal_payments,
)

app_name = "together_network"

urlpatterns = [
    *portal.urlpatterns,
    *pool.urlpatterns,
    *apply.urlpatterns,
    *payments.urlpatterns,
    *claims.urlpatterns,
    *portal_payments.urlpatterns,
    *feedback.urlpatterns,
    *health.urlpatterns,
    *data_rights.urlpatterns,
    *imports.urlpatterns,
    *invitations.urlpatterns,
]
