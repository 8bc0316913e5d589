from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from peersupport.accounts.permissions import permission_required
from peersupport.ui.pages import form_page, home_crumbs

from .forms import OPERATIONAL_MAIL, NotificationPreferencesForm, optional_emails_for
from .models import NotificationPreference
from .selectors import notifications_for
from .services import notifications_mark_all_read, notifications_mark_read


@permission_required("notifications.view_own")
def index(request):
    page = Paginator(notifications_for(user=request.user), 25).get_page(request.GET.get("page"))
    unread_ids = {n.pk for n in page if n.read_at is None}
    notifications_mark_read(user=request.user, notification_ids=unread_ids)
    return render(
        request,
        "notifications/index.html",
        {
            "page": page,
            "unread_ids": unread_ids,
            # Anything to switch off? Only people offered an optional email get the link.
            "offers_choices": bool(optional_emails_for(request.user)),
            "breadcrumbs": home_crumbs(),
        },
    )


@permission_required("notifications.view_own")
@require_POST
def mark_all_read(request):
    """Mark every one of the person's own notifications as read (there is no one else's to mark)."""
    count = notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
    else:
        messages.success(request, "All your notifications were already read.")
    return redirect("notifications:index")


@permission_required("notifications.view_own")
def preferences(request):
    """The person's own email choices: there is no one else's to open (no id in the address)."""
    preference = NotificationPreference.for_user(request.user)
    form = NotificationPreferencesForm(user=request.user, preference=preference)
    if request.method == "POST" and form.offers_anything:
        form = NotificationPreferencesForm(request.POST, user=request.user, preference=preference)
    index_url = reverse("notifications:index")

    def save(data):
        NotificationPreference.choose(user=request.user, **form.choices_made())
        return "Your email choices have been saved.", index_url

    return form_page(
        request,
        form,
        heading="Email choices",
        save=save,
        cancel_url=index_url,
        crumbs=home_crumbs({"label": "Notifications", "url": index_url}),
        template="notifications/preferences.html",
        extra_context={"operational_mail": OPERATIONAL_MAIL},
    )
