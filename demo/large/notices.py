"""The large set's notifications: the outbox rows its history would have left, already sent and read.

Written in bulk with the event names, subjects, links and keys the notification types use, so
a person's notifications page reads like the real thing without rendering 140,000 emails.
"""

import datetime

from notifications.models import DeliveryStatus, Notification

from .writing import insert


class Notices:
    """Collects notifications as the history is made; `write` saves them in chunks."""

    def __init__(self):
        self.rows: list[Notification] = []

    def add(self, *, event: str, key: str, user, subject: str, link: str, at: datetime.datetime, receipt=False):
        summary = f"{subject}." if not subject.endswith(".") else subject
        self.rows.append(
            Notification(
                event=event,
                object_key=key,
                recipient_id=user.pk,
                recipient_email=user.email,
                subject=subject,
                body_text=f"Hello {user.full_name},\n\n{summary}\n\nSee the details: {link}\n",
                body_html=f'<p>Hello {user.full_name},</p><p>{summary}</p><p><a href="{link}">See the details</a></p>',
                link=link,
                status=DeliveryStatus.SENT,
                attempts=1,
                last_attempt_at=at,
                created_at=at,
                sent_at=at + datetime.timedelta(minutes=1),
                read_at=at + datetime.timedelta(hours=5),
                receipt=receipt,
            )
        )

    def write(self, *, batch_size: int, progress=None) -> int:
        written = 0
        for start in range(0, len(self.rows), batch_size * 5):
            chunk = self.rows[start : start + batch_size * 5]
            insert(Notification, chunk, batch_size=batch_size)
            written += len(chunk)
            if progress is not None:
                progress.advance(len(chunk))
        self.rows = []
        return written
