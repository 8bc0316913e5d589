"""The shape of a transitions table: what may be done to an object, by whom, from which status.

Each object with a status keeps one table of its actions (involvement/transitions.py for
requests, together_network/transitions.py for invitations and payment claims). A row names the
statuses the action starts from, the permission it needs (a name in PERMISSIONS), any further
guard, and for each of these the words a refusal uses, in the order the service explains them.
The page asks the table which actions to offer (`allowed`) and the service asks the same rows
before it changes anything (`check`), so a page never offers what its service refuses, and a
service never does what its page hides. (STYLE.md, item 14; docs/adr/0018-transitions-tables.md.)

What a row does not decide is what the person gives: a reason, the dates they typed, hours
within an allowance. Those stay in the service, which says what to put right.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import ImproperlyConfigured

from .permissions import PERMISSIONS, can


class TransitionNotAllowed(Exception):
    """The person may not make this change, or not from the object's current state."""

    def __init__(self, message: str, *, rule: "Rule | None" = None):
        super().__init__(message)
        self.rule = rule


class RuleKind(StrEnum):
    STATUS = "status"  # the object is in one of the statuses the action starts from
    PERMISSION = "permission"  # the person holds the row's permission for the object
    GUARD = "guard"  # anything else about the object (and person): a date passed, a part still to decide


@dataclass(frozen=True)
class Rule:
    """One condition of an action, and what a refusal says when it fails."""

    refusal: str  # may name "{status}": the object's status as people read it
    kind: RuleKind = RuleKind.GUARD
    test: Callable[..., bool] | None = field(default=None, compare=False)  # guards: (obj, user) -> bool

    def words(self, obj) -> str:
        if "{status}" not in self.refusal:
            return self.refusal
        return self.refusal.format(status=obj.get_status_display().lower())


def from_status(refusal: str) -> Rule:
    """The object's status is one the action starts from."""
    return Rule(refusal, RuleKind.STATUS)


def permitted(refusal: str) -> Rule:
    """The person holds the action's permission for the object."""
    return Rule(refusal, RuleKind.PERMISSION)


def guard(test: Callable[..., bool], refusal: str) -> Rule:
    """Anything else that must hold: `test(obj, user)`."""
    return Rule(refusal, RuleKind.GUARD, test)


@dataclass(frozen=True)
class Button:
    """How a page offers an action: a form that posts to `url_name`, or a link to a page that asks first."""

    label: str
    url_name: str
    style: str = ""  # "", "secondary" or "warning" (NHS.UK button variants)
    method: str = "post"  # "post" or "get"

    @property
    def css_class(self) -> str:
        return f"nhsuk-button nhsuk-button--{self.style}" if self.style else "nhsuk-button"


@dataclass(frozen=True)
class Transition:
    """One row: an action, where it starts from, who may take it, and what it does.

    `permission` None marks an action nobody takes by hand (a scheduled job). `without_sign_in`
    marks an action the service may take for the person the object belongs to with nobody signed
    in (a signed link from their email; the network when they leave): `user` None. `leads_to`,
    `records` and `notifies` say what the service does (the status after, the timeline line, the
    notification events); the tests hold the services to them.
    """

    action: str
    label: str
    from_statuses: frozenset[str]
    permission: str | None
    rules: tuple[Rule, ...]
    leads_to: frozenset[str] = frozenset()
    records: str = ""
    notifies: frozenset[str] = frozenset()
    button: Button | None = None
    without_sign_in: bool = False

    def __post_init__(self) -> None:
        kinds = [rule.kind for rule in self.rules]
        if kinds.count(RuleKind.STATUS) != 1:
            raise ImproperlyConfigured(f"{self.action}: say once what a refusal from the wrong status says")
        if kinds.count(RuleKind.PERMISSION) != (1 if self.permission else 0):
            raise ImproperlyConfigured(f"{self.action}: say once what a refusal for the wrong person says")
        if self.permission is not None and self.permission not in PERMISSIONS:
            raise ImproperlyConfigured(f"{self.action}: unknown permission {self.permission!r}")

    def starts_from(self, status: str) -> bool:
        return status in self.from_statuses

    def _passes(self, rule: Rule, obj, user) -> bool:
        if rule.kind == RuleKind.STATUS:
            return self.starts_from(obj.status)
        if rule.kind == RuleKind.PERMISSION:
            if user is None:
                return self.without_sign_in
            return can(user, self.permission, obj)
        return bool(rule.test(obj, user))

    def refusal(self, obj, user) -> Rule | None:
        """The first rule this person (None: nobody signed in, or a scheduled job) fails, or None."""
        if user is not None and self.permission is None:
            return Rule("This happens by itself; nobody does it by hand.", RuleKind.PERMISSION)
        return next((rule for rule in self.rules if not self._passes(rule, obj, user)), None)

    def allows(self, obj, user) -> bool:
        return self.refusal(obj, user) is None

    def check(self, obj, user) -> None:
        """Raise TransitionNotAllowed, with the first refusal's words, unless the action is allowed."""
        if (rule := self.refusal(obj, user)) is not None:
            raise TransitionNotAllowed(rule.words(obj), rule=rule)


class AllowedActions(list):
    """The rows a person may act on now, in the table's order. `"withdraw" in actions` asks by name
    (templates do), and `buttons` are the page's buttons, each once (several actions may share one)."""

    def __contains__(self, item) -> bool:
        return any(row.action == item or row is item for row in self)

    @property
    def buttons(self) -> list[Button]:
        seen: list[Button] = []
        for row in self:
            if row.button is not None and row.button not in seen:
                seen.append(row.button)
        return seen


class TransitionsTable:
    """The rows for one kind of object, in the order their buttons appear."""

    def __init__(self, rows: Iterable[Transition]):
        self.rows: dict[str, Transition] = {}
        for row in rows:
            if row.action in self.rows:
                raise ImproperlyConfigured(f"{row.action} is in the table twice")
            self.rows[row.action] = row

    def __getitem__(self, action: str) -> Transition:
        return self.rows[action]

    def __iter__(self):
        return iter(self.rows.values())

    def allowed(self, obj, user) -> AllowedActions:
        """What this person may do to the object now (actions people take by hand only)."""
        return AllowedActions(row for row in self if row.permission is not None and row.allows(obj, user))

    def check(self, action: str, obj, user) -> None:
        self.rows[action].check(obj, user)

    def why_not(self, action: str, obj, user) -> str | None:
        """The words of the first refusal, for a page that explains instead of offering; None when allowed."""
        rule = self.rows[action].refusal(obj, user)
        return rule.words(obj) if rule else None
