"""Conflicts of interest between judges and the subjects they might judge.

A judge may not judge an item when (the reasons, in this order):

* the judge is one of its parties (a team member, an author);
* the judge belongs to an organisation behind the item (``Parties.organisation_ids``);
* the judge shares an organisation membership with one of the item's people;
* the judge declared a tie with an organisation behind the item (or one its people belong to),
  or with one of its people (``ConflictDeclaration``);
* the judge's e-mail address has the same domain as one of the item's people, unless the domain
  is a public provider (``PUBLIC_EMAIL_DOMAINS``: two people at qq.com have nothing in common).

``ConflictIndex`` loads what it needs for many judges and items in a constant number of queries
(memberships, declarations, addresses, organisation names) and then answers in memory: every
conflicted pair at once through inverted indexes (``conflicted_pairs``, what the automatic
assignment of 2,000 items over 100 judges uses), or one pair with its reasons.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from portal.i18n import before_full_stop
from portal.judging import subjects
from portal.judging.models import ConflictDeclaration, Item, PanelJudge
from portal.organisations.models import Membership, Organisation

#: Free mail providers: a shared domain there says nothing about a tie.
PUBLIC_EMAIL_DOMAINS = frozenset(
    {
        "qq.com",
        "vip.qq.com",
        "foxmail.com",
        "163.com",
        "126.com",
        "yeah.net",
        "vip.163.com",
        "vip.126.com",
        "sina.com",
        "sina.cn",
        "sohu.com",
        "aliyun.com",
        "139.com",
        "189.cn",
        "wo.cn",
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "icloud.com",
        "me.com",
        "yahoo.com",
        "yahoo.com.cn",
        "protonmail.com",
        "proton.me",
        "example.com",
    }
)


def email_domain(address: str) -> str | None:
    """The domain of ``address`` when it may reveal a tie (lower case), ``None`` for public providers."""
    _local, at, domain = (address or "").strip().lower().rpartition("@")
    if not at or not domain or domain in PUBLIC_EMAIL_DOMAINS:
        return None
    return domain


@dataclass
class _Judge:
    organisations: set
    declared_organisations: set
    declared_people: set
    domain: str | None


@dataclass
class _Side:
    """An item's parties, with the organisations its people belong to and their e-mail domains."""

    organisations: set
    people: set
    people_organisations: set
    domains: set

    def __post_init__(self):
        self.every_organisation = self.organisations | self.people_organisations


