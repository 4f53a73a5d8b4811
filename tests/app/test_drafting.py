"""Drafts, templates and sending without the API, on the demo shop with a fake clock."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from app.changes import NOTHING, ChangeKind, Changed
from app.domain.drafts import DraftState, dm_intent_url, reply_intent_url
from app.domain.models import InboxFilter
from app.domain.templates import auto_values, field_label, fields_in, fill, first_name, validate
from app.errors import KindlyError, NotFound, ValidationError
from app.services.drafting import draft_change
from app.services.templates import delete_template, move_template, save_template
from app.storage.database import open_database


def first_complaint(demo):
    keys = demo.posts.page_keys(InboxFilter.NEEDS_REPLY, limit=50)
    for n, _ in keys:
        post = demo.posts.get(n)
        if post.kind == "complaint" and not post.is_dm:  # a public reply
            return post
    raise AssertionError("the demo has complaints")


# ----- templates -----------------------------------------------------------------------------


def test_every_database_gets_the_starter_templates(workspace) -> None:
    names = [t.name for t in workspace.templates.list()]
    assert len(names) >= 6
    bodies = " ".join(t.body for t in workspace.templates.list())
    assert "So sorry! Could you DM us your e-mail so we can make this right?" in bodies
    assert "All sorted by email — thanks for your patience!" in bodies
    assert "{first_name}" in bodies and "{tracking_link}" in bodies


def test_no_starter_template_trips_the_privacy_check_once_filled(workspace) -> None:
    """A template Kindly ships must pass Kindly's own checks, whatever the owner fills in."""
    from app.domain.tone import review_reply

    shop = workspace.shop.get()
    values = {
        **auto_values(person_name="Anna K", handle="anna_k", shop_name="Juniper & Gold"),
        "order_number": "JG-10423",
        "tracking_link": "https://track.example/JG10423",
    }
    for template in workspace.templates.list():
        text = fill(template.body, values).text
        findings = review_reply(text, shop=shop, complaint=False)
        assert [f.code for f in findings if f.code == "private_info"] == [], template.name


def test_an_untouched_order_update_loses_its_order_number_and_an_edited_one_is_kept(
    tmp_path,
) -> None:
    from sqlite_utils import Database

    from app.storage.migrations import ORDER_UPDATE_AFTER, ORDER_UPDATE_BEFORE, migrations

    for edited, expected in (
        (ORDER_UPDATE_BEFORE, ORDER_UPDATE_AFTER),
        ("Order {order_number} left today!", "Order {order_number} left today!"),
    ):
        db = Database(tmp_path / f"{len(edited)}.db")
        migrations.apply(db, stop_before="0013_order_update_without_order_number")
        db.execute("UPDATE templates SET body = ? WHERE name = 'Order update'", [edited])
        migrations.apply(db)
        body = db.execute("SELECT body FROM templates WHERE name = 'Order update'").fetchone()[0]
        assert body == expected
        db.close()


def test_create_edit_reorder_delete(workspace) -> None:
    templates = workspace.templates
    new = templates.add("  Gift wrap  ", "Yes! Gift wrap is free, {first_name}.")
    assert templates.get(new).name == "Gift wrap"
    assert templates.list()[-1].id == new
    templates.move(new, -1)
    assert templates.list()[-2].id == new
    templates.reorder([new])
    assert templates.list()[0].id == new
    templates.update(new, "Gift wrap", "Gift wrap is free.")
    assert templates.get(new).body == "Gift wrap is free."
    templates.delete(new)
    with pytest.raises(NotFound):
        templates.get(new)


def test_template_edits_say_what_they_changed(workspace) -> None:
    templates = workspace.templates
    new, change = save_template(templates, None, "Gift wrap", "Gift wrap is free.")
    assert templates.get(new).name == "Gift wrap"
    assert change == Changed.of(ChangeKind.TEMPLATES, [new])
    same, change = save_template(templates, new, "Gift", "Gift wrap is free.")
    assert same == new and change == Changed.of(ChangeKind.TEMPLATES, [new])
    with pytest.raises(ValidationError):
        save_template(templates, new, "", "x")
    # a move shifts its neighbour too: any template may have moved
    assert move_template(templates, new, -1) == Changed.of(ChangeKind.TEMPLATES)
    assert delete_template(templates, new) == Changed.of(ChangeKind.TEMPLATES, [new])
    with pytest.raises(NotFound):
        save_template(templates, new, "Gift", "Gift wrap is free.")


