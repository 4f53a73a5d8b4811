"""Fuzzing every parser that reads outside input: nothing crashes, a failed import writes nothing.

Each parser gets real input (the shared samples, X's recorded answers, a Kindly export of the demo
shop) mangled by hypothesis: values of the wrong type, keys gone, bytes cut or inserted, whole
structures swapped. The only failure allowed out is a ``KindlyError`` (plain words for the owner);
after a failed import every table holds exactly what it held before.

Bounded in the suite (a few dozen examples each). For a long run:

    KINDLY_FUZZ=long make test            # or: KINDLY_FUZZ=long pytest tests/app/test_fuzz_*.py

``KINDLY_FUZZ=long`` runs 2,000 examples per parser (``KINDLY_FUZZ_EXAMPLES`` sets another number).
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.clock import FakeClock
from app.domain import x_models
from app.domain.contacts import find_emails, is_email
from app.domain.links import clean_handle, parse_post_link
from app.errors import KindlyError
from app.importers import run_import
from app.services.oembed import parse_oembed
from tests.conftest import NOW, SHARED_DATA

LONG = os.environ.get("KINDLY_FUZZ") == "long"
EXAMPLES = int(os.environ.get("KINDLY_FUZZ_EXAMPLES") or (2000 if LONG else 0))


def fuzz(examples: int):
    """Hypothesis settings: ``examples`` in the suite, the long count under KINDLY_FUZZ=long."""
    return settings(
        max_examples=EXAMPLES or examples,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
        derandomize=not LONG,  # the suite's examples are the same on every run
    )


# ----- mangling ---------------------------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**64)
    | st.floats(allow_nan=True)
    | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, (*path, i))


def _replace(value, path, new):
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        out = dict(value)
        if new is _DELETE and not rest:
            out.pop(head, None)
        else:
            out[head] = _replace(value[head], rest, new)
        return out
    out = list(value)
    if new is _DELETE and not rest:
        del out[head]
    else:
        out[head] = _replace(value[head], rest, new)
    return out


_DELETE = object()


@st.composite
def mangled(draw, base, changes: int = 3):
    """``base`` with up to ``changes`` of its values replaced, deleted or retyped."""
    value = base
    for _ in range(draw(st.integers(1, changes))):
        paths = list(_paths(value))
        path = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["replace", "delete", "stringify", "listify", "keep"]))
        if action == "delete" and path:
            value = _replace(value, path, _DELETE)
        elif action == "replace":
            value = _replace(value, path, draw(json_values))
        elif action == "stringify":
            value = _replace(value, path, json.dumps(_get(value, path))[:40])
        elif action == "listify":
            value = _replace(value, path, [_get(value, path)])
    return value


def _get(value, path):
    for step in path:
        value = value[step]
    return value


@st.composite
def mangled_bytes(draw, base: bytes):
    """``base`` cut short, with bytes inserted, or with a slice overwritten."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data)))
        how = draw(st.sampled_from(["cut", "insert", "overwrite"]))
        if how == "cut":
            del data[at:]
        elif how == "insert":
            data[at:at] = draw(st.binary(max_size=24))
        else:
            noise = draw(st.binary(min_size=1, max_size=24))
            data[at : at + len(noise)] = noise
    return bytes(data)


# ----- a fresh workspace per example, and what "nothing changed" means ---------------------------


def fresh_workspace():
    from app.workspace import open_workspace

    return open_workspace(None, FakeClock(NOW))


def row_counts(ws) -> dict[str, int]:
    names = [
        n
        for (n,) in ws.db.execute(
            "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'"
            " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'posts_fts%'"
        ).fetchall()
    ]
    return {n: ws.db.execute(f"SELECT count(*) FROM [{n}]").fetchone()[0] for n in names}


def import_or_fail_cleanly(ws, path: Path, fmt: str, shop: str | None = None) -> bool:
    """True if it imported; a failure must be a KindlyError that changed nothing."""
    before = row_counts(ws)
    try:
        run_import(ws, path, fmt, shop)
    except KindlyError as exc:
        assert str(exc).strip(), "a failure says what went wrong"
        assert row_counts(ws) == before, "a failed import changed the database"
        return False
    counts = ws.posts.counts()
    assert counts == {f: ws.posts.counted(f) for f in counts}, "counts kept by triggers drifted"
    return True


def shared(*parts: str) -> Path:
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared test data not present: {path}")
    return path


# ----- twcs CSV -----------------------------------------------------------------------------------

