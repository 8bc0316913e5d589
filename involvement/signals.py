"""What involvement tells the apps above it, without knowing them (docs/adr/0017-app-boundaries.md).

Both are sent inside the transaction of the change, so what a listener records rolls back with it.

`request_ended` is sent when a request is withdrawn, cancelled or expired. The Together network
listens: it calls off open invitations and places and, when `tell_booked`, tells the experts by
experience who had a place or were waiting the notification type `event` (its slug) the
requester's side was told, leaving out `by`, the person who acted (None for the scheduled job).

`request_opened` is sent when a request becomes open for the Together network to match and invite:
a network request fully approved, or a peer support worker's request sent to the network and
approved. The network tells its coordinators (not `by`, the lead who approved it).
"""

from django.dispatch import Signal

# kwargs: request (InvolvementRequest), event (str), subject (str), reason (str), tell_booked (bool), by (user or None)
request_ended = Signal()
# kwargs: request (InvolvementRequest), by (the user who approved it)
request_opened = Signal()
