"""The follow-up service on the demo shop: hand-offs, DMs in, promises out, the owner's actions."""

from datetime import UTC, datetime, timedelta
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest

from app.changes import ChangeKind, Changed
from app.domain.promises import AWAITING_DM, EMAIL_OWED, State
from app.errors import NotFound, ValidationError
from app.storage.messages import DirectMessage

HANDOFF = "Oh no, I'm so sorry! DM us your e-mail and we'll take care of it today."


def customer_post(demo, handle):
    row = demo.db.execute(
        "SELECT p.id FROM posts p JOIN people u ON u.id = p.author_id"
        " WHERE u.handle = ? AND p.is_shop = 0 AND p.channel = 'public'"
        " ORDER BY p.created_at DESC LIMIT 1",
        [handle],
    ).fetchone()
    return demo.posts.get_by_id(row[0])


def open_promises(demo, handle):
    person = demo.people.by_handle(handle)
    return demo.promises.open_for_person(person.id)


def test_the_demo_ledger(demo):
    overview = demo.followups.overview()
    owed = {row.handle: state for row, state in overview.owed}
    awaiting = {row.handle: state for row, state in overview.awaiting}
    assert owed == {"priyanair_": State.OVERDUE, "annak_draws": State.SOON}
    assert awaiting == {"olliegrant": State.LATER}
    assert overview.due_count == 2
    assert demo.followups.due_count() == 2
    priya = next(row for row, _ in overview.owed if row.handle == "priyanair_")
    assert priya.promise.email == "priya.nair@example.com"
    assert "priya.nair@example.com" in priya.dm_text  # the DM that gave the address, shown
    assert priya.post_n is not None


def test_a_handoff_reply_opens_awaiting_dm_for_two_days(demo):
    post = customer_post(demo, "leahbakes")
    sent = demo.clock.now()
    promise = demo.followups.reply_sent(HANDOFF, "public", post.id, sent)
    assert promise.kind == AWAITING_DM
    assert promise.person_id == post.author_id
    assert promise.conversation_id == post.conversation_id and promise.post_id == post.id
    assert promise.due_at == sent + timedelta(days=2)
    # sent twice (a retry) or asked again: still one follow-up
    assert demo.followups.reply_sent(HANDOFF, "public", post.id, sent).id == promise.id
    assert [p.id for p in open_promises(demo, "leahbakes")] == [promise.id]


def test_awaiting_dm_days_is_a_setting(demo):
    demo.settings.save(demo.settings.load().replace(awaiting_dm_days=1.0))
    post = customer_post(demo, "leahbakes")
    promise = demo.followups.reply_sent("Could you send us a DM?", "public", post.id)
    assert promise.due_at == demo.clock.now() + timedelta(days=1)


def test_an_ordinary_reply_opens_nothing(demo):
    post = customer_post(demo, "leahbakes")
    assert demo.followups.reply_sent("Thank you so much! 💛", "public", post.id) is None
    assert demo.followups.reply_sent(HANDOFF, "public", "no-such-post") is None


def test_a_reply_that_promises_an_email_uses_the_known_address(demo):
    # Leah sent her address in a DM earlier, so the promise knows where to write.
    post = customer_post(demo, "leahbakes")
    promise = demo.followups.reply_sent("We'll e-mail you today with a label!", "public", post.id)
    assert promise.kind == EMAIL_OWED
    assert promise.email == "leah.morgan@example.net"
    assert promise.due_at == demo.clock.now() + timedelta(hours=24)


def test_a_promised_email_without_an_address_asks_for_it(demo):
    post = customer_post(demo, "hannahprice")
    promise = demo.followups.reply_sent("I'll send you an email tonight.", "public", post.id)
    assert promise.kind == EMAIL_OWED and promise.email is None
    with pytest.raises(ValidationError):
        demo.followups.email_draft(promise.id)
    # Her next DM with an address fills it in, rather than opening a second promise.
    outcome = demo.followups.add_dm_by_hand(
        "hannahprice", "ok fine it's hannah.p@example.com", demo.clock.now()
    )
    assert outcome.promise.id == promise.id
    assert demo.promises.get(promise.id).email == "hannah.p@example.com"


