"""Telling an organisation's members about a decision, each in their own language.

Every e-mail to an organisation (an organisation's verification, a product's review, a case
submission, an edition application, a meeting request, a data-room access, a programme
application) goes to members of the organisation concerned: its owners, or owners and editors.
``members_to_tell`` says who (active accounts with an e-mail address, each address once, in
address order); ``tell_members`` renders one template per member in their language
(``portal.emails``) and, inside an outbox effect, hands each message to an outbox message of
its own, so a retry never writes to the first recipients again.

An e-mail's effect runs after the commit, sometimes much later (SMTP, the broker or a worker
down): ``StillTrue`` declares what must still hold for it to go out, so a decision corrected
meanwhile, or a record sent back or withdrawn, is not announced, and of one decision taken twice
only the latest mail goes out, quoting its own note.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

from portal.emails import language_for, send_templated_email
from portal.organisations.models import MemberRole
from portal.review.state import ReviewState, declared_state

#: Whom a decision is for: the owners alone, or everyone who maintains what the organisation lists.
OWNERS = (MemberRole.OWNER,)
MEMBERS = (MemberRole.OWNER, MemberRole.EDITOR)


def members_to_tell(organisation, roles=MEMBERS) -> list:
    """The users of ``organisation`` with one of ``roles`` who can receive mail, each address once."""
    memberships = (
        organisation.memberships.filter(role__in=roles, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__email", "pk")
    )
    seen, users = set(), []
    for membership in memberships:
        address = membership.user.email.lower()
        if address not in seen:
            seen.add(address)
            users.append(membership.user)
    return users


def tell_members(organisation, *, template: str, context: dict, roles=MEMBERS, recipient: str = "recipient") -> None:
    """Send ``template`` to each of ``members_to_tell(organisation, roles)`` in their language.

    ``context`` is shared (its callables are called in the recipient's language, see
    ``send_templated_email``); the member is added to it as ``recipient`` (or the name given).
    """
    for user in members_to_tell(organisation, roles):
        send_templated_email(
            template=template,
            to=[user.email],
            language=language_for(user),
            context={**context, recipient: user},
        )


class StillTrue:
    """Whether the e-mail announcing an event still tells the truth when its effect runs.

    ``holds_in`` maps each event to the statuses the record must still be in (``None``: any);
    ``also`` adds, per event, a check of its own (a case's page still live). Called as
    ``still_true(record, event, decided_at=…)``; an unknown event is a ``KeyError``, as a
    misspelt event must not pass silently::

        still_true = StillTrue({"rejected": (Status.REJECTED,), "extended": None})
        if not still_true(entry, event, decided_at=decided_at):
            return  # corrected or decided again meanwhile: not e-mailed

    ``decided_at`` is the payload's ``DECIDED_AT``, the decision the mail was scheduled for
    (``portal.review.decisions.Notice``): once the record was decided again (sent back twice,
    rejected twice), the status alone would let both mails through, each quoting the latest note,
    so a superseded decision is not announced; ``None`` (a member's own event, or a message
    scheduled before the key existed) is checked by its status alone. ``state`` is the record's
    ``ReviewState`` when it is not declared on the model; ``states`` names, per event, the state of
    a decision other than the record's review (an entry's deadline extension beside its screening),
    the one its ``Notice`` was scheduled with.
    """

    def __init__(
        self,
        holds_in: Mapping[str, Collection | None],
        *,
        also: Mapping[str, Callable[[object], bool]] | None = None,
        field: str = "status",
        state: ReviewState | None = None,
        states: Mapping[str, ReviewState] | None = None,
    ):
        self.holds_in = dict(holds_in)
        self.also = dict(also or {})
        self.field = field
        self.state = state
        self.states = dict(states or {})

    def __call__(self, record, event: str, decided_at: str | None = None) -> bool:
        statuses = self.holds_in[event]
        if statuses is not None and getattr(record, self.field) not in statuses:
            return False
        if decided_at is not None and self._superseded(record, event, decided_at):
            return False
        check = self.also.get(event)
        return check is None or bool(check(record))

    def _superseded(self, record, event: str, decided_at: str) -> bool:
        state = self.states.get(event) or self.state or declared_state(type(record))
        return state.of(record).superseded(decided_at)