CSV_HEADER = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id"
cells = st.one_of(
    st.sampled_from(
        [
            "1",
            "2",
            "3",
            "0",
            "-4",
            "1.0",
            "1e5",
            "",
            " ",
            "NaN",
            "9" * 30,
            "True",
            "False",
            "Tue Oct 31 22:10:47 +0000 2017",
            "2017-10-31T22:10:47Z",
            "@shop hi",
            "@shop my order never came",
            "1,2",
            '"',
            "\r",
            "\n",
            "\x00",
        ]
    ),
    st.text(max_size=20),
)


@fuzz(40)
@given(
    rows=st.lists(st.lists(cells, min_size=5, max_size=8), min_size=1, max_size=8),
    header=st.sampled_from([CSV_HEADER, CSV_HEADER.upper(), "a,b,c", ""]),
)
def test_twcs_rows_of_any_shape(tmp_path_factory, rows, header):
    import csv

    buffer = io.StringIO()
    buffer.write(header + "\n")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path = tmp_path_factory.mktemp("twcs") / "f.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    ws = fresh_workspace()
    try:
        import_or_fail_cleanly(ws, path, "twcs", "shop")
    finally:
        ws.close()


@cache
def _twcs_base() -> bytes:
    return shared("twcs", "kaggle_sample.csv").read_bytes()[:6000]


@fuzz(30)
@given(data=st.data())
def test_twcs_file_bytes_mangled(tmp_path_factory, data):
    content = data.draw(mangled_bytes(_twcs_base()))
    path = tmp_path_factory.mktemp("twcs") / "m.csv"
    path.write_bytes(content)
    ws = fresh_workspace()
    try:
        import_or_fail_cleanly(ws, path, "twcs", "AppleSupport")
    finally:
        ws.close()


# ----- X's archive (JS in a zip or a folder) ------------------------------------------------------


def _archive_json(name: str, items: int | None = None):
    text = shared("x-archive-milahu104", "data", name).read_text(encoding="utf-8")
    value = json.loads(text[text.index("=") + 1 :])
    return value[:items] if items is not None else value


@cache
def _archive_base() -> dict:
    return {
        "account.js": _archive_json("account.js"),
        "tweets.js": _archive_json("tweets.js", 4),
        "direct-messages.js": _archive_json("direct-messages.js", 1),
    }


_PREFIX = {
    "account.js": "window.YTD.account.part0 = ",
    "tweets.js": "window.YTD.tweets.part0 = ",
    "direct-messages.js": "window.YTD.direct_messages.part0 = ",
}


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(f"data/{name}", body)
    return buffer.getvalue()


@fuzz(40)
@given(data=st.data())
def test_archive_js_mangled(tmp_path_factory, data):
    base = _archive_base()
    members = {}
    for name, value in base.items():
        body = data.draw(mangled(value)) if data.draw(st.booleans()) else value
        text = _PREFIX[name] + json.dumps(body)
        if data.draw(st.integers(0, 5)) == 0:
            text = data.draw(mangled_bytes(text.encode())).decode("utf-8", "replace")
        members[name] = text.encode("utf-8")
    folder = tmp_path_factory.mktemp("archive")
    path = folder / "archive.zip"
    raw = _zip(members)
    if data.draw(st.integers(0, 6)) == 0:  # a damaged zip, not only damaged content
        raw = data.draw(mangled_bytes(raw))
    path.write_bytes(raw)
    ws = fresh_workspace()
    try:
        import_or_fail_cleanly(ws, path, "archive")
    finally:
        ws.close()


# ----- Kindly's own JSON export -------------------------------------------------------------------


@cache
def _export_base() -> dict:
    import tempfile

    from app.services.demo import load_demo
    from app.services.exporter import export_json

    ws = fresh_workspace()
    load_demo(ws)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "export.json"
        export_json(ws.db, target, ws.clock)
        value = json.loads(target.read_text(encoding="utf-8"))
    ws.close()
    # A few rows of each table keep every example quick.
    if isinstance(value, dict):
        for key, rows in list(value.items()):
            if isinstance(rows, list):
                value[key] = rows[:3]
            elif isinstance(rows, dict):
                value[key] = {t: (r[:3] if isinstance(r, list) else r) for t, r in rows.items()}
    return value


@fuzz(40)
@given(data=st.data())
def test_kindly_export_mangled(tmp_path_factory, data):
    base = _export_base()
    value = data.draw(mangled(base, changes=4))
    text = json.dumps(value)
    if data.draw(st.integers(0, 4)) == 0:
        text = data.draw(mangled_bytes(text.encode())).decode("utf-8", "replace")
    path = tmp_path_factory.mktemp("kindly") / "export.json"
    path.write_text(text, encoding="utf-8")
    ws = fresh_workspace()
    try:
        import_or_fail_cleanly(ws, path, "kindly")
    finally:
        ws.close()