def test_the_dm_with_an_address_turns_the_wait_into_an_email_owed(demo, clock):
    post = customer_post(demo, "leahbakes")
    waiting = demo.followups.reply_sent(HANDOFF, "public", post.id)
    clock.advance(hours=5)
    dm_time = clock.now() - timedelta(minutes=20)
    outcome = demo.followups.add_dm_by_hand(
        "@LeahBakes", "Hi! It's leah dot m at example dot com, thank you!", dm_time
    )
    assert outcome.emails == ["leah.m@example.com"]
    owed = outcome.promise
    assert owed.kind == EMAIL_OWED and owed.email == "leah.m@example.com"
    assert owed.due_at == dm_time + timedelta(hours=24)
    assert (owed.conversation_id, owed.post_id) == (waiting.conversation_id, waiting.post_id)
    assert owed.dm_id == outcome.message.id
    settled = demo.promises.get(waiting.id)
    assert settled.status == "done" and outcome.closed == [waiting.id]
    # one change for the window: the person's new DM, the e-mail owed and the wait it settled
    assert outcome.changed.kinds == {ChangeKind.PROMISES, ChangeKind.PEOPLE, ChangeKind.POSTS}
    assert set(outcome.changed.ids_of(ChangeKind.PROMISES)) == {owed.id, waiting.id}
    assert outcome.changed.ids_of(ChangeKind.PEOPLE) == (outcome.message.sender_id,)
    assert demo.messages.get(outcome.message.id).text.startswith("Hi! It's leah")


def test_the_promise_window_can_count_opening_hours(demo, clock):
    london = ZoneInfo("Europe/London")
    demo.followups.zone = london
    demo.settings.save(
        demo.settings.load().replace(
            promise_window_in_opening_hours=True,
            promise_window_hours=8.0,
            opening_hours="Mon-Fri 09:00-17:00",
        )
    )
    friday_evening = datetime(2026, 11, 27, 19, 0, tzinfo=london).astimezone(UTC)
    clock.set(friday_evening + timedelta(minutes=5))
    outcome = demo.followups.add_dm_by_hand("olliegrant", "olly@example.com", friday_evening)
    assert outcome.promise.due_at == datetime(2026, 11, 30, 17, 0, tzinfo=london).astimezone(UTC)


def test_a_dm_without_an_address_stays_awaiting_and_shows_it(demo, clock):
    olly = open_promises(demo, "olliegrant")[0]
    outcome = demo.followups.add_dm_by_hand(
        "olliegrant", "hiya, it's about the engraving", clock.now()
    )
    assert outcome.emails == [] and outcome.promise.id == olly.id
    assert demo.promises.get(olly.id).dm_id == outcome.message.id
    assert outcome.changed.ids_of(ChangeKind.PROMISES) == (olly.id,)
    row = demo.promises.rows([demo.promises.get(olly.id)])[0]
    assert row.dm_text == "hiya, it's about the engraving"
    # The owner types the address: now an e-mail is owed, counted from the DM.
    with pytest.raises(ValidationError) as error:
        demo.followups.set_address(olly.id, "olly at home")
    assert error.value.field == "email"
    owed, change = demo.followups.set_address(olly.id, "Olly.Grant@Example.com")
    # the e-mail owed, and the awaiting DM it settled (the window showed only the first before)
    assert set(change.ids_of(ChangeKind.PROMISES)) == {owed.id, olly.id}
    assert owed.kind == EMAIL_OWED and owed.email == "olly.grant@example.com"
    assert owed.due_at == outcome.message.created_at + timedelta(hours=24)
    assert demo.promises.get(olly.id).status == "done"


def test_a_synced_dm_takes_the_same_path_once(demo, clock):
    olly = demo.people.by_handle("olliegrant")
    shop_id = demo.inbox.shop_person_id()
    message = DirectMessage(
        "dm-synced-1", olly.id, shop_id, "olly.g@example.com x", clock.now(), "x"
    )
    first = demo.followups.dm_received(message)
    again = demo.followups.dm_received(message)
    assert first.promise.kind == EMAIL_OWED
    owed = [p for p in open_promises(demo, "olliegrant") if p.kind == EMAIL_OWED]
    assert len(owed) == 1 and again.promise.id == first.promise.id
    # The shop's own DMs never open promises.
    mine = DirectMessage(
        "dm-synced-2", shop_id, olly.id, "write to hello@shop.example", clock.now(), "x"
    )
    assert demo.followups.dm_received(mine).promise is None


