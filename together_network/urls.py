"""Every Together network page, in one list: the views modules hold the pages, this file their addresses."""

from django.urls import path

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
    # The expert by experience's portal
    path("", portal.index, name="index"),
    path("my-involvement/", portal.portal, name="portal"),
    path("my-involvement/invitations/<int:invitation_id>/", portal.answer, name="answer"),
    path("my-involvement/invitations/<int:invitation_id>/accept/", portal.accept, name="accept"),
    path("my-involvement/invitations/<int:invitation_id>/give-up/", portal.give_up, name="give_up"),
    path("my-involvement/details/", portal.details, name="details"),
    path("my-involvement/pause/", portal.pause, name="pause"),
    path("my-involvement/ready-again/", portal.resume, name="resume"),
    # The pool: people, their record, onboarding, consent and status
    path("people/", pool.pool, name="pool"),
    path("people/add/", pool.add_expert, name="add_expert"),
    path("people/<int:expert_id>/", pool.expert, name="expert"),
    path("people/<int:expert_id>/change/", pool.change_expert, name="change_expert"),
    path("people/<int:expert_id>/onboarding/", pool.record_step, name="record_step"),
    path("people/<int:expert_id>/consent/", pool.record_consent, name="record_consent"),
    *[
        path(f"people/<int:expert_id>/{move}/", pool.move_status, {"move": move}, name=f"expert_{move}")
        for move in pool.STATUS_MOVES
    ],
    # Joining: links to apply
    path("people/invite-to-apply/", apply.invite_to_apply, name="invite_to_apply"),
    path("apply/<str:token>/", apply.apply, name="apply"),
    # The rate card, attendance and earnings
    path("rates/", payments.rates, name="rates"),
    path("rates/add/", payments.rate_add, name="rate_add"),
    path("rates/<int:rate_id>/end/", payments.rate_end, name="rate_end"),
    path("requests/<int:request_id>/attendance/", payments.attendance, name="attendance"),
    path("earnings/", payments.earnings, name="earnings"),
    # Claims and expenses
    path("claims/", claims.claims, name="claims"),
    path("claims/export/", claims.claims_export, name="claims_export"),
    path("claims/<int:claim_id>/", claims.claim, name="claim"),
    path("claims/<int:claim_id>/turn-down/", claims.claim_reject, name="claim_reject"),
    path("claims/<int:claim_id>/expenses/add/", claims.claim_expense_add, name="claim_expense_add"),
    path("claims/<int:claim_id>/expenses/<int:expense_id>/remove/", claims.expense_remove, name="expense_remove"),
    path("claims/<int:claim_id>/expenses/<int:expense_id>/receipt/", claims.receipt, name="receipt"),
    path("attendance/<int:attendance_id>/claim-expenses/", claims.claim_for_expenses, name="claim_for_expenses"),
    # An expert's own payments
    path("my-involvement/payments/", portal_payments.portal_payments, name="portal_payments"),
    path("my-involvement/payments/<int:claim_id>/", portal_payments.portal_claim, name="portal_claim"),
    path(
        "my-involvement/payments/<int:claim_id>/expenses/add/",
        portal_payments.portal_expense_add,
        name="portal_expense_add",
    ),
    # Feedback and debriefs
    path("my-involvement/activities/<int:invitation_id>/feedback/", feedback.give_feedback, name="give_feedback"),
    path("requests/<int:request_id>/debriefs/", feedback.debriefs, name="debriefs"),
    path("requests/<int:request_id>/debriefs/<int:attendance_id>/offer/", feedback.debrief_offer, name="debrief_offer"),
    path(
        "requests/<int:request_id>/debriefs/<int:attendance_id>/record/", feedback.debrief_record, name="debrief_record"
    ),
    path("feedback/", feedback.summary, name="feedback_summary"),
    # Pool health
    path("health/", health.pool_health, name="health"),
    # Data rights
    path("my-involvement/my-data/", data_rights.my_data, name="my_data"),
    path("my-involvement/my-data/download.json", data_rights.my_data_json, name="my_data_json"),
    path("my-involvement/my-data/download.html", data_rights.my_data_html, name="my_data_html"),
    path("my-involvement/my-data/view/", data_rights.my_data_view, name="my_data_view"),
    path("people/<int:expert_id>/data/", data_rights.expert_data, name="expert_data"),
    path("people/<int:expert_id>/data/download.json", data_rights.expert_data_json, name="expert_data_json"),
    path("people/<int:expert_id>/data/download.html", data_rights.expert_data_html, name="expert_data_html"),
    path("people/<int:expert_id>/data/view/", data_rights.expert_data_view, name="expert_data_view"),
    path("people/<int:expert_id>/anonymise/", data_rights.anonymise, name="anonymise"),
    path("retention/", data_rights.retention, name="retention"),
    # Importing a pool
    path("people/import/", imports.people_import, name="people_import"),
    path("people/import/confirm/", imports.people_import_confirm, name="people_import_confirm"),
    # Matching and the emailed answer links
    path("requests/<int:request_id>/match/", invitations.match, name="match"),
    path("invitations/answer/<str:token>/", invitations.answer, name="answer_by_link"),
]