@pytest.mark.parametrize(
    ("name", "body", "field"),
    [
        ("", "x", "name"),
        ("ok", "  ", "body"),
        ("x" * 81, "x", "name"),
        ("ok", "Hi {name", "body"),
        ("ok", "x" * 5001, "body"),
    ],
)
def test_bad_templates_are_refused_in_plain_words(workspace, name, body, field) -> None:
    before = workspace.templates.list()
    with pytest.raises(ValidationError) as error:
        workspace.templates.add(name, body)
    assert error.value.field == field
    assert workspace.templates.list() == before


def test_fields_fill_themselves_or_are_asked_for() -> None:
    body = "Hi {first_name}! Order {order_number} for {handle} — {signature} {{not a field}}"
    assert fields_in(body) == ["first_name", "order_number", "handle", "signature"]
    values = auto_values(
        person_name="Maya K.", handle="maya_k", shop_name="J&G", signature="— Maya"
    )
    filled = fill(body, values)
    assert filled.missing == ("order_number",)
    assert filled.text == "Hi Maya! Order {order_number} for @maya_k — — Maya {not a field}"
    done = fill(body, {**values, "order_number": "JG-1"})
    assert done.missing == () and "Order JG-1 for" in done.text
    assert field_label("order_number") == "Order number"
    assert validate(" a  b ", " x ") == ("a b", "x")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Maya K.", "Maya"),
        ("", ""),
        ("🌸 Rosa 🌸", "Rosa"),
        ("JOHN SMITH", "John"),
        ("_bot_", ""),
        ("  ", ""),
    ],
)
def test_first_name(name, expected) -> None:
    assert first_name(name, "handle") == expected


def test_a_name_that_cannot_give_a_first_name_is_asked_for(demo) -> None:
    post = first_complaint(demo)
    template = next(t for t in demo.templates.list() if "{first_name}" in t.body)
    filled = demo.drafting.fill_template(template, post)
    assert "{shop}" not in filled.text
    if first_name(post.author_name, post.author_handle):
        assert "first_name" not in filled.missing
    else:
        assert "first_name" in filled.missing


# ----- drafts --------------------------------------------------------------------------------


def test_one_draft_per_post_saved_as_typed(demo, clock) -> None:
    post = first_complaint(demo)
    drafting = demo.drafting
    first = drafting.save(post.id, "So sorry")
    clock.advance(seconds=1)
    second = drafting.save(post.id, "So sorry to hear that!")
    assert first.id == second.id and second.text == "So sorry to hear that!"
    assert second.updated_at > first.updated_at
    assert demo.db.execute("SELECT count(*) FROM drafts").fetchone()[0] == 1
    assert drafting.save(post.id, "   \n ") is None  # an empty draft is no draft
    assert drafting.draft_for(post.id) is None


def test_saving_for_a_missing_post_or_bad_channel(demo) -> None:
    with pytest.raises(NotFound):
        demo.drafting.save("999", "hello")
    post = first_complaint(demo)
    with pytest.raises(ValidationError):
        demo.drafting.save(post.id, "hello", "email")


def test_a_draft_survives_closing_the_database(tmp_path, clock) -> None:
    from app.services.demo import load_demo
    from app.workspace import open_workspace

    path = tmp_path / "shop.db"
    ws = open_workspace(path, clock)
    load_demo(ws)
    post = first_complaint(ws)
    ws.drafting.save(post.id, "Oh no, so sorry! 💛")
    # No close, no checkpoint: another connection sees it at once (it was committed).
    other = open_database(path)
    assert other.execute("SELECT text FROM drafts").fetchone()[0] == "Oh no, so sorry! 💛"
    other.close()
    ws.close()


def test_ready_back_and_discard(demo) -> None:
    post = first_complaint(demo)
    drafting = demo.drafting
    draft = drafting.save(post.id, "So sorry! DM us?")
    assert drafting.mark_ready(draft.id).state == DraftState.READY
    assert drafting.review_count() == 1
    [item] = drafting.review_queue()
    assert item.post.id == post.id and item.draft.id == draft.id
    # Editing a ready draft keeps it in review with the new text.
    drafting.save(post.id, "So sorry! Could you DM us?")
    assert drafting.review_queue()[0].draft.text == "So sorry! Could you DM us?"
    assert drafting.back_to_draft(draft.id).state == DraftState.DRAFT
    assert drafting.review_count() == 0
    assert drafting.discard([draft.id]) == Changed.of(ChangeKind.DRAFTS, [draft.id])
    assert drafting.draft_for(post.id) is None
    assert not drafting.discard([])
    with pytest.raises(NotFound):
        drafting.mark_ready(draft.id)


def test_review_shows_findings(demo) -> None:
    post = first_complaint(demo)
    draft = demo.drafting.save(post.id, "You should have read the listing. Email me at a@b.co")
    demo.drafting.mark_ready(draft.id)
    [item] = demo.drafting.review_queue()
    assert {f.code for f in item.findings} == {"blame", "private_info", "no_empathy"}


