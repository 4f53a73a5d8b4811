"""What X's API v2 answers, as plain dataclasses, and the parsers that read its JSON.

The parsers are deliberately tolerant of what X leaves out (fields not requested, old recorded
answers, the spec's renamed ``post``/``tweet`` field names) and strict about what Kindly cannot
do without: an answer that is not the expected shape raises ``MalformedAnswer`` and nothing is
stored from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.domain.times import parse_iso
from app.errors import KindlyError


class MalformedAnswer(KindlyError):
    """X answered, but not in a shape Kindly understands; nothing was changed."""

    def __init__(self, what: str):
        super().__init__(f"X sent an answer Kindly could not read ({what}). Nothing was changed.")
        self.what = what


@dataclass(frozen=True)
class XUser:
    id: str
    username: str
    name: str = ""
    profile_image_url: str | None = None
    followers_count: int | None = None


@dataclass(frozen=True)
class XPost:
    id: str
    text: str
    author_id: str | None = None
    created_at: datetime | None = None
    conversation_id: str | None = None
    in_reply_to_user_id: str | None = None
    replied_to_id: str | None = None
    quoted_id: str | None = None
    mentioned_usernames: tuple[str, ...] = ()
    edit_history_ids: tuple[str, ...] = ()  # oldest first; the last is this version
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def earlier_versions(self) -> tuple[str, ...]:
        """Ids of the versions this edited post replaces (none for an unedited post)."""
        return tuple(i for i in self.edit_history_ids if i != self.id)


@dataclass(frozen=True)
class XDmEvent:
    id: str
    event_type: str
    text: str = ""
    sender_id: str | None = None
    dm_conversation_id: str | None = None
    created_at: datetime | None = None
    participant_ids: tuple[str, ...] = ()
    raw: dict = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class XProblem:
    title: str
    detail: str
    type: str = ""


@dataclass(frozen=True)
class PostsPage:
    posts: list[XPost]
    users: dict[str, XUser]
    referenced: dict[str, XPost]
    next_token: str | None
    newest_id: str | None
    oldest_id: str | None
    result_count: int
    problems: list[XProblem] = field(default_factory=list)


@dataclass(frozen=True)
class DmPage:
    events: list[XDmEvent]
    users: dict[str, XUser]
    next_token: str | None
    result_count: int
    problems: list[XProblem] = field(default_factory=list)


@dataclass(frozen=True)
class CreatedPost:
    id: str
    text: str


@dataclass(frozen=True)
class CreatedDm:
    dm_event_id: str
    dm_conversation_id: str


@dataclass(frozen=True)
class TokenGrant:
    """What the token endpoint returned: held in memory and the keychain only, never logged."""

    access_token: str
    refresh_token: str | None
    expires_in: int | None
    scope: str = ""

    def __repr__(self) -> str:  # keep tokens out of tracebacks and logs
        return f"TokenGrant(expires_in={self.expires_in!r}, scope={self.scope!r})"


# ----- helpers ---------------------------------------------------------------------------------


def unescape_x(text: str) -> str:
    """X sends post and DM text with ``&``, ``<`` and ``>`` HTML-escaped (``&amp;`` in every
    recorded answer); people wrote the characters. Only those three are X's doing."""
    if "&" not in text:
        return text
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


_LEADING_HANDLES = re.compile(r"^(?:\s*@\w{1,15}\b)+")


def comparable_text(text: str) -> str:
    """What two copies of one reply or DM share: X escapes ``&<>``, may put "@name " in front
    (the web app's replies), shortens links (t.co) and trims spaces; compare what is left."""
    text = unescape_x(text)
    text = _LEADING_HANDLES.sub("", text)
    text = re.sub(r"https?://\S+", "", text)
    return " ".join(text.split()).casefold()


def _object(value: Any, what: str) -> dict:
    if not isinstance(value, dict):
        raise MalformedAnswer(what)
    return value


