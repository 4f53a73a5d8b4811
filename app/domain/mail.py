"""The e-mail Kindly starts for the owner: address, subject and a body with the context.

It opens in the owner's own mail app through a ``mailto:`` link (RFC 6068), so Kindly never needs
a mail password and the message is sent, and kept, where the owner's other mail is.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote


@dataclass(frozen=True)
class EmailDraft:
    to: str
    subject: str
    body: str

    @property
    def url(self) -> str:
        return mailto_url(self.to, self.subject, self.body)


def mailto_url(to: str, subject: str, body: str) -> str:
    """A ``mailto:`` link; spaces as %20 and line breaks as %0D%0A, as mail apps expect."""
    address = quote(to.strip(), safe="@+._-!$'*")
    query = []
    if subject:
        query.append("subject=" + quote(subject, safe=""))
    if body:
        body = body.replace("\r\n", "\n").replace("\n", "\r\n")
        query.append("body=" + quote(body, safe=""))
    return f"mailto:{address}" + ("?" + "&".join(query) if query else "")


def compose_email(
    *,
    to: str,
    shop_name: str,
    topic: str,
    first_name: str,
    post_text: str | None,
    dm_text: str | None,
    signature: str,
) -> EmailDraft:
    """The start of the promised e-mail: a greeting, what it is about, room to write, signature."""
    shop = shop_name.strip() or "our shop"
    subject = f"{shop}: {topic}" if topic else f"{shop}: your message"
    lines = [f"Hi {first_name}," if first_name else "Hi,", ""]
    lines.append(f"Thank you for getting in touch with {shop} on X, and for your patience.")
    lines += ["", "", ""]
    context = []
    if post_text:
        context.append(f"Your post: “{_one_line(post_text)}”")
    if dm_text:
        context.append(f"Your message: “{_one_line(dm_text)}”")
    closing = [signature.strip()] if signature.strip() else [f"— {shop}"]
    body = "\n".join(lines + closing + ([""] + ["---"] + context if context else []))
    return EmailDraft(to=to, subject=subject, body=body)


def first_name_of(name: str, handle: str) -> str:
    """What to call them: the first word of their display name when it looks like a name."""
    word = (name or "").strip().split(" ")[0] if name else ""
    word = "".join(ch for ch in word if ch.isalpha() or ch in "-'")
    if word and word[0].isalpha():
        return word[:1].upper() + word[1:]
    return ""


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 280 else text[:279] + "…"