# ----- sending by web intent -------------------------------------------------------------------


def test_intent_addresses() -> None:
    url = reply_intent_url("123", "So sorry! 💛 & thanks #1 https://x.com/a?b=c")
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "x.com", "/intent/post")
    query = parse_qs(parts.query)
    assert query == {
        "in_reply_to": ["123"],
        "text": ["So sorry! 💛 & thanks #1 https://x.com/a?b=c"],
    }
    assert dm_intent_url("42", "hi there").startswith(
        "https://x.com/messages/compose?recipient_id=42&text=hi%20there"
    )
    assert "recipient_id" not in dm_intent_url("handle:maya", "hi")


def test_post_on_x_then_yes_it_posted(demo, clock) -> None:
    post = first_complaint(demo)
    drafting = demo.drafting
    seen = []
    drafting.on_sent.append(lambda draft, reply: seen.append((draft, reply)))
    draft = drafting.save(
        post.id, "So sorry! Could you DM us your e-mail so we can make this right?"
    )
    request = drafting.begin_sending(draft.id)
    assert request.draft.state == DraftState.SENDING
    assert parse_qs(urlsplit(request.url).query)["in_reply_to"] == [post.id]
    clock.advance(minutes=3)
    reply = drafting.mark_sent_by_hand(draft.id)
    sent = drafting.draft_for(post.id)
    assert sent.state == DraftState.SENT and sent.sent_at == clock.now()
    assert reply.id == f"local-{draft.id}" and reply.is_shop and reply.in_reply_to_id == post.id
    assert reply.created_at == clock.now()
    thread = demo.posts.thread(post.conversation_id)
    assert thread[-1].id == reply.id
    assert demo.posts.get(post.n).status == "waiting"
    assert seen == [(sent, reply)]
    with pytest.raises(KindlyError):
        drafting.mark_sent(draft.id)  # never twice
    with pytest.raises(KindlyError):
        drafting.begin_sending(draft.id)
    # A sent draft is history: typing into its composer does not change it.
    assert drafting.save(post.id, "new words") is None
    assert drafting.draft_for(post.id).text.startswith("So sorry!")


def test_the_pasted_link_replaces_the_local_id(demo) -> None:
    post = first_complaint(demo)
    drafting = demo.drafting
    draft = drafting.save(post.id, "So sorry, we're on it!")
    drafting.begin_sending(draft.id)
    drafting.mark_sent_by_hand(draft.id)
    local = f"local-{draft.id}"
    with pytest.raises(ValidationError):
        drafting.link_sent_reply(draft.id, "not a link")
    with pytest.raises(ValidationError):
        drafting.link_sent_reply(draft.id, f"https://x.com/someone/status/{post.id}")
    with pytest.raises(ValidationError):  # the customer's own post
        drafting.link_sent_reply(draft.id, f"https://x.com/i/web/status/{post.id}")
    new_id = drafting.link_sent_reply(
        draft.id, "https://x.com/juniperandgold/status/1999000000000000001"
    )
    assert new_id == "1999000000000000001"
    assert not demo.posts.exists(local)
    reply = demo.posts.get_by_id(new_id)
    assert reply.is_shop and reply.url.endswith("/status/1999000000000000001")
    assert drafting.draft_for(post.id).sent_post_id == new_id
    with pytest.raises(KindlyError):
        drafting.link_sent_reply(draft.id, "https://x.com/juniperandgold/status/5")


def test_link_given_at_once_and_send_and_resolve(demo) -> None:
    post = first_complaint(demo)
    draft = demo.drafting.save(post.id, "All sorted by email — thanks for your patience!")
    demo.drafting.begin_sending(draft.id, resolve=True)
    reply = demo.drafting.mark_sent_by_hand(
        draft.id, "https://twitter.com/juniperandgold/status/1999000000000000002?s=20"
    )
    assert reply.id == "1999000000000000002"
    assert demo.posts.get(post.n).status == "resolved"


def test_no_it_did_not_post_keeps_the_draft(demo) -> None:
    post = first_complaint(demo)
    drafting = demo.drafting
    draft = drafting.save(post.id, "So sorry!")
    drafting.begin_sending(draft.id)
    assert drafting.cancel_sending(draft.id).state == DraftState.DRAFT
    drafting.mark_ready(draft.id)
    drafting.begin_sending(draft.id)
    assert drafting.review_count() == 1  # still in review while X is open
    assert drafting.cancel_sending(draft.id).state == DraftState.READY
    assert demo.posts.get(post.n).status == "open"
    assert len(demo.posts.thread(post.conversation_id)) == len(
        [p for p in demo.posts.thread(post.conversation_id) if not p.id.startswith("local-")]
    )