def _list(value: Any, what: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise MalformedAnswer(what)
    return value


def _str(value: Any, what: str) -> str | None:
    if value is None:
        return None
    return _required_str(value, what)


def _required_str(value: Any, what: str) -> str:
    if value is None or isinstance(value, bool) or not isinstance(value, (str, int)):
        raise MalformedAnswer(what)
    return str(value)


def _time(value: Any, what: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise MalformedAnswer(what)
    try:
        return parse_iso(value)
    except ValueError as exc:
        raise MalformedAnswer(what) from exc


def _problems(body: dict) -> list[XProblem]:
    result = []
    for item in _list(body.get("errors"), "errors is not a list"):
        if isinstance(item, dict):
            result.append(
                XProblem(
                    title=str(item.get("title") or item.get("message") or ""),
                    detail=str(item.get("detail") or item.get("message") or ""),
                    type=str(item.get("type") or ""),
                )
            )
    return result


# ----- parsers ---------------------------------------------------------------------------------


def parse_user(value: Any) -> XUser:
    data = _object(value, "a user is not an object")
    metrics = data.get("public_metrics")
    if not isinstance(metrics, dict):
        metrics = {}
    followers = metrics.get("followers_count")
    return XUser(
        id=_required_str(data.get("id"), "a user has no id"),
        username=_required_str(data.get("username"), "a user has no username"),
        name=_str(data.get("name"), "a user's name") or "",
        profile_image_url=_str(data.get("profile_image_url"), "a user's picture"),
        followers_count=followers if isinstance(followers, int) else None,
    )


def parse_post(value: Any) -> XPost:
    data = _object(value, "a post is not an object")
    replied_to = quoted = None
    references = data.get("referenced_tweets", data.get("referenced_posts"))
    for ref in _list(references, "referenced posts are not a list"):
        ref = _object(ref, "a referenced post is not an object")
        kind = ref.get("type")
        ref_id = _required_str(ref.get("id"), "a referenced post has no id")
        if kind == "replied_to":
            replied_to = ref_id
        elif kind == "quoted":
            quoted = ref_id
    mentioned: list[str] = []
    entities = data.get("entities")
    if isinstance(entities, dict):
        for mention in _list(entities.get("mentions"), "mentions are not a list"):
            if isinstance(mention, dict) and isinstance(mention.get("username"), str):
                mentioned.append(mention["username"])
    # A long post (over 280) has its whole text only in note_tweet (note_post in the spec's
    # naming); `text` is then cut short. A post with neither is not readable.
    text = data.get("text")
    note = data.get("note_tweet") or data.get("note_post")
    if isinstance(note, dict) and isinstance(note.get("text"), str) and note["text"]:
        text = note["text"]
    if not isinstance(text, str):
        raise MalformedAnswer("a post has no text")
    history = data.get("edit_history_tweet_ids", data.get("edit_history_post_ids"))
    edits = tuple(
        _required_str(i, "an edit history id")
        for i in _list(history, "the edit history is not a list")
    )
    return XPost(
        id=_required_str(data.get("id"), "a post has no id"),
        text=unescape_x(text),
        author_id=_str(data.get("author_id"), "a post's author"),
        created_at=_time(data.get("created_at"), "a post's time"),
        conversation_id=_str(data.get("conversation_id"), "a post's conversation"),
        in_reply_to_user_id=_str(data.get("in_reply_to_user_id"), "a post's reply target"),
        replied_to_id=replied_to,
        quoted_id=quoted,
        mentioned_usernames=tuple(mentioned),
        edit_history_ids=edits,
        raw=data,
    )


def parse_dm_event(value: Any) -> XDmEvent:
    data = _object(value, "a DM event is not an object")
    participants = [
        _required_str(p, "a DM participant")
        for p in _list(data.get("participant_ids"), "DM participants are not a list")
    ]
    text = data.get("text", "")
    if not isinstance(text, str):
        raise MalformedAnswer("a DM's text")
    return XDmEvent(
        id=_required_str(data.get("id"), "a DM event has no id"),
        event_type=_str(data.get("event_type"), "a DM event's type") or "MessageCreate",
        text=unescape_x(text),
        sender_id=_str(data.get("sender_id"), "a DM's sender"),
        dm_conversation_id=_str(data.get("dm_conversation_id"), "a DM's conversation"),
        created_at=_time(data.get("created_at"), "a DM's time"),
        participant_ids=tuple(participants),
        raw=data,
    )


def parse_me(body: Any) -> XUser:
    body = _object(body, "the answer is not an object")
    if "data" not in body:
        raise MalformedAnswer("no account in the answer")
    return parse_user(body["data"])


def _includes(body: dict) -> tuple[dict[str, XUser], dict[str, XPost]]:
    includes = body.get("includes") or {}
    includes = _object(includes, "includes is not an object")
    users = {}
    for item in _list(includes.get("users"), "included users are not a list"):
        user = parse_user(item)
        users[user.id] = user
    referenced = {}
    posts = includes.get("tweets", includes.get("posts"))  # the spec's 2.167 naming: posts
    for item in _list(posts, "included posts are not a list"):
        post = parse_post(item)
        referenced[post.id] = post
    return users, referenced


def _meta(body: dict) -> dict:
    return _object(body.get("meta") or {}, "meta is not an object")


def parse_posts_page(body: Any) -> PostsPage:
    """A page of posts: mentions, or the shop's own timeline."""
    body = _object(body, "the answer is not an object")
    posts = [parse_post(item) for item in _list(body.get("data"), "data is not a list")]
    users, referenced = _includes(body)
    meta = _meta(body)
    count = meta.get("result_count", len(posts))
    if not isinstance(count, int):
        raise MalformedAnswer("result_count is not a number")
    return PostsPage(
        posts=posts,
        users=users,
        referenced=referenced,
        next_token=_str(meta.get("next_token"), "next_token"),
        newest_id=_str(meta.get("newest_id"), "newest_id"),
        oldest_id=_str(meta.get("oldest_id"), "oldest_id"),
        result_count=count,
        problems=_problems(body),
    )


def parse_dm_page(body: Any) -> DmPage:
    body = _object(body, "the answer is not an object")
    events = [parse_dm_event(item) for item in _list(body.get("data"), "data is not a list")]
    users, _ = _includes(body)
    meta = _meta(body)
    count = meta.get("result_count", len(events))
    if not isinstance(count, int):
        raise MalformedAnswer("result_count is not a number")
    return DmPage(
        events=events,
        users=users,
        next_token=_str(meta.get("next_token"), "next_token"),
        result_count=count,
        problems=_problems(body),
    )


def parse_created_post(body: Any) -> CreatedPost:
    body = _object(body, "the answer is not an object")
    data = _object(body.get("data"), "no post in the answer")
    return CreatedPost(
        id=_required_str(data.get("id"), "the new post has no id"),
        text=_str(data.get("text"), "the new post's text") or "",
    )


def parse_created_dm(body: Any) -> CreatedDm:
    body = _object(body, "the answer is not an object")
    data = _object(body.get("data"), "no message in the answer")
    return CreatedDm(
        dm_event_id=_required_str(data.get("dm_event_id"), "the new message has no id"),
        dm_conversation_id=_str(data.get("dm_conversation_id"), "the conversation") or "",
    )


def parse_token_response(body: Any) -> TokenGrant:
    body = _object(body, "the token answer is not an object")
    access = body.get("access_token")
    if not isinstance(access, str) or not access:
        raise MalformedAnswer("no access token")
    refresh = body.get("refresh_token")
    if refresh is not None and not isinstance(refresh, str):
        raise MalformedAnswer("the refresh token")
    expires = body.get("expires_in")
    if expires is not None:
        try:
            expires = int(expires)
        except (TypeError, ValueError) as exc:
            raise MalformedAnswer("expires_in") from exc
    scope = body.get("scope", "")
    if isinstance(scope, list):
        scope = " ".join(str(s) for s in scope)
    return TokenGrant(
        access_token=access, refresh_token=refresh, expires_in=expires, scope=str(scope or "")
    )


NAMING_PARAMETERS = ("tweet.fields", "post.fields", "expansions")


def names_a_naming_parameter(body: Any) -> bool:
    """Does this 400 answer refuse a field or expansion parameter (``tweet.fields`` or
    ``post.fields``, or an ``expansions`` value)? X names the parameter in ``errors[].parameters``
    and in the message; a refused pagination token or ``max_results`` does not count."""
    if not isinstance(body, dict) or not isinstance(body.get("errors"), list):
        return False
    for error in body["errors"]:
        if not isinstance(error, dict):
            continue
        parameters = error.get("parameters")
        if isinstance(parameters, dict) and any(p in NAMING_PARAMETERS for p in parameters):
            return True
        message = str(error.get("message") or "")
        if any(f"[{p}]" in message or f"`{p}`" in message for p in NAMING_PARAMETERS):
            return True
    return False


def problem_type(body: Any) -> str:
    """The problem's ``type`` URI and ``title`` in one lower-case string ('' if none)."""
    if not isinstance(body, dict):
        return ""
    return f"{body.get('type') or ''} {body.get('title') or ''}".lower()


def problem_text(body: Any) -> str:
    """The most useful human sentence in an error answer ('' if none)."""
    if not isinstance(body, dict):
        return ""
    for key in ("detail", "title", "error_description", "message"):
        value = body.get(key)
        if isinstance(value, str) and value:
            return value
    errors = body.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return problem_text(errors[0])
    return ""