class ConflictIndex:
    """Every conflict between ``judge_ids`` and ``items``, answered in memory after a few queries."""

    def __init__(self, judge_ids, items, *, parties: dict | None = None):
        self.items = {item.pk: item for item in items}
        parties = parties if parties is not None else subjects.parties_of(self.items.values())
        people = set().union(*(p.user_ids for p in parties.values())) if parties else set()
        judge_ids = set(judge_ids)
        memberships = _memberships(judge_ids | people)
        addresses = dict(get_user_model().objects.filter(pk__in=judge_ids | people).values_list("pk", "email"))
        self.judges = _judges(judge_ids, memberships, addresses)
        self.sides = {
            item_pk: _side(parties.get(item_pk, subjects.Parties()), memberships, addresses) for item_pk in self.items
        }
        self._names: dict[int, str] | None = None

    def conflicted(self, judge_id: int, item_id: int) -> bool:
        """Whether the pair conflicts (no strings made: the assignment's hot path)."""
        judge, side = self.judges.get(judge_id), self.sides.get(item_id)
        if judge is None or side is None:
            return False
        return bool(
            judge_id in side.people
            or not judge.organisations.isdisjoint(side.every_organisation)
            or not judge.declared_organisations.isdisjoint(side.every_organisation)
            or not judge.declared_people.isdisjoint(side.people)
            or (judge.domain and judge.domain in side.domains)
        )

    def reasons(self, judge_id: int, item_id: int) -> list[str]:
        """Why the pair conflicts, as translated sentences for staff (empty: no conflict)."""
        judge, side = self.judges.get(judge_id), self.sides.get(item_id)
        if judge is None or side is None or not self.conflicted(judge_id, item_id):
            return []
        reasons = []
        if judge_id in side.people:
            reasons.append(_("The judge is one of its parties."))
        for pk in sorted(judge.organisations & side.organisations):
            reasons.append(_("The judge belongs to %(organisation)s, which is behind it.") % self._org(pk))
        for pk in sorted((judge.organisations & side.people_organisations) - side.organisations):
            reasons.append(
                _("The judge and one of its people both belong to %(organisation)s.") % self._org(pk, at_end=True)
            )
        for pk in sorted(judge.declared_organisations & (side.organisations | side.people_organisations)):
            reasons.append(_("The judge declared a tie with %(organisation)s.") % self._org(pk, at_end=True))
        if judge.declared_people & side.people:
            reasons.append(_("The judge declared a tie with one of its people."))
        if judge.domain and judge.domain in side.domains:
            reasons.append(
                _("The judge's e-mail address is at %(domain)s, like one of its people's.") % {"domain": judge.domain}
            )
        return reasons

    def conflicted_pairs(self) -> set[tuple[int, int]]:
        """Every conflicted ``(judge_id, item_id)``, through inverted indexes (no pair-by-pair test)."""
        by_person, by_organisation, by_domain = {}, {}, {}
        for item_id, side in self.sides.items():
            for person in side.people:
                by_person.setdefault(person, set()).add(item_id)
            for organisation in side.every_organisation:
                by_organisation.setdefault(organisation, set()).add(item_id)
            for domain in side.domains:
                by_domain.setdefault(domain, set()).add(item_id)
        pairs = set()
        for judge_id, judge in self.judges.items():
            found = set(by_person.get(judge_id, ()))
            for organisation in judge.organisations | judge.declared_organisations:
                found |= by_organisation.get(organisation, set())
            for person in judge.declared_people:
                found |= by_person.get(person, set())
            if judge.domain:
                found |= by_domain.get(judge.domain, set())
            pairs.update((judge_id, item_id) for item_id in found)
        return pairs

    def all_conflicts(self) -> dict[tuple[int, int], list[str]]:
        return {pair: self.reasons(*pair) for pair in sorted(self.conflicted_pairs())}

    def _org(self, pk: int, *, at_end: bool = False) -> dict:
        if self._names is None:
            pks = set().union(*(j.organisations | j.declared_organisations for j in self.judges.values()))
            self._names = {o.pk: str(o.name) for o in Organisation.objects.filter(pk__in=pks)}
        name = self._names.get(pk, f"#{pk}")
        return {"organisation": before_full_stop(name) if at_end else name}


def _memberships(user_ids) -> dict[int, set]:
    found: dict[int, set] = {}
    for user_id, organisation_id in Membership.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "organisation_id"
    ):
        found.setdefault(user_id, set()).add(organisation_id)
    return found


def _judges(judge_ids, memberships, addresses) -> dict[int, _Judge]:
    judges = {
        pk: _Judge(set(memberships.get(pk, ())), set(), set(), email_domain(addresses.get(pk, ""))) for pk in judge_ids
    }
    declarations = ConflictDeclaration.objects.filter(judge_id__in=judge_ids).values_list(
        "judge_id", "organisation_id", "person_id"
    )
    for judge_id, organisation_id, person_id in declarations:
        if organisation_id:
            judges[judge_id].declared_organisations.add(organisation_id)
        if person_id:
            judges[judge_id].declared_people.add(person_id)
    return judges


def _side(parties, memberships, addresses) -> _Side:
    people = set(parties.user_ids)
    people_organisations = set().union(*(memberships.get(pk, set()) for pk in people)) if people else set()
    emails = set(parties.emails) | {addresses.get(pk, "") for pk in people}
    domains = {domain for domain in map(email_domain, emails) if domain}
    return _Side(set(parties.organisation_ids), people, people_organisations, domains)


def index_for(panel) -> ConflictIndex:
    """The conflict index of ``panel``'s judges and items."""
    judge_ids = PanelJudge.objects.filter(panel=panel).values_list("user_id", flat=True)
    items = list(Item.objects.filter(panel=panel).order_by("pk"))
    return ConflictIndex(judge_ids, items)


def conflicts(panel) -> dict[tuple[int, int], list[str]]:
    """``{(judge_id, item_id): [reasons]}`` for every conflicted pair of ``panel``'s judges and items."""
    return index_for(panel).all_conflicts()


def conflict_reasons(judge, item) -> list[str]:
    """Why ``judge`` may not judge ``item`` (translated sentences; empty: they may)."""
    return ConflictIndex([judge.pk], [item]).reasons(judge.pk, item.pk)