@pytest.mark.parametrize(
    "handle, text, when, field",
    [
        ("", "my email is a@example.com", 0, "handle"),
        ("not a handle!", "my email is a@example.com", 0, "handle"),
        ("juniperandgold", "my email is a@example.com", 0, "handle"),
        ("olliegrant", "   ", 0, "text"),
        ("olliegrant", "x" * 10_001, 0, "text"),
        ("olliegrant", "a@example.com", 60, "time"),
    ],
)
def test_bad_dm_input_changes_nothing(demo, handle, text, when, field):
    before = demo.db.execute("SELECT count(*) FROM direct_messages").fetchone()[0]
    promises_before = demo.db.execute(
        "SELECT count(*), sum(status = 'open') FROM promises"
    ).fetchone()
    with pytest.raises(ValidationError) as error:
        demo.followups.add_dm_by_hand(handle, text, demo.clock.now() + timedelta(minutes=when))
    assert error.value.field == field
    assert demo.db.execute("SELECT count(*) FROM direct_messages").fetchone()[0] == before
    assert (
        demo.db.execute("SELECT count(*), sum(status = 'open') FROM promises").fetchone()
        == promises_before
    )


def test_the_same_dm_twice_is_refused(demo, clock):
    demo.followups.add_dm_by_hand("olliegrant", "no email, sorry", clock.now())
    with pytest.raises(ValidationError, match="already"):
        demo.followups.add_dm_by_hand("olliegrant", "no email, sorry", clock.now())


def test_done_close_snooze_nudge(demo, clock):
    overview = demo.followups.overview()
    priya = next(row.promise for row, _ in overview.owed if row.handle == "priyanair_")
    anna = next(row.promise for row, _ in overview.owed if row.handle == "annak_draws")
    olly = overview.awaiting[0][0].promise

    assert demo.followups.done(priya.id) == Changed.of(ChangeKind.PROMISES, [priya.id])
    done = demo.promises.get(priya.id)
    assert done.status == "done" and done.done_at == clock.now()
    with pytest.raises(ValidationError):
        demo.followups.done(priya.id)

    with pytest.raises(ValidationError) as error:
        demo.followups.close(anna.id, "  ")
    assert error.value.field == "reason"
    assert demo.followups.close(anna.id, "Refunded in DMs instead") == Changed.of(
        ChangeKind.PROMISES, [anna.id]
    )
    closed = demo.promises.get(anna.id)
    assert closed.status == "closed" and closed.close_reason == "Refunded in DMs instead"

    with pytest.raises(ValidationError):
        demo.followups.snooze(olly.id, clock.now() - timedelta(minutes=1))
    until = demo.followups.snooze_choices()["hour"]
    assert demo.followups.snooze(olly.id, until) == Changed.of(ChangeKind.PROMISES, [olly.id])
    assert demo.promises.get(olly.id).snoozed_until == until
    assert demo.followups.overview().awaiting[0][1] == State.SNOOZED

    clock.advance(days=3)
    nudged = demo.followups.nudged(olly.id)
    assert nudged.due_at == clock.now() + timedelta(days=2) and nudged.snoozed_until is None
    with pytest.raises(NotFound):
        demo.followups.done(999_999)

    week = demo.followups.overview()
    assert {row.handle for row, _ in week.done} == {"priyanair_", "annak_draws"}
    assert demo.followups.reopen(priya.id) == Changed.of(ChangeKind.PROMISES, [priya.id])
    assert not demo.followups.reopen(priya.id)  # already open: nothing changed
    reopened = demo.promises.get(priya.id)
    assert reopened.status == "open" and reopened.done_at is None


def test_tomorrow_at_nine_is_local(demo, clock):
    demo.followups.zone = ZoneInfo("America/New_York")
    clock.set(datetime(2026, 11, 23, 3, 0, tzinfo=UTC))  # 22:00 on the 22nd in New York
    tomorrow = demo.followups.snooze_choices()["tomorrow"]
    assert tomorrow == datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("America/New_York"))


def test_the_email_draft(demo):
    priya = next(
        row.promise for row, _ in demo.followups.overview().owed if row.handle == "priyanair_"
    )
    draft = demo.followups.email_draft(priya.id)
    assert draft.to == "priya.nair@example.com"
    assert draft.subject == "Juniper & Gold: Missing parcel (gold hoops)"
    assert draft.body.startswith("Hi Priya,")
    assert "— Maya at Juniper & Gold" in draft.body
    assert "my order says delivered" in draft.body  # the context: their post
    url = draft.url
    assert url.startswith("mailto:priya.nair@example.com?subject=Juniper%20%26%20Gold")
    assert "+" not in url.split("?")[1].replace("%2B", "")  # spaces are %20, never '+'
    assert "%0D%0A" in url
    query = dict(part.split("=", 1) for part in url.split("?", 1)[1].split("&"))
    assert unquote(query["body"]).replace("\r\n", "\n") == draft.body


