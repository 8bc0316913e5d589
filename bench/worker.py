"""Notifications per second through a real Celery worker: the outbox as production runs it.

Called by bench/run.py once Django is set up with production settings (Redis database 7 as the
broker). Starts the Procfile's worker line, records BENCH_NOTIFICATIONS notifications in one
transaction (to addresses without a login, so nobody's unread count moves), and times from the
commit (when delivery is queued) until the worker has sent every one. The emails go to memory
(the locmem backend): this measures the outbox and the worker, not a mail server. The
notifications are deleted afterwards, so the data set stays as seeded.
"""

import shlex
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def worker_command() -> list[str]:
    """The Procfile's worker line, with this virtualenv."""
    line = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("worker:"))
    command = shlex.split(line.removeprefix("worker:").strip())
    command[0] = str(Path(sys.executable).parent / Path(command[0]).name)
    return command


def an_email_template() -> str:
    """One of the product's own email templates, for a message of realistic length."""
    found = sorted(ROOT.glob("*/templates/*/email/*.txt"))
    return str(found[0].relative_to(found[0].parents[2]))


def wait_for_worker(worker: subprocess.Popen, log: Path) -> None:
    from peersupport.celery import app

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise SystemExit(f"The Celery worker stopped at start: see {log}")
        if app.control.ping(timeout=1.0):
            return
    raise SystemExit(f"The Celery worker did not answer within 60 seconds: see {log}")


def measure(*, env: dict[str, str], count: int, log: Path) -> dict:
    from django.db import transaction

    from notifications.models import DeliveryStatus, Notification
    from notifications.services import Recipient, notify

    worker = subprocess.Popen(worker_command(), cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    run = uuid.uuid4().hex[:8]
    try:
        wait_for_worker(worker, log)
        template = an_email_template()
        recorded = time.perf_counter()
        with transaction.atomic():
            ids = [
                notification.pk
                for number in range(count)
                for notification in notify(
                    event="bench",
                    object_key=f"bench:{run}:{number}",
                    recipients=[Recipient(email=f"bench-{run}-{number}@example.org", name="Bench Reader")],
                    subject="A message the benchmark sends",
                    context={},
                    link="/",
                    template=template,
                )
            ]
            recorded_all = time.perf_counter()  # delivery is queued as the transaction commits, just after
        pending = Notification.objects.filter(pk__in=ids).exclude(status=DeliveryStatus.SENT)
        deadline = time.monotonic() + max(120, count / 5)
        while pending.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        delivered = time.perf_counter()
        sent = Notification.objects.filter(pk__in=ids, status=DeliveryStatus.SENT).count()
        Notification.objects.filter(pk__in=ids).delete()
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    seconds = delivered - recorded_all
    return {
        "notifications": count,
        "sent": sent,
        "worker": " ".join(worker_command()[1:]),
        "record_seconds": round(recorded_all - recorded, 2),
        "deliver_seconds": round(seconds, 2),
        "per_second": round(sent / seconds, 1) if seconds else None,
    }
