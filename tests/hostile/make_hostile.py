"""Hostile files for Kindly's importers, written by code so the collection stays small in git.

Each case is a file (or folder) that a damaged download, a careless script or a deliberate attack
could hand to File → Import or ``kindly import``. ``expect`` says what Kindly must do: ``refuse``
(a plain message naming the file and, where there is one, the line or record and the value; no
row changed) or ``import``. ``words`` must appear in the message or the report.

    python -m tests.hostile.make_hostile OUT_FOLDER   # writes the collection and lists it
"""

from __future__ import annotations

import json
import os
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

SHOP = "juniperandgold"  # the demo shop, which the files are imported into
HEADER = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
GOOD_TIME = "Mon Nov 03 10:00:00 +0000 2025"


@dataclass(frozen=True)
class Case:
    name: str
    path: Path
    expect: str  # 'refuse' | 'import'
    words: tuple[str, ...] = ()
    shop: str | None = None


def _csv(*rows: str) -> str:
    return HEADER + "".join(row + "\n" for row in rows)


def _mention(
    tweet_id: str = "1900000000000000001",
    created: str = GOOD_TIME,
    text: str = f"@{SHOP} where is my order?",
) -> str:
    return f'{tweet_id},maya,True,{created},"{text}",,'


def _export(tables: object, **extra: object) -> dict:
    return {
        "format": "kindly-export",
        "version": 1,
        "schema": "",
        "exported_at": "2026-01-01T00:00:00Z",
        "shop_handle": SHOP,
        **extra,
        "tables": tables,
    }


def _person(pid: str = "1700000000000000001", handle: str = "maya") -> dict:
    return {"id": pid, "handle": handle, "name": "Maya", "notes": "", "muted": 0, "blocked": 0}


def _post(**changes: object) -> dict:
    post = {
        "n": 900001,
        "id": "1900000000000000002",
        "conversation_id": "1900000000000000002",
        "in_reply_to_id": None,
        "author_id": "1700000000000000001",
        "is_shop": 0,
        "text": f"@{SHOP} my ring arrived bent",
        "created_at": "2025-11-03T10:00:00Z",
        "kind": "complaint",
        "kind_reason": "bent",
        "kind_by_owner": 0,
        "status": "open",
        "author_muted": 0,
        "source": "x",
        "url": None,
        "raw_json": None,
    }
    post.update(changes)
    return post


def _js(name: str, body: str) -> str:
    return f"window.YTD.{name}.part0 = {body}"


def _tweet(**changes: object) -> dict:
    tweet = {
        "id_str": "1900000000000000003",
        "created_at": "Mon Nov 03 10:00:00 +0000 2025",
        "full_text": "@maya so sorry, sending a new one today!",
        "in_reply_to_status_id_str": None,
    }
    tweet.update(changes)
    return {"tweet": tweet}


def _account() -> str:
    return _js(
        "account",
        json.dumps(
            [
                {
                    "account": {
                        "username": SHOP,
                        "accountId": "1500000000000000001",
                        "accountDisplayName": "Juniper & Gold",
                    }
                }
            ]
        ),
    )


