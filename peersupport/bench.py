"""The bare Django page `make bench` measures every page against: one query, a tiny template.

Served only while BENCH_BARE_PAGE is on (peersupport/urls.py), by the same processes and through
the same middleware as the product's pages, so the ratio between the two is the cost of the page
itself. Rendered without the request's context processors: that is what "bare" means.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe


@login_not_required
@require_safe
def bare(request):
    people = get_user_model().objects.count()
    return HttpResponse(render_to_string("bench/bare.html", {"people": people}))
