"""Notification types: one class per kind of message, as ephios declares its notification types.

A type owns everything about one kind of message, so nothing is built twice at call sites:

- `slug`: the event stored on every outbox row, part of its unique key (event, recipient email,
  object key). It keeps the names the outbox always had, so existing rows mean the same.
- `title` and `sent_to`: what it is and who hears of it, in plain words (admin, the preferences
  page, docs/adr/0007-notifications-outbox.md).
- `optional`: whether a person may switch it off. An optional type is offered on
  /notifications/preferences/ to people with the role `offered_to`, with `hint` as its hint, and
  is stored in the `NotificationPreference` field named like its slug.
- `recipients()`, `subject()`, `context()`, `link()` and `about()` (or `object_key()`), from the
  objects the type is made with; the body is the text template of the app that declares it,
  `<app>/email/<slug>.txt` (or `template`), wrapped in notifications/email/base.html.
- `send(actor=...)` records it in the outbox, inside the caller's transaction, and leaves out
  the person whose action caused it: nobody is told of what they did themselves. A `receipt`
  (a confirmation of the person's own action that they rely on) is the one exception: it goes
  to them, recorded as already read, so their unread count never rises for it.

Each app declares its types in `<app>/notification_types.py`, made with the objects they are
about (`ApprovalNeeded(request=request).send(actor=by)`). The notifications app imports those
modules when Django starts (`autodiscover_modules`, as admin finds admin.py), and a subclass that
sets a slug registers itself: the outbox knows every type without importing the apps above it.
"""

from collections.abc import Iterable
from typing import ClassVar

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model

from .models import Notification, NotificationPreference
from .services import Recipient, RenderedEmail, notify, render_email

_TYPES: dict[str, type["NotificationType"]] = {}


def register(cls: type["NotificationType"]) -> type["NotificationType"]:
    """Add a type to the registry (done for every subclass that sets a slug). A slug names one type."""
    existing = _TYPES.get(cls.slug)
    if existing is not None and (existing.__module__, existing.__qualname__) != (cls.__module__, cls.__qualname__):
        raise ImproperlyConfigured(
            f"Two notification types have the slug {cls.slug!r}: {existing.__module__}.{existing.__qualname__} "
            f"and {cls.__module__}.{cls.__qualname__}"
        )
    if not cls.title:
        raise ImproperlyConfigured(f"The notification type {cls.__qualname__} needs a title")
    if cls.optional and not (cls.offered_to and cls.hint and _has_preference_field(cls.slug)):
        raise ImproperlyConfigured(
            f"The optional notification type {cls.__qualname__} needs `offered_to`, a `hint` and a "
            f"NotificationPreference field named {cls.slug!r}"
        )
    _TYPES[cls.slug] = cls
    return cls


def _has_preference_field(name: str) -> bool:
    return any(field.name == name for field in NotificationPreference._meta.get_fields())


def notification_types() -> list[type["NotificationType"]]:
    """Every registered type, by slug."""
    return [_TYPES[slug] for slug in sorted(_TYPES)]


def notification_type(slug: str) -> type["NotificationType"]:
    try:
        return _TYPES[slug]
    except KeyError:
        raise LookupError(f"No notification type has the slug {slug!r}") from None


def optional_types() -> list[type["NotificationType"]]:
    """The types a person may switch off, for the preferences page."""
    return [cls for cls in notification_types() if cls.optional]


def as_recipient(person) -> Recipient:
    return person if isinstance(person, Recipient) else Recipient.of_user(person)


def is_actor(recipient: Recipient, actor) -> bool:
    """The person who acted, by their login or by their email address (an expert's Recipient)."""
    if actor is None:
        return False
    if recipient.user is not None and getattr(recipient.user, "pk", None) == actor.pk:
        return True
    email = (getattr(actor, "email", "") or "").lower()
    return bool(email) and recipient.email.lower() == email


class NotificationType:
    """One kind of notification. Subclasses set the class attributes and build the message from
    the objects they are made with (most are dataclasses)."""

    slug: ClassVar[str] = ""
    title: ClassVar[str] = ""
    sent_to: ClassVar[str] = ""
    optional: ClassVar[bool] = False
    offered_to: ClassVar[str] = ""  # optional types: the role whose people are offered it
    hint: ClassVar[str] = ""  # optional types: the hint on the preferences page
    template: ClassVar[str] = ""  # default: <app label>/email/<slug>.txt
    receipt: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("slug"):
            register(cls)

    @classmethod
    def app_label(cls) -> str:
        config = apps.get_containing_app_config(cls.__module__)
        return config.label if config else cls.__module__.partition(".")[0]

    @classmethod
    def template_name(cls) -> str:
        return cls.template or f"{cls.app_label()}/email/{cls.slug}.txt"

    # --- What each type says ---------------------------------------------------------------------

    def recipients(self) -> Iterable:
        """Users or Recipients (an email address with a name, for people without a login)."""
        raise NotImplementedError

    def subject(self) -> str:
        raise NotImplementedError

    def context(self) -> dict:
        return {}

    def link(self) -> str:
        """A path in this service (the email makes it absolute), or "" for none."""
        return ""

    def about(self) -> Model:
        """The object the message is about; with the event and the recipient, it makes the unique key."""
        raise NotImplementedError

    def object_key(self) -> str:
        """What the message is about, as stored: the object, or a key naming a window for reminders."""
        obj = self.about()
        return f"{obj._meta.label_lower}:{obj.pk}"

    # --- Rendering and recording ---------------------------------------------------------------

    def render(self, recipient=None) -> RenderedEmail:
        """The message as `recipient` (or the first recipient) would get it, without recording it."""
        if recipient is None:
            recipient = next(iter(self.recipients()))
        return render_email(
            template=self.template_name(),
            subject=self.subject(),
            context=self.context(),
            link=self.link(),
            recipient=as_recipient(recipient),
        )

    def to_tell(self, *, actor=None, switched_off: set[int] | None = None) -> list[Recipient]:
        """The recipients, without the person who acted and, for an optional type, those who switched it off."""
        people = [as_recipient(person) for person in self.recipients() if person is not None]
        if not self.receipt:
            people = [person for person in people if not is_actor(person, actor)]
        if self.optional:
            if switched_off is None:
                switched_off = NotificationPreference.switched_off(
                    self.slug, [person.user.pk for person in people if person.user is not None]
                )
            people = [person for person in people if person.user is None or person.user.pk not in switched_off]
        return people

    def send(self, *, actor=None, switched_off: set[int] | None = None) -> list[Notification]:
        """Record it in the outbox for everyone to tell, inside the caller's transaction.

        `actor`: who caused it (the `by` of the service), left out. `switched_off`: for an optional
        type, the ids of people who switched it off, when the caller read them for many at once.
        """
        people = self.to_tell(actor=actor, switched_off=switched_off)
        if not people:
            return []
        return notify(
            event=self.slug,
            object_key=self.object_key(),
            recipients=people,
            subject=self.subject(),
            context=self.context(),
            link=self.link(),
            template=self.template_name(),
            already_read=self.receipt,
        )