def test_reminders_fire_once_even_across_a_restart(tmp_path, clock):
    from app.services.demo import load_demo
    from app.workspace import open_workspace

    ws = open_workspace(tmp_path / "shop.db", clock)
    load_demo(ws)
    first = ws.reminders.check(catch_up=True)
    assert len(first) == 1 and first[0].promise_id is None  # one summary, not a burst
    assert ws.reminders.check() == []
    ws.close()
    again = open_workspace(tmp_path / "shop.db", clock)
    try:
        assert again.reminders.check(catch_up=True) == []
        clock.advance(minutes=91)  # Anna's e-mail falls due
        shown = again.reminders.check()
        assert [n.title for n in shown] == ["E-mail to @annak_draws is due now"]
        assert again.reminders.check() == []
    finally:
        again.close()


def test_a_sent_handoff_reply_opens_the_follow_up_through_drafting(demo):
    post = customer_post(demo, "leahbakes")
    draft = demo.drafting.save(
        post.id, "So sorry! Could you DM us your e-mail so we can make this right?"
    )
    demo.drafting.mark_sent(draft.id)
    opened = [p for p in open_promises(demo, "leahbakes") if p.kind == AWAITING_DM]
    assert len(opened) == 1 and opened[0].post_id == post.id
    assert opened[0].due_at == demo.clock.now() + timedelta(days=2)


def test_after_a_dm_without_an_address_no_reminder_says_the_dm_never_came(demo, clock):
    olly = open_promises(demo, "olliegrant")[0]
    demo.reminders.check(catch_up=True)  # what the demo had due already
    outcome = demo.followups.add_dm_by_hand(
        "olliegrant", "hiya, it's about the engraving", clock.now()
    )
    waiting = demo.promises.get(olly.id)
    assert waiting.kind == AWAITING_DM and waiting.dm_id == outcome.message.id
    # The e-mail is owed from the DM: due as an e-mail would be, 24 hours on.
    assert waiting.due_at == outcome.message.created_at + timedelta(hours=24)
    titles = []
    for _ in range(6 * 24 * 2):  # six days, a look every 30 minutes
        clock.advance(minutes=30)
        titles += [n.title for n in demo.reminders.check() if n.promise_id == olly.id]
    assert titles and not any("No DM" in t for t in titles)
    assert set(titles) == {"@olliegrant's DM has no e-mail address"}
    # A second DM without an address does not push the due time on.
    demo.followups.add_dm_by_hand("olliegrant", "still there?", clock.now())
    assert demo.promises.get(olly.id).due_at == waiting.due_at
    # `kindly due` says it the same way.
    from app.due import _as_text

    assert "DM in without an address" in _as_text(demo.followups.due_list(clock.now()), clock.now())


@pytest.mark.parametrize("source", ["manual", "x"])
def test_a_second_dm_updates_the_open_email_owed_never_a_second_promise(demo, clock, source):
    """Whether pasted or synced: one person, one e-mail owed, one set of reminders."""
    olly = demo.people.by_handle("olliegrant")
    shop_id = demo.inbox.shop_person_id()

    def dm(n: int, text: str):
        if source == "manual":
            return demo.followups.add_dm_by_hand("olliegrant", text, clock.now())
        message = DirectMessage(f"dm-second-{n}", olly.id, shop_id, text, clock.now(), "x")
        return demo.followups.dm_received(message)

    first = dm(1, "it's olly.g@example.com")
    owed = first.promise
    assert owed.kind == EMAIL_OWED and owed.email == "olly.g@example.com"
    clock.advance(hours=3)
    # The same address again: the same promise, its due time kept.
    same = dm(2, "did you get it? olly.g@example.com")
    assert same.promise.id == owed.id and same.earlier_email is None
    clock.advance(hours=1)
    # A corrected address: the open promise takes it and says what it had.
    fixed = dm(3, "sorry typo!! it's olly.grant@example.com")
    assert fixed.promise.id == owed.id and fixed.earlier_email == "olly.g@example.com"
    now_owed = [p for p in open_promises(demo, "olliegrant") if p.kind == EMAIL_OWED]
    assert [(p.id, p.email, p.due_at) for p in now_owed] == [
        (owed.id, "olly.grant@example.com", owed.due_at)
    ]
    assert demo.promises.get(owed.id).dm_id == fixed.message.id
