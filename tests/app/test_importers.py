"""Importing real and hostile files: everything or nothing, twice is once, clear words on failure."""

from __future__ import annotations

import io
import json
import struct
import threading
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.models import Shop
from app.errors import KindlyError
from app.importers import ImportCancelled, ImportFailed, ImportRun, detect_format, run_import
from app.importers.archive import MAX_MEMBER_BYTES
from app.importers.common import parse_post_time, post_id, post_ids
from app.storage.messages import DirectMessage
from tests.app.test_search import day_bounds_hold
from tests.conftest import shared_data

HEADER = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"


def snapshot(ws) -> dict:
    """Every row of every ordinary table: 'nothing changed' means this is equal."""
    tables = [
        name
        for (name,) in ws.db.execute(
            "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'"
            " AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    ]
    return {t: sorted(map(repr, ws.db.execute(f"SELECT * FROM [{t}]").fetchall())) for t in tables}


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def csv_of(*rows: str) -> str:
    return HEADER + "".join(row + "\n" for row in rows)


# ----- values ------------------------------------------------------------------------------------


def test_ids_and_times_as_files_write_them():
    assert post_id("3.0") == "3"
    assert post_id(" 192625.0 ") == "192625"
    assert post_id("") is None
    assert post_ids("9,6,10") == ["9", "6", "10"]
    assert post_ids("") == []
    with pytest.raises(ValueError):
        post_id("abc")
    with pytest.raises(ValueError):
        post_id("1.5")
    when = parse_post_time("Tue Oct 31 22:10:47 +0000 2017")
    assert when.isoformat() == "2017-10-31T22:10:47+00:00"
    assert parse_post_time("Tue Oct 31 23:10:47 +0100 2017") == when
    assert parse_post_time("2017-10-31T22:10:47.000Z") == when


# ----- the Customer Support on Twitter CSV -------------------------------------------------------


@pytest.mark.parametrize(
    "name, shop, mentions, replies",
    [
        ("twcs_first5000.csv", "AppleSupport", 143, 140),
        ("twcs_first5000_pandas_export.csv", "AppleSupport", 143, 140),
        ("twcs_first5000_complete_threads.csv", "AppleSupport", 112, 111),
        ("kaggle_sample.csv", "AppleSupport", 11, 13),
        ("twcs_random_rows_sample.csv", "AppleSupport", 173, 211),
        ("twcs_first5000.csv", "sprintcare", None, None),
    ],
)
def test_every_twcs_sample_imports(workspace, name, shop, mentions, replies):
    path = shared_data("twcs", name)
    assert detect_format(path) == "twcs"
    report = run_import(workspace, path, shop=shop)
    if mentions is not None:
        assert report.added["mentions"] == mentions
        assert report.added["shop replies"] == replies
    else:
        assert report.added["mentions"] > 0 and report.added["shop replies"] > 0
    assert workspace.shop.get().handle == shop
    # every mention either contains @shop or answers one of the shop's posts
    for text, reply_to in workspace.db.execute(
        "SELECT text, in_reply_to_id FROM posts WHERE is_shop = 0"
    ).fetchall():
        answers_shop = reply_to and workspace.db.execute(
            "SELECT is_shop FROM posts WHERE id = ?", [reply_to]
        ).fetchone() == (1,)
        assert f"@{shop.lower()}" in text.lower() or answers_shop


def test_pandas_export_gives_the_same_inbox_as_the_clean_file(tmp_path, clock):
    from app.workspace import open_workspace

    results = []
    for name in ("twcs_first5000.csv", "twcs_first5000_pandas_export.csv"):
        ws = open_workspace(None, clock)
        run_import(ws, shared_data("twcs", name), shop="AppleSupport")
        rows = ws.db.execute(
            "SELECT id, conversation_id, in_reply_to_id, is_shop, status, kind, created_at"
            " FROM posts ORDER BY id"
        ).fetchall()
        results.append(rows)
        ws.close()
    assert results[0] == results[1]


def test_importing_twice_adds_nothing(workspace):
    path = shared_data("twcs", "twcs_first5000.csv")
    first = run_import(workspace, path, shop="AppleSupport")
    before = snapshot(workspace)
    second = run_import(workspace, path, shop="AppleSupport")
    assert second.total_added == 0
    assert (
        second.skipped["already in Kindly"] == first.added["mentions"] + first.added["shop replies"]
    )
    assert snapshot(workspace) == before


def test_threads_join_whatever_the_order_in_the_file(workspace, tmp_path):
    # The shop's reply comes first in the file; a customer answers it without @shop, further up.
    path = write(
        tmp_path,
        "t.csv",
        csv_of(
            "12,shop,False,Tue Oct 31 10:05:00 +0000 2017,@c1 So sorry! DM us?,13,11.0",
            "13,c1,True,Tue Oct 31 10:20:00 +0000 2017,ok sent,,12.0",
            '11,c1,True,Tue Oct 31 10:00:00 +0000 2017,@Shop my ring broke,"12",',
            "20,c2,True,Tue Oct 31 11:00:00 +0000 2017,@ShopUK not us,,",
            "21,other,False,Tue Oct 31 11:01:00 +0000 2017,@c2 hi,,20",
        ),
    )
    report = run_import(workspace, path, shop="shop")
    assert report.added["mentions"] == 2 and report.added["shop replies"] == 1
    first = workspace.posts.get_by_id("11")
    assert first.status == "waiting"  # answered by an imported shop reply
    assert [p.id for p in workspace.posts.thread(first.conversation_id)] == ["11", "12", "13"]
    assert workspace.posts.get_by_id("13").status == "open"
    assert workspace.posts.get_by_id("20") is None  # @ShopUK is not @shop


def test_rows_at_the_same_time_are_all_added_in_file_order(workspace, tmp_path):
    # Many rows share a time (a file's times have one-second steps): none is lost, and among
    # equal times the file's order is the order they are added in.
    rows = [
        f"{i},c{i % 50},True,Tue Oct 31 10:00:00 +0000 2017,@s hello {i},,"
        for i in range(1, 12_001)
    ]
    report = run_import(workspace, write(tmp_path, "same.csv", csv_of(*rows)), shop="s")
    assert report.added["mentions"] == 12_000
    ids = [i for (i,) in workspace.db.execute("SELECT id FROM posts ORDER BY n").fetchall()]
    assert ids == [str(i) for i in range(1, 12_001)]


def _posts_schema(ws) -> list:
    return ws.db.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'posts' ORDER BY name"
    ).fetchall()


def test_a_large_and_a_small_import_leave_posts_indexed_as_before(workspace, tmp_path, clock):
    from app.workspace import open_workspace

    schema = _posts_schema(workspace)
    first = run_import(workspace, shared_data("twcs", "twcs_first5000.csv"), shop="AppleSupport")
    assert _posts_schema(workspace) == schema  # every index and trigger back, as it was
    # a small file into a larger inbox: the indexes are kept up to date row by row
    small = write(
        tmp_path,
        "small.csv",
        csv_of(
            "900000001,c1,True,Tue Oct 31 10:00:00 +0000 2017,@AppleSupport hi,900000002,",
            "900000002,AppleSupport,False,Tue Oct 31 10:05:00 +0000 2017,@c1 hello,,900000001",
        ),
    )
    assert run_import(workspace, small).added == {"mentions": 1, "shop replies": 1, "people": 1}
    assert _posts_schema(workspace) == schema
    # the same posts as one import of both files into an empty inbox
    both = open_workspace(None, clock)
    run_import(both, shared_data("twcs", "twcs_first5000.csv"), shop="AppleSupport")
    run_import(both, small)
    query = (
        "SELECT id, conversation_id, in_reply_to_id, is_shop, status, kind, created_at"
        " FROM posts ORDER BY n"
    )
    assert workspace.db.execute(query).fetchall() == both.db.execute(query).fetchall()
    assert first.added["mentions"] == 143
    workspace.db.execute("INSERT INTO posts_fts (posts_fts) VALUES ('integrity-check')")
    assert workspace.posts.counts() == both.posts.counts()
    # the search's day bounds caught up after the bulk load, as the trigger keeps them per row
    assert day_bounds_hold(workspace.db) and day_bounds_hold(both.db)
    day_bounds = "SELECT day, max_n FROM posts_by_day ORDER BY day"
    assert workspace.db.execute(day_bounds).fetchall() == both.db.execute(day_bounds).fetchall()
    both.close()


def test_a_second_shop_is_refused(workspace, tmp_path):
    workspace.shop.save(Shop(name="Luna", handle="luna"))
    path = write(tmp_path, "t.csv", csv_of("1,c,True,Tue Oct 31 10:00:00 +0000 2017,@luna hi,,"))
    before = snapshot(workspace)
    with pytest.raises(ImportFailed, match="mix two shops"):
        run_import(workspace, path, shop="AppleSupport")
    assert snapshot(workspace) == before
    assert run_import(workspace, path).added["mentions"] == 1  # the shop's own handle by default


@pytest.mark.parametrize(
    "content, message",
    [
        (
            HEADER.replace("text,", "") + "1,c,True,Tue Oct 31 10:00:00 +0000 2017,,\n",
            "no 'text' column",
        ),
        (
            csv_of(
                "1,c,True,Tue Oct 31 10:00:00 +0000 2017,@s ok,,",
                "2,c,maybe,Tue Oct 31 10:00:00 +0000 2017,@s ok,,",
            ),
            "Line 3.*inbound",
        ),
        (csv_of("1,c,True,yesterday,@s ok,,"), "Line 2.*created_at"),
        (csv_of("1,c,True,Tue Oct 31 10:00:00 +0000 2017,@s ok,,,extra"), "Line 2 .*8 fields"),
        (csv_of("x1,c,True,Tue Oct 31 10:00:00 +0000 2017,@s ok,,"), "Line 2.*tweet_id"),
        (
            csv_of(
                "1,c,True,Tue Oct 31 10:00:00 +0000 2017,@s ok,,",
                '2,c,True,Tue Oct 31 10:00:00 +0000 2017,"@s unclosed',
            ),
            "Line|fields",
        ),
        ("", "empty"),
    ],
)
def test_broken_csv_files_say_where_and_change_nothing(workspace, tmp_path, content, message):
    path = write(tmp_path, "broken.csv", content)
    before = snapshot(workspace)
    with pytest.raises(ImportFailed, match=message):
        run_import(workspace, path, fmt="twcs", shop="s")
    assert snapshot(workspace) == before


def test_a_csv_that_is_not_utf8_is_refused_half_way(workspace, tmp_path):
    good = "".join(
        f"{i},c{i},True,Tue Oct 31 10:00:00 +0000 2017,@s hello {i},,\n" for i in range(1, 3000)
    )
    path = write(
        tmp_path,
        "latin1.csv",
        (HEADER + good).encode()
        + "3000,c,True,Tue Oct 31 10:00:00 +0000 2017,@s caf\xe9,,\n".encode("latin-1"),
    )
    before = snapshot(workspace)
    with pytest.raises(ImportFailed, match="not UTF-8"):
        run_import(workspace, path, shop="s")
    assert snapshot(workspace) == before


def test_cancel_rolls_everything_back(workspace):
    cancel = threading.Event()
    seen = []

    def progress(fraction, message):
        seen.append(fraction)
        if fraction > 0.6:
            cancel.set()  # half-way through adding rows

    before = snapshot(workspace)
    with pytest.raises(ImportCancelled):
        run_import(
            workspace,
            shared_data("twcs", "twcs_first5000.csv"),
            shop="AppleSupport",
            run=ImportRun(cancel, progress),
        )
    assert seen and snapshot(workspace) == before


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_mangled_csv_imports_or_fails_cleanly(workspace, tmp_path_factory, data):
    base = (shared_data("twcs", "kaggle_sample.csv")).read_bytes()[:4000]
    cut = data.draw(st.integers(0, len(base)))
    noise = data.draw(st.binary(max_size=40))
    at = data.draw(st.integers(0, cut))
    content = base[:at] + noise + base[at:cut]
    path = tmp_path_factory.mktemp("h") / "m.csv"
    path.write_bytes(content)
    before = snapshot(workspace)
    try:
        run_import(workspace, path, fmt="twcs", shop="AppleSupport")
    except KindlyError as exc:
        assert str(exc)
        assert snapshot(workspace) == before
    finally:
        workspace.db.execute("DELETE FROM posts")
        workspace.db.execute("DELETE FROM people")
        workspace.shop.save(Shop())


# ----- X's archive -------------------------------------------------------------------------------


def test_the_current_archive_imports_from_its_folder(workspace):
    folder = shared_data("x-archive-milahu104")
    assert detect_format(folder) == "archive"
    report = run_import(workspace, folder)
    shop = workspace.shop.get()
    assert shop.handle == "milahu104" and shop.user_id == "1964312974236991488"
    assert report.added["shop replies"] > 1500
    assert report.added["DMs"] == 17
    assert report.skipped["reposts of other people's posts"] > 0
    # DMs are between the shop and the people it knows by handle from its replies
    shop_id = workspace.inbox.shop_person_id()
    rows = workspace.db.execute(
        "SELECT count(*) FROM direct_messages WHERE sender_id = ? OR recipient_id = ?",
        [shop_id, shop_id],
    ).fetchone()[0]
    assert rows == 17
    assert run_import(workspace, folder).total_added == 0


def test_the_2021_archive_with_tweet_js_imports(workspace):
    report = run_import(workspace, shared_data("x-archive-larsbrinkhoff-2021"))
    assert workspace.shop.get().handle == "larsbrinkhoff"  # from manifest.js: no account.js
    assert report.added["shop replies"] > 1800
    replies = workspace.db.execute(
        "SELECT count(*) FROM posts WHERE is_shop = 1 AND in_reply_to_id IS NOT NULL"
    ).fetchone()[0]
    assert replies >= 1300


def zip_folder(folder: Path, out: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted((folder / "data").iterdir()):
            archive.write(path, f"{prefix}data/{path.name}")
    return out


def test_the_zip_imports_like_the_folder(workspace, tmp_path, clock):
    from app.workspace import open_workspace

    folder = shared_data("x-archive-milahu104")
    archive = zip_folder(folder, tmp_path / "twitter-2026.zip", "twitter-2026/")
    assert detect_format(archive) == "archive"
    report = run_import(workspace, archive)
    other = open_workspace(None, clock)
    expected = run_import(other, folder)
    assert dict(report.added) == dict(expected.added)
    other.close()


def small_archive(tmp_path: Path, tweets: bytes | None = None, extra: dict | None = None) -> Path:
    account = (
        b'window.YTD.account.part0 = [{"account": {"username": "shop", '
        b'"accountId": "100", "accountDisplayName": "Shop"}}]'
    )
    tweets = (
        tweets
        if tweets is not None
        else (
            b'window.YTD.tweets.part0 = [{"tweet": {"id_str": "5", "full_text": "@c thanks!",'
            b' "created_at": "Fri Mar 06 13:02:05 +0000 2026", "in_reply_to_status_id_str": "4",'
            b' "in_reply_to_user_id_str": "200", "in_reply_to_screen_name": "cust"}}]'
        )
    )
    out = tmp_path / "archive.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data/account.js", account)
        archive.writestr("data/tweets.js", tweets)
        for name, body in (extra or {}).items():
            archive.writestr(name, body)
    return out


def test_dms_with_an_address_open_an_email_owed(workspace, tmp_path):
    dms = json.dumps(
        [
            {
                "dmConversation": {
                    "conversationId": "100-200",
                    "messages": [
                        {
                            "messageCreate": {
                                "id": "900",
                                "senderId": "200",
                                "recipientId": "100",
                                "text": "It's maya@example.com",
                                "createdAt": "2026-03-06T14:00:00.000Z",
                            }
                        },
                        {"reactionCreate": {"senderId": "100"}},
                        {
                            "messageCreate": {
                                "id": "901",
                                "senderId": "100",
                                "recipientId": "200",
                                "text": "Thanks, writing now",
                                "createdAt": "2026-03-06T14:05:00.000Z",
                            }
                        },
                    ],
                }
            }
        ]
    ).encode()
    path = small_archive(
        tmp_path, extra={"data/direct-messages.js": b"window.YTD.direct_messages.part0 = " + dms}
    )
    report = run_import(workspace, path)
    assert report.added["DMs"] == 2
    cust = workspace.people.get("200")
    assert cust.handle == "cust"  # learnt from the shop's reply to them
    promises = workspace.promises.open_for_person("200")
    if hasattr(workspace, "followups"):
        assert [p.email for p in promises] == ["maya@example.com"]
    assert run_import(workspace, path).total_added == 0


def test_an_archive_of_another_account_is_refused(workspace, tmp_path):
    workspace.shop.save(Shop(name="Luna", handle="luna"))
    before = snapshot(workspace)
    with pytest.raises(ImportFailed, match="belongs to @shop"):
        run_import(workspace, small_archive(tmp_path))
    assert snapshot(workspace) == before


def craft_declared_size(path: Path, member: str, size: int) -> None:
    """Rewrite the sizes a zip declares for ``member`` without writing that much data."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    local = data.find(b"PK\x03\x04" + b"")
    while local != -1:
        name_len = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30 : local + 30 + name_len] == name:
            struct.pack_into("<I", data, local + 22, size)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_len] == name:
            struct.pack_into("<I", data, central + 24, size)
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))


def test_a_member_declared_at_2_gb_is_refused_before_reading(workspace, tmp_path):
    path = small_archive(tmp_path)
    craft_declared_size(path, "data/tweets.js", 2 * 1024**3)
    assert zipfile.ZipFile(path).getinfo("data/tweets.js").file_size > MAX_MEMBER_BYTES
    before = snapshot(workspace)
    with pytest.raises(ImportFailed, match="2.0 GB"):
        run_import(workspace, path)
    assert snapshot(workspace) == before


def test_a_zip_bomb_is_refused(workspace, tmp_path):
    bomb = b"window.YTD.tweets.part0 = [" + b" " * (20 * 1024**2) + b"]"
    path = small_archive(tmp_path, tweets=bomb)
    with pytest.raises(ImportFailed, match="zip bomb"):
        run_import(workspace, path)


@pytest.mark.parametrize(
    "name", ["../data/tweets.js", "/etc/tweets.js", "C:/x/tweets.js", "data/../../tweets.js"]
)
def test_member_paths_that_climb_out_are_refused(workspace, tmp_path, name):
    path = small_archive(tmp_path, extra={name: b"window.YTD.tweets.part0 = []"})
    before = snapshot(workspace)
    with pytest.raises(ImportFailed, match="outside the archive"):
        run_import(workspace, path)
    assert snapshot(workspace) == before


@pytest.mark.parametrize(
    "tweets, message",
    [
        (b'[{"tweet": {"id_str": "5"}}]', "does not start with"),
        (
            b'window.YTD.tweets.part0 = [{"tweet": {"id_str": "5", "full_text": "caf\xe9",'
            b' "created_at": "Fri Mar 06 13:02:05 +0000 2026"}}]',
            "not UTF-8",
        ),
        (
            b'window.YTD.tweets.part0 = [{"tweet": {"id_str": "5", "full_text": "a",'
            b' "created_at": "Fri Mar 06 13:02:05 +0000 2026"}}, {"tweet": {"id_str": "6", "fu',
            "breaks after item 1",
        ),
        (
            b'window.YTD.tweets.part0 = [{"tweet": {"id_str": "5", "full_text": "a"}}]',
            "no readable time",
        ),
    ],
)
def test_broken_archive_files_say_which_member_and_change_nothing(
    workspace, tmp_path, tweets, message
):
    path = small_archive(tmp_path, tweets=tweets)
    before = snapshot(workspace)
    with pytest.raises(ImportFailed, match=message):
        run_import(workspace, path)
    assert snapshot(workspace) == before


def test_a_truncated_zip_is_refused(workspace, tmp_path):
    path = zip_folder(shared_data("x-archive-milahu104"), tmp_path / "full.zip")
    cut = tmp_path / "cut.zip"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    before = snapshot(workspace)
    with pytest.raises(ImportFailed, match="not a complete zip"):
        run_import(workspace, cut)
    assert snapshot(workspace) == before


def test_a_member_that_unpacks_to_more_than_it_declares_is_stopped(workspace, tmp_path):
    body = (
        b"window.YTD.tweets.part0 = ["
        + b",".join(
            b'{"tweet": {"id_str": "%d", "full_text": "x", "created_at": '
            b'"Fri Mar 06 13:02:05 +0000 2026"}}' % i
            for i in range(2000)
        )
        + b"]"
    )
    path = small_archive(tmp_path, tweets=body)
    craft_declared_size(path, "data/tweets.js", 1000)
    before = snapshot(workspace)
    with pytest.raises(ImportFailed):
        run_import(workspace, path)
    assert snapshot(workspace) == before


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_mangled_zip_imports_or_fails_cleanly(workspace, tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("z")
    good = small_archive(folder).read_bytes()
    at = data.draw(st.integers(0, len(good) - 1))
    noise = data.draw(st.binary(min_size=1, max_size=16))
    path = folder / "mangled.zip"
    path.write_bytes(good[:at] + noise + good[at + len(noise) :])
    before = snapshot(workspace)
    try:
        run_import(workspace, path, fmt="archive")
    except KindlyError as exc:
        assert str(exc)
        assert snapshot(workspace) == before
    finally:
        workspace.db.execute("DELETE FROM posts")
        workspace.db.execute("DELETE FROM people")
        workspace.shop.save(Shop())


def test_unknown_files_are_named_not_guessed(workspace, tmp_path):
    path = write(tmp_path, "notes.txt", "hello there")
    with pytest.raises(ImportFailed, match="does not know what notes.txt is"):
        run_import(workspace, path)
    with pytest.raises(ImportFailed, match="no file or folder"):
        run_import(workspace, tmp_path / "missing.zip")


def test_a_json_that_is_not_a_kindly_export(workspace, tmp_path):
    path = write(tmp_path, "x.json", '{"hello": [1, 2]}')
    with pytest.raises(ImportFailed, match="not a Kindly export"):
        run_import(workspace, path)


def test_dm_import_goes_through_messages_add_without_followups(workspace, tmp_path, monkeypatch):
    calls = []
    original = type(workspace.messages).add

    def spy(self, message: DirectMessage, raw_json=None):
        calls.append(message.id)
        return (
            original(self, message, raw_json) if raw_json is not None else original(self, message)
        )

    monkeypatch.setattr(type(workspace.messages), "add", spy)
    dms = json.dumps(
        [
            {
                "dmConversation": {
                    "messages": [
                        {
                            "messageCreate": {
                                "id": "901",
                                "senderId": "100",
                                "recipientId": "200",
                                "text": "hi",
                                "createdAt": "2026-03-06T14:05:00.000Z",
                            }
                        }
                    ]
                }
            }
        ]
    ).encode()
    path = small_archive(
        tmp_path, extra={"data/direct-messages.js": b"window.YTD.direct_messages.part0 = " + dms}
    )
    run_import(workspace, path)
    assert "901" in calls  # the shop's own DM is stored through Messages.add


def test_stream_helpers_never_read_everything(tmp_path):
    from app.importers.common import PrefixedReader, strip_js_prefix

    stream = io.BytesIO(b"window.YTD.x.part0 = [1, 2, 3]")
    reader = strip_js_prefix(stream, "x.js")
    assert isinstance(reader, PrefixedReader)
    assert reader.read(3) == b"[1,"
    assert reader.read() == b" 2, 3]"
