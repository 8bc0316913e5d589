from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from peersupport.accounts.permissions import permission_required

from .selectors import notifications_for
from .services import notifications_mark_read


@permission_required("notifications.view_own")
def index(request):
    page = Paginator(notifications_for(user=request.user), 25).get_page(request.GET.get("page"))
    unread_ids = {n.pk for n in page if n.read_at is None}
    notifications_mark_read(user=request.user, notification_ids=unread_ids)
    return render(
        request,
        "notifications/index.html",
        {"page": page, "unread_ids": unread_ids, "breadcrumbs": [{"label": "Home", "url": reverse("home")}]},
    )