def _archive_zip(path: Path, members: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return path


def _many_members_zip(path: Path, members: list[tuple[str, bytes]]) -> None:
    """A deflated zip written by hand: each distinct body is compressed once, so 4,000 members
    of 1 MiB cost milliseconds instead of zipfile's 4 GB of compression."""
    compressed: dict[int, tuple[bytes, int]] = {}
    central = []
    with open(path, "wb") as out:
        for name, body in members:
            key = id(body)
            if key not in compressed:
                deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
                compressed[key] = (deflate.compress(body) + deflate.flush(), zlib.crc32(body))
            data, crc = compressed[key]
            encoded = name.encode()
            offset = out.tell()
            out.write(
                struct.pack(
                    "<IHHHHHIIIHH",
                    0x04034B50,
                    20,
                    0,
                    8,
                    0,
                    0x21,
                    crc,
                    len(data),
                    len(body),
                    len(encoded),
                    0,
                )
                + encoded
                + data
            )
            central.append(
                struct.pack(
                    "<IHHHHHHIIIHHHHHII",
                    0x02014B50,
                    20,
                    20,
                    0,
                    8,
                    0,
                    0x21,
                    crc,
                    len(data),
                    len(body),
                    len(encoded),
                    0,
                    0,
                    0,
                    0,
                    0,
                    offset,
                )
                + encoded
            )
        start = out.tell()
        directory = b"".join(central)
        out.write(directory)
        out.write(
            struct.pack(
                "<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), len(directory), start, 0
            )
        )


def build(folder: Path) -> list[Case]:
    """Write every hostile file into ``folder``; return the cases."""
    folder.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []

    def text_file(
        name: str, body: str | bytes, expect: str, *words: str, shop: str | None = None
    ) -> None:
        path = folder / name
        path.write_bytes(body.encode("utf-8") if isinstance(body, str) else body)
        cases.append(Case(name, path, expect, words, shop))

    def export(name: str, document: object, expect: str, *words: str) -> None:
        text_file(name, json.dumps(document), expect, *words)

    # ----- Kindly's own export -------------------------------------------------------------------
    for label, value in (
        ("space", "2026-01-01 10:00"),
        ("number", 12345),
        ("word", "yesterday"),
        ("year1", "0001-01-01T00:00:00Z"),
        ("year9999", "9999-12-31T23:59:59Z"),
        ("feb30", "2026-02-30T10:00:00Z"),
    ):
        export(
            f"export-created-{label}.json",
            _export({"people": [_person()], "posts": [_post(created_at=value)]}),
            "refuse",
            "created_at",
            "record 2",
        )
    export(
        "export-id-not-an-id.json",
        _export({"people": [_person()], "posts": [_post(id="../../etc")]}),
        "refuse",
        "'../../etc'",
        "not a post id",
    )
    export(
        "export-author-number.json",
        _export({"people": [_person()], "posts": [_post(author_id=17)]}),
        "refuse",
        "author_id",
        "not text",
    )
    export(
        "export-is-shop-text.json",
        _export({"people": [_person()], "posts": [_post(is_shop="yes")]}),
        "refuse",
        "is_shop",
        "whole number",
    )
    export(
        "export-posts-a-string.json",
        _export({"posts": "everything"}),
        "refuse",
        "'posts'",
        "not a list of rows",
    )
    export("export-tables-a-list.json", _export([{"posts": []}]), "refuse", "'tables'")
    export("export-row-a-list.json", _export({"posts": [[1, 2, 3]]}), "refuse", "record 1")
    export(
        "export-no-tables.json", {"format": "kindly-export", "version": 1}, "refuse", "no tables"
    )
    export("export-version-huge.json", _export({}, version=1e400), "refuse", "version")
    export(
        "export-ready-draft-for-nothing.json",
        _export(
            {
                "drafts": [
                    {
                        "id": 1,
                        "post_id": "1999999999999999999",
                        "channel": "public",
                        "text": "Sorry!",
                        "state": "ready",
                        "updated_at": "2026-01-01T00:00:00Z",
                    }
                ]
            }
        ),
        "refuse",
        "1999999999999999999",
        "draft",
    )
    export(
        "export-base64-garbage.json",
        _export({"people": [dict(_person(), raw_json={"$base64": "!!!not base64"})]}),
        "refuse",
        "base64",
    )
    export(
        "export-text-too-long.json",
        _export({"people": [_person()], "posts": [_post(text="x" * 3_000_000)]}),
        "refuse",
        "text",
        "characters long",
    )
    deep = 200_000
    text_file(
        "export-nested-200000.json",
        '{"format": "kindly-export", "version": 1, "tables": {"posts": [{"text": '
        + "[" * deep
        + "]" * deep
        + "}]}}",
        "refuse",
        "nests",
    )
    text_file(
        "export-nested-unknown-key.json",
        '{"format": "kindly-export", "version": 1, "extra": '
        + '{"a": ' * deep
        + "1"
        + "}" * deep
        + ', "tables": {}}',
        "refuse",
        "nests",
    )
    text_file(
        "export-one-huge-string.json",
        '{"format": "kindly-export", "version": 1, "tables": {"templates": [{"name": "a", '
        '"body": "' + "x" * 9_000_000 + '"}]}}',
        "refuse",
        "body",
        "characters long",
    )
    export(
        "export-inbox-counts-merged.json",
        _export(
            {
                "people": [_person()],
                "posts": [_post()],
                "inbox_counts": [{"id": 1, "needs_reply": 99, "all_posts": 99}],
            }
        ),
        "import",
        "1 posts",
    )
    # ----- Customer Support on Twitter CSV -------------------------------------------------------
    text_file(
        "twcs-bad-byte-line-4.csv",
        _csv(_mention("1900000000000000011"), _mention("1900000000000000012")).encode()
        + b"1900000000000000013,maya,True,"
        + GOOD_TIME.encode()
        + b',"caf\xe9",,\n',
        "refuse",
        "line 4",
        shop=SHOP,
    )
    text_file(
        "twcs-year-0001.csv",
        _csv(_mention(created="Mon Jan 01 10:00:00 +0000 0001")),
        "refuse",
        "Line 2",
        "created_at",
        shop=SHOP,
    )
    text_file(
        "twcs-year-9999-minus-14.csv",
        _csv(_mention(created="Fri Dec 31 23:59:59 -1400 9999")),
        "refuse",
        "Line 2",
        "created_at",
        shop=SHOP,
    )
    text_file(
        "twcs-iso-year-0500.csv",
        _csv(_mention(created="0500-06-01T10:00:00Z")),
        "refuse",
        "Line 2",
        "created_at",
        shop=SHOP,
    )
    text_file(
        "twcs-id-1e400.csv",
        _csv(_mention(tweet_id="1e400")),
        "refuse",
        "Line 2",
        "tweet_id",
        shop=SHOP,
    )
    text_file("twcs-id-nan.csv", _csv(_mention(tweet_id="nan")), "refuse", "tweet_id", shop=SHOP)
    text_file(
        "twcs-one-huge-field.csv",
        _csv(_mention(text="y" * 9_000_000)),
        "refuse",
        "twcs-one-huge-field.csv",
        shop=SHOP,
    )
    text_file(
        "twcs-one-huge-line.csv",
        HEADER + "z" * 9_000_000 + "\n",
        "refuse",
        "twcs-one-huge-line.csv",
        shop=SHOP,
    )
    text_file(
        "twcs-unclosed-quote.csv",
        HEADER + "1900000000000000021,maya,True," + GOOD_TIME + ',"never closed\n' * 2,
        "refuse",
        "twcs-unclosed-quote.csv",
        shop=SHOP,
    )
    text_file(
        "twcs-nul-bytes.csv",
        HEADER.encode() + b"\x00" * 5000 + b"\n",
        "refuse",
        "twcs-nul-bytes.csv",
        shop=SHOP,
    )
    # ----- X's archive ---------------------------------------------------------------------------
    text_file("tweets.js-an-object.zip", b"", "refuse", "where X writes a list")
    _archive_zip(
        folder / "tweets.js-an-object.zip",
        {"data/account.js": _account(), "data/tweets.js": _js("tweets", '{"a": 1}')},
    )
    nested = "[" * 40_000 + "]" * 40_000
    text_file("tweets-nested-40000.zip", b"", "refuse", "nests")
    _archive_zip(
        folder / "tweets-nested-40000.zip",
        {"data/account.js": _account(), "data/tweets.js": _js("tweets", nested)},
    )
    text_file("account-nested.zip", b"", "refuse", "account.js")
    _archive_zip(
        folder / "account-nested.zip",
        {
            "data/account.js": _js("account", "[" * 100_000 + "]" * 100_000),
            "data/tweets.js": _js("tweets", "[]"),
        },
    )
    text_file("archive-year-0500.zip", b"", "refuse", "tweets.js", "post 1")
    _archive_zip(
        folder / "archive-year-0500.zip",
        {
            "data/account.js": _account(),
            "data/tweets.js": _js(
                "tweets", json.dumps([_tweet(created_at="Mon Nov 03 10:00:00 +0000 0500")])
            ),
        },
    )
    text_file("archive-id-an-object.zip", b"", "refuse", "tweets.js", "has no id")
    _archive_zip(
        folder / "archive-id-an-object.zip",
        {
            "data/account.js": _account(),
            "data/tweets.js": _js("tweets", json.dumps([_tweet(id_str={"x": 1})])),
        },
    )
    text_file("archive-entities-a-string.zip", b"", "import", "1 shop replies")
    _archive_zip(
        folder / "archive-entities-a-string.zip",
        {
            "data/account.js": _account(),
            "data/tweets.js": _js("tweets", json.dumps([_tweet(entities="nope")])),
        },
    )
    text_file("archive-dm-sender-not-an-id.zip", b"", "refuse", "senderId", "'../x'")
    _archive_zip(
        folder / "archive-dm-sender-not-an-id.zip",
        {
            "data/account.js": _account(),
            "data/direct-messages.js": _js(
                "direct_messages",
                json.dumps(
                    [
                        {
                            "dmConversation": {
                                "conversationId": "1-2",
                                "messages": [
                                    {
                                        "messageCreate": {
                                            "id": "1900000000000000031",
                                            "senderId": "../x",
                                            "recipientId": "1500000000000000001",
                                            "text": "hi",
                                            "createdAt": "2025-11-03T10:00:00.000Z",
                                        }
                                    }
                                ],
                            }
                        }
                    ]
                ),
            ),
        },
    )
    text_file("zip-bomb-many-members.zip", b"", "refuse", "zip bomb")
    megabyte = b"\0" * (1 << 20)
    _many_members_zip(
        folder / "zip-bomb-many-members.zip",
        [("data/account.js", _account().encode())]
        + [(f"data/tweets-part{part}.js", megabyte) for part in range(4000)],
    )
    link_folder = folder / "archive-with-linked-tweets"
    (link_folder / "data").mkdir(parents=True, exist_ok=True)
    (link_folder / "data" / "account.js").write_text(_account(), encoding="utf-8")
    real = folder / "elsewhere-tweets.js"
    real.write_text(_js("tweets", "[]"), encoding="utf-8")
    linked = link_folder / "data" / "tweets.js"
    if linked.is_symlink() or linked.exists():
        linked.unlink()
    os.symlink(real, linked)
    cases.append(Case("archive-with-linked-tweets", link_folder, "refuse", ("link",)))
    return cases


if __name__ == "__main__":
    for case in build(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-files")):
        print(f"{case.expect:7} {case.path}")
