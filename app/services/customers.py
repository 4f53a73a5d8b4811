"""The People page's use cases: contact preferences, fans to thank, trolls and the troll policy.

The troll policy is text the owner writes once (a setting); strikes are recorded with a reason
and a date, and at ``strikes_before_mute`` strikes Kindly suggests muting or blocking. Blocking
itself happens on X: Kindly opens the person's profile there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from urllib.parse import quote

from app.changes import ChangeKind, Changed
from app.clock import Clock
from app.errors import NotFound, ValidationError
from app.services.forget import Forgotten, forget_person
from app.services.inbox import Inbox
from app.domain.people import PeopleFilter, PersonRow, Strike
from app.storage.people_list import PeopleList
from app.storage.shop import SettingsStore

CHANNELS = {
    "": "Not asked yet",
    "x_reply": "Reply on X",
    "x_dm": "DM on X",
    "email": "E-mail",
    "phone": "Phone",
}
MAX_REASON = 200
MAX_POLICY = 2000


@dataclass(frozen=True)
class StrikeAdvice:
    strikes: int
    limit: int
    policy: str

    @property
    def suggest_mute(self) -> bool:
        return self.strikes >= self.limit

    def text(self) -> str:
        if not self.strikes:
            return ""
        head = f"{self.strikes} strike{'s' if self.strikes != 1 else ''}"
        if self.suggest_mute:
            head += (
                f" — that is your limit of {self.limit}. Your policy says to mute them, "
                "or block them on X."
            )
        return head


class Customers:
    def __init__(self, db, people: PeopleList, settings: SettingsStore, clock: Clock, inbox: Inbox):
        self.db = db
        self.people = people
        self.settings = settings
        self.clock = clock
        self.inbox = inbox

    def row(self, person_id: str) -> PersonRow:
        row = self.people.row(person_id)
        if row is None:
            raise NotFound("That person is not in Kindly (any more).")
        return row

    def set_contact(self, person_id: str, channel: str, address: str) -> Changed:
        if channel not in CHANNELS:
            raise ValidationError("Choose how they like to be contacted.", "channel")
        address = address.strip()
        if channel == "email" and address and ("@" not in address or " " in address):
            raise ValidationError("That does not look like an e-mail address.", "address")
        if len(address) > 200:
            raise ValidationError("That address is too long.", "address")
        self.people.set_contact(person_id, channel, address)
        return Changed.of(ChangeKind.PEOPLE, [person_id])

    def set_notes(self, person_id: str, notes: str) -> Changed:
        return self.inbox.set_notes(person_id, notes)

    # ----- trolls -----------------------------------------------------------------------------

    def policy(self) -> str:
        return self.settings.load().troll_policy

    def set_policy(self, text: str) -> Changed:
        text = text.strip()
        if len(text) > MAX_POLICY:
            raise ValidationError(f"Keep the policy under {MAX_POLICY:,} characters.", "policy")
        self.settings.save(self.settings.load().replace(troll_policy=text))
        return Changed.of(ChangeKind.SETTINGS)

    def add_strike(self, person_id: str, reason: str) -> StrikeAdvice:
        reason = " ".join(reason.split())
        if not reason:
            raise ValidationError("Say why, in a few words (for example 'insults').", "reason")
        if len(reason) > MAX_REASON:
            raise ValidationError(f"Keep the reason under {MAX_REASON} characters.", "reason")
        self.row(person_id)
        self.people.add_strike(person_id, reason, self.clock.now())
        return self.advice(person_id)

    def remove_strike(self, strike_id: int) -> None:
        self.people.remove_strike(strike_id)

    def strikes(self, person_id: str) -> list[Strike]:
        return self.people.strikes(person_id)

    def advice(self, person_id: str) -> StrikeAdvice:
        settings = self.settings.load()
        return StrikeAdvice(
            strikes=len(self.people.strikes(person_id)),
            limit=max(1, settings.strikes_before_mute),
            policy=settings.troll_policy,
        )

    def policy_reminder(self, person_id: str) -> str | None:
        """What to show when replying to someone with strikes: their count and the policy."""
        advice = self.advice(person_id)
        if not advice.strikes:
            return None
        policy = advice.policy or "You have not written a troll policy yet (People → Trolls)."
        return f"{advice.text()}\nYour troll policy: {policy}"

    def set_muted(self, person_id: str, muted: bool) -> Changed:
        return self.inbox.set_muted(person_id, muted)

    def set_blocked(self, person_id: str, blocked: bool) -> Changed:
        """Record that the owner blocked them on X (and mute them here, so they stay quiet)."""
        changed = Changed.of(ChangeKind.PEOPLE, [person_id])
        with self.db.atomic():
            self.people.set_blocked(person_id, blocked)
            if blocked:
                changed |= self.set_muted(person_id, True)
        return changed

    @staticmethod
    def profile_url(handle: str) -> str:
        return f"https://x.com/{quote(handle.lstrip('@'))}"

    # ----- fans -------------------------------------------------------------------------------

    def thank_target(self, person_id: str) -> int | None:
        """The post to answer with a thank-you: their latest praise."""
        return self.people.latest_praise(person_id) or self.people.latest_post(person_id)

    # ----- forgetting -------------------------------------------------------------------------

    def forget(self, person_id: str) -> Forgotten:
        return forget_person(self.db, person_id)


class PeoplePages(Protocol):
    """What the People list reads (``PeopleList`` is one): a filter's ids a page at a time, by
    (handle, id) keyset, and the rows for a page."""

    def page_keys(
        self,
        people_filter: PeopleFilter,
        search: str = "",
        after: tuple[str, str] | None = None,
        limit: int = 200,
    ) -> list[tuple[str, tuple[str, str]]]: ...

    def rows(self, ids: list[str]) -> dict[str, PersonRow]: ...
