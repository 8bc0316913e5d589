"""Scheduled messages about involvement requests, each run by a Celery beat job (involvement/tasks.py).
(Reminders before an activity read the experts with a place too, so they live in the Together
network: together_network/services/activity_reminders.py, using `common` from here.)

- `approvals`: approvals waiting more than three working days, then escalated after five.
- `digest`: the Monday digest to team leads (approvals waiting, their PSWs' protected time).

Every message names its window in the outbox's `object_key` (a session's day, a request's wait,
an ISO week), so the unique key (event, recipient, object) makes running a job twice, or late,
send nothing twice. Each job also reads who has been told already before rendering anything, so
a second run costs a few queries whatever the number of requests.
"""