# ----- X API answers --------------------------------------------------------------------------------


def _recorded(*parts: str):
    return json.loads(shared("x-api-v2-examples", "python-twitter-testdata", *parts).read_text())


PARSERS = {
    "mentions": (x_models.parse_posts_page, ("apis", "timeline", "timeline_mentions.json")),
    "dm events": (x_models.parse_dm_page, ("apis", "dm_events", "events.json")),
    "me": (x_models.parse_me, ("apis", "user", "me_resp.json")),
    "created post": (x_models.parse_created_post, ("apis", "tweet", "create_tweet_resp.json")),
}


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_x_answers_mangled(name):
    parse, parts = PARSERS[name]
    base = _recorded(*parts)
    parse(base)  # the real answer reads

    @fuzz(60)
    @given(body=mangled(base))
    def check(body):
        try:
            parse(body)
        except KindlyError:
            pass

    check()


@fuzz(60)
@given(body=json_values)
def test_x_answers_of_any_shape(body):
    for parse in (
        x_models.parse_posts_page,
        x_models.parse_dm_page,
        x_models.parse_me,
        x_models.parse_created_post,
        x_models.parse_created_dm,
        x_models.parse_token_response,
    ):
        try:
            parse(body)
        except KindlyError:
            pass
    assert isinstance(x_models.problem_text(body), str)


# ----- oEmbed, pasted links, e-mail addresses ------------------------------------------------------

OEMBED = {
    "url": "https://twitter.com/maya_k/status/1860000000000000001",
    "author_name": "Maya",
    "author_url": "https://twitter.com/maya_k",
    "html": '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">@lunabeads my ring is '
    'gorgeous &amp; so shiny</p>&mdash; Maya (@maya_k) <a href="https://twitter.com/'
    'maya_k/status/1860000000000000001">November 20, 2026</a></blockquote>',
    "type": "rich",
    "version": "1.0",
}
html_bits = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<a href='x'>",
        "</a>",
        "<blockquote>",
        "&amp;",
        "&#x1F600;",
        "&bogus;",
        "<",
        ">",
        "<!--",
        "<script>",
        "]]>",
        "\x00",
    ]
)


@fuzz(80)
@given(
    body=mangled(OEMBED) | st.dictionaries(st.sampled_from(list(OEMBED)), json_values),
    html=st.lists(html_bits | st.text(max_size=10), max_size=12).map("".join),
)
def test_oembed_answers(body, html):
    for candidate in (body, {**OEMBED, "html": html}):
        try:
            post = parse_oembed(candidate, "1860000000000000001")
        except KindlyError:
            continue
        assert post.text and post.handle


link_parts = st.sampled_from(
    [
        "https://",
        "http://",
        "x.com/",
        "twitter.com/",
        "mobile.twitter.com/",
        "www.x.com/",
        "maya_k",
        "/status/",
        "/statuses/",
        "1860000000000000001",
        "?s=20",
        "#frag",
        "i/web",
        "@",
        " ",
        "/",
        "%2F",
        "\u200b",
        "ｘ.com",
        "..",
        "999999999999999999999999999999",
    ]
)


@fuzz(150)
@given(text=st.lists(link_parts | st.text(max_size=6), max_size=10).map("".join))
def test_pasted_links_and_handles(text):
    link = parse_post_link(text)
    if link is not None:
        assert link.post_id.isdigit() and link.url.startswith("https://")
    handle = clean_handle(text)
    assert handle is None or (1 <= len(handle) <= 15)


email_parts = st.sampled_from(
    [
        "maya",
        "@",
        " at ",
        "(at)",
        "[at]",
        " dot ",
        ".",
        "example",
        "com",
        "co.uk",
        "+tag",
        "_",
        "-",
        "ü",
        "例え",
        "xn--",
        " ",
        "\n",
        "mailto:",
        "<",
        ">",
        '"',
        "..",
        "@@",
        "\u00a0",
    ]
)


@fuzz(150)
@given(text=st.lists(email_parts | st.text(max_size=8), max_size=16).map("".join))
def test_find_emails(text):
    found = find_emails(text)
    assert len(found) == len(set(found))
    for address in found:
        assert "@" in address and address == address.lower()
    assert isinstance(is_email(text), bool)