def test_failed_with_a_reason_then_edited(demo) -> None:
    post = first_complaint(demo)
    drafting = demo.drafting
    draft = drafting.save(post.id, "So sorry!")
    drafting.begin_sending(draft.id)
    failed = drafting.mark_failed(draft.id, "X said: you are sending too fast. Try in a minute.")
    assert failed.state == DraftState.FAILED and "too fast" in failed.failure
    assert drafting.review_count() == 1
    edited = drafting.save(post.id, "So sorry! 💛")
    assert edited.state == DraftState.DRAFT and edited.failure is None
    # Review and the inbox stop showing it as failed
    assert draft_change(failed, edited) == Changed.of(ChangeKind.DRAFTS, [draft.id])


def test_what_a_write_to_a_draft_changed_for_the_other_views(demo) -> None:
    post = first_complaint(demo)
    drafting = demo.drafting
    draft = drafting.save(post.id, "So")
    mine = Changed.of(ChangeKind.DRAFTS, [draft.id])
    assert draft_change(None, None) == NOTHING
    assert draft_change(None, draft) == mine  # a new draft: the inbox marks the post
    typed = drafting.save(post.id, "So sorry")
    assert draft_change(draft, typed) == NOTHING  # typing is the composer's own business
    ready = drafting.mark_ready(draft.id)
    assert draft_change(typed, ready) == mine
    edited = drafting.save(post.id, "So sorry!")
    assert draft_change(ready, edited) == mine  # Review shows the new text
    assert draft_change(edited, drafting.save(post.id, "")) == mine  # gone
    request = drafting.begin_sending(drafting.save(post.id, "Hi").id)
    assert request.changed == Changed.of(ChangeKind.DRAFTS, [request.draft.id])


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_drafts_cannot_be_ready_or_sent(demo, text) -> None:
    post = first_complaint(demo)
    draft = demo.drafting.save(post.id, "x")
    demo.db.execute("UPDATE drafts SET text = ? WHERE id = ?", [text, draft.id])
    with pytest.raises(ValidationError):
        demo.drafting.mark_ready(draft.id)
    with pytest.raises(ValidationError):
        demo.drafting.begin_sending(draft.id)


def test_too_long_cannot_be_sent_but_a_longer_limit_allows_it(demo) -> None:
    post = first_complaint(demo)
    draft = demo.drafting.save(post.id, "Sorry! " + "a" * 300)
    with pytest.raises(ValidationError) as error:
        demo.drafting.begin_sending(draft.id)
    assert "shorten this by 27" in str(error.value)
    assert demo.drafting.draft_for(post.id).state == DraftState.DRAFT
    demo.settings.save(demo.settings.load().replace(max_post_length=4000))
    assert demo.drafting.begin_sending(draft.id).draft.state == DraftState.SENDING


def test_a_dm_reply(demo) -> None:
    post = first_complaint(demo)
    draft = demo.drafting.save(post.id, "So sorry! Your order #10492 is on its way.", "dm")
    assert "private_info" not in {f.code for f in demo.drafting.check(draft.text, post, "dm")}
    request = demo.drafting.begin_sending(draft.id)
    assert request.url.startswith("https://x.com/messages/compose?")
    assert request.recipient_known == post.author_id.isdigit()
    assert demo.drafting.mark_sent_by_hand(draft.id) is None
    dms = demo.messages.with_person(post.author_id)
    assert dms[-1].text == draft.text and dms[-1].id == f"local-dm-{draft.id}"
    assert demo.posts.get(post.n).status == "waiting"


def test_a_failing_observer_does_not_undo_the_send(demo) -> None:
    post = first_complaint(demo)
    draft = demo.drafting.save(post.id, "So sorry!")

    def broken(_draft, _post):
        raise RuntimeError("observer bug")

    demo.drafting.on_sent.append(broken)
    demo.drafting.mark_sent(draft.id)
    assert demo.drafting.draft_for(post.id).state == DraftState.SENT


def test_a_hand_off_reply_opens_a_follow_up(demo) -> None:
    post = first_complaint(demo)
    draft = demo.drafting.save(
        post.id, "So sorry! Could you DM us your e-mail so we can make this right?"
    )
    demo.drafting.mark_sent(draft.id)
    assert any(p.post_id == post.id and p.kind == "awaiting_dm" for p in demo.promises.open())


def test_a_local_id_names_its_draft_and_a_real_one_none():
    from app.domain.drafts import draft_of_local_id, local_post_id

    assert draft_of_local_id(local_post_id(42)) == 42
    assert draft_of_local_id("1860000000000000001") is None
    assert draft_of_local_id(None) is None
    assert draft_of_local_id("local-x") is None
