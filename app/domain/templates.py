"""Saved replies in the shop's voice, with fields Kindly fills itself or asks for.

A template's body holds fields in braces: ``{first_name}``, ``{handle}``, ``{shop}``, ``{owner}``,
``{signature}``, ``{email}``, ``{website}`` and ``{phone}`` fill themselves from the customer and the
shop (set once at the first start or in Settings → Shop); any other field (``{order_number}``,
``{tracking_link}``, …) is asked for before the text goes into the reply. ``{{`` and ``}}`` stand for
a literal brace.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from app.domain.models import Shop
from app.errors import ValidationError

AUTO_FIELDS = ("first_name", "handle", "shop", "owner", "signature", "email", "website", "phone")
MAX_NAME = 80
MAX_BODY = 5_000

_FIELD = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class Template:
    id: int
    name: str
    body: str
    position: int


@dataclass(frozen=True)
class Filled:
    """A template's text with every field Kindly could fill; ``missing`` lists the others."""

    text: str
    missing: tuple[str, ...]


def fields_in(body: str) -> list[str]:
    """The fields of a template body, in order of first appearance."""
    seen: list[str] = []
    for match in _FIELD.finditer(body):
        name = match.group(1)
        if name and name not in seen:
            seen.append(name)
    return seen


def fill(body: str, values: dict[str, str]) -> Filled:
    """Put ``values`` into the body's fields; a field with no (or an empty) value stays as it is."""
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        name = match.group(1)
        value = values.get(name, "")
        if value:
            return value
        if name not in missing:
            missing.append(name)
        return token

    text = _FIELD.sub(replace, body)
    return Filled(text=text, missing=tuple(missing))


def field_label(name: str) -> str:
    """'order_number' → 'Order number' (the question the owner is asked)."""
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def first_name(name: str, handle: str) -> str:
    """The customer's first name for a greeting; '' when their display name does not give one."""
    for word in re.split(r"\s+", name.strip()):
        letters = re.sub(r"[^\w'’-]", "", word)
        if letters and any(c.isalpha() for c in letters) and not letters.startswith("_"):
            if letters.isupper() and len(letters) > 1:
                letters = letters.capitalize()
            return letters
    return ""


def auto_values(
    *,
    person_name: str = "",
    handle: str = "",
    shop_name: str = "",
    signature: str = "",
    owner: str = "",
    email: str = "",
    website: str = "",
    phone: str = "",
) -> dict[str, str]:
    """The values of the fields Kindly fills itself, for one customer and the shop. With no
    signature of its own the shop signs "— Maya at Juniper & Gold" from what it has."""
    if not signature and owner:
        signature = f"— {owner} at {shop_name}" if shop_name else f"— {owner}"
    return {
        "first_name": first_name(person_name, handle),
        "handle": f"@{handle}" if handle else "",
        "shop": shop_name,
        "owner": owner,
        "signature": signature,
        "email": email,
        "website": website,
        "phone": phone,
    }


def shop_values(shop: Shop, *, person_name: str = "", handle: str = "") -> dict[str, str]:
    """``auto_values`` for this shop's details and one customer."""
    return auto_values(
        person_name=person_name,
        handle=handle,
        shop_name=shop.name,
        signature=shop.signature,
        owner=shop.owner_name,
        email=shop.email,
        website=shop.website,
        phone=shop.phone,
    )


def validate(name: str, body: str) -> tuple[str, str]:
    """The cleaned name and body, or a ValidationError naming the field to fix."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError("Give the template a short name, like “Sorry — DM us”.", "name")
    if len(name) > MAX_NAME:
        raise ValidationError(f"Keep the name under {MAX_NAME} characters.", "name")
    body = body.strip()
    if not body:
        raise ValidationError("Write the reply this template inserts.", "body")
    if len(body) > MAX_BODY:
        raise ValidationError(f"A template holds at most {MAX_BODY:,} characters.", "body")
    stray = re.sub(_FIELD, "", body)
    if "{" in stray or "}" in stray:
        raise ValidationError(
            "A field is a name in braces, like {first_name} or {order_number}; "
            "check the braces (write {{ or }} for a brace on its own).",
            "body",
        )
    return name, body


THANK_YOU_WORDS = ("thank",)


def thank_you_template(templates: Iterable[Template]) -> Template | None:
    """The template People's "Thank them" starts a reply with: the first whose name says thanks."""
    return next(
        (t for t in templates if any(word in t.name.lower() for word in THANK_YOU_WORDS)), None
    )


def rank_templates(templates: Iterable[Template], query: str) -> list[Template]:
    """The templates that match every word of ``query`` (in the name or the body), names first.

    Whoever types "sorry" wants the template called "Sorry — a problem" before the five whose text
    says sorry: a name that starts with the query first, then names holding every word, then
    names holding some, then matches in the body only; the owner's order within each.
    """
    words = query.lower().split()
    if not words:
        return list(templates)
    ranked: list[tuple[int, int, Template]] = []
    for position, template in enumerate(templates):
        name = template.name.lower()
        if not all(word in f"{name} {template.body.lower()}" for word in words):
            continue
        in_name = sum(word in name for word in words)
        if name.startswith(" ".join(words)):
            rank = 0
        elif in_name == len(words):
            rank = 1
        elif in_name:
            rank = 2
        else:
            rank = 3
        ranked.append((rank, position, template))
    return [template for _, _, template in sorted(ranked, key=lambda r: (r[0], r[1]))]
