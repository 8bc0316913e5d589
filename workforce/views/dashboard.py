"""The peer support lead's workforce dashboard.

Involvement adds its hours against allowances through the "workforce.dashboard" slot (involvement/sections.py).
"""

from django.shortcuts import render

from peersupport.accounts.permissions import can, permission_required
from peersupport.ui import charts

from ..models import ServiceCategory
from ..selectors.compliance import TrainingStatus
from ..selectors.dashboard import workforce_dashboard
from .common import workforce_crumbs


@permission_required("workforce.see_dashboard")
def dashboard(request):
    figures = workforce_dashboard()
    chart = charts.grouped_bars(
        [(year.label, [year.headcount, year.whole_time_equivalent]) for year in figures["history"]],
        series=["Headcount", "Whole-time equivalent"],
        short_names=["headcount", "WTE"],
    )
    categories = [
        {"label": label, "staffing": figures["now"].by_category[value]} for value, label in ServiceCategory.choices
    ]
    return render(
        request,
        "workforce/dashboard.html",
        {
            **figures,
            "chart": chart,
            "categories": categories,
            "training": [(status, figures["compliance"].training[status]) for status in TrainingStatus],
            "can_see_establishment": can(request.user, "workforce.see_establishment"),
            "can_manage_establishment": can(request.user, "workforce.manage_establishment"),
            "breadcrumbs": workforce_crumbs(),
        },
    )
