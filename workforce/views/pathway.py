"""Career pathway pages: a move to another role and competences signed off."""

from django.contrib import messages

from peersupport.accounts.permissions import permission_required

from .. import services
from ..forms import RoleChangeForm
from ..models import PeerSupportWorker
from .common import load_person, record_page


@permission_required("workforce.record_role_change", get_object=load_person)
def record_role_change(request, worker_id: int, obj: PeerSupportWorker):
    def save(data):
        services.role_change_record(worker=obj, new_role=data["new_role"], on=data["on"], by=request.user)
        messages.success(request, f"{obj.full_name} is now a {data['new_role'].name}.")

    form = RoleChangeForm(request.POST if request.method == "POST" else None)
    return record_page(request, obj, form, heading="Record a change of role", save=save)
