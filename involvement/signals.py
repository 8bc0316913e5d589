"""What involvement tells the apps above it, without knowing them (docs/adr/0017-app-boundaries.md).

`request_ended` is sent inside the transaction that withdraws, cancels or expires a request. The
Together network listens: it calls off open invitations and places and, when `tell_booked`, tells
the experts by experience who had a place or were waiting, with the same `event` and `subject`
the requester's side was told.
"""

from django.dispatch import Signal

# kwargs: request (InvolvementRequest), event (str), subject (str), reason (str), tell_booked (bool)
request_ended = Signal()
