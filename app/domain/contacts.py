"""Finding the e-mail addresses customers send in their DMs.

Customers write addresses every way people do: plain, in <angle brackets>, with +tags, with
non-Latin domains, and spelled out against bots ("anna dot k at example dot com",
"anna[at]example[.]com"). Kindly needs the address they meant, lower-cased, once each, and nothing
that only looks like one (a handle, "image@2x.png", an order or phone number).
"""

from __future__ import annotations

import re
import unicodedata

# Letters and digits in any script: internationalised local parts and domains are normal.
_ALNUM = r"[^\W_]"
_LOCAL = r"[\w+-]+(?:[.'][\w+-]+)*"
_LABEL = rf"{_ALNUM}(?:[\w-]{{0,61}}{_ALNUM})?"
_DOMAIN = rf"(?:{_LABEL}\.)+{_LABEL}"

# A plain address. The look-behind keeps "x.com/anna@..." paths and handles ("@@") out; the
# look-ahead refuses a domain that carries on into more address-like text ("a@b.com@c").
_PLAIN = re.compile(
    rf"(?<![\w.@/%+-])(?P<local>{_LOCAL})@(?P<domain>{_DOMAIN})(?![\w@-]|\.{_ALNUM})",
    re.UNICODE,
)

# Spelled-out forms: "at" and "dot" as words, or wrapped in brackets: (at) [at] {at} <at> [.].
_AT = r"(?:\s*[\[(<{]\s*(?:at|AT|@)\s*[\])>}]\s*|\s+(?:at|AT|@)\s+)"
_DOT_WORD = r"(?:\s*[\[(<{]\s*(?:dot|DOT|\.)\s*[\])>}]\s*|\s+(?:dot|DOT)\s+)"
_DOT_ANY = rf"(?:{_DOT_WORD}|\.)"
_WORD = rf"{_ALNUM}[\w+-]*"
_SPELLED = re.compile(
    rf"(?<![\w.@])(?P<local>{_WORD}(?:{_DOT_ANY}{_WORD})*)"
    rf"(?P<at>{_AT})"
    rf"(?P<domain>{_ALNUM}[\w-]*(?:{_DOT_ANY}{_ALNUM}[\w-]*)+)(?![\w@])",
    re.UNICODE,
)
# Just before "name at domain.com" with no other disguise, only words like these make it an
# address ("I bought it at example.com" is a shop; "my email is anna at example.com" is not).
_CUE = re.compile(r"(?:e-?mail|mail|address|addy|contact)\s*(?:is|:|-|=|me|to)?\s*$", re.I)

# Endings of things that look like addresses but are files or screen densities ("logo@2x.png").
_NOT_TLDS = {
    "png",
    "jpg",
    "jpeg",
    "gif",
    "webp",
    "svg",
    "heic",
    "bmp",
    "tif",
    "tiff",
    "ico",
    "mp4",
    "mov",
    "avi",
    "mp3",
    "wav",
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "ppt",
    "txt",
    "csv",
    "zip",
    "js",
    "css",
    "html",
    "htm",
    "php",
    "json",
    "xml",
    "py",
    "exe",
}
# The endings a spelled-out domain may have with a plain-word "at"; elsewhere it is prose.
_SPELLED_TLDS = {
    "com",
    "net",
    "org",
    "edu",
    "gov",
    "io",
    "co",
    "me",
    "uk",
    "us",
    "ca",
    "au",
    "nz",
    "ie",
    "de",
    "fr",
    "es",
    "it",
    "nl",
    "be",
    "ch",
    "at",
    "se",
    "no",
    "dk",
    "fi",
    "pl",
    "pt",
    "jp",
    "in",
    "br",
    "mx",
    "info",
    "biz",
    "shop",
    "store",
    "email",
    "mail",
    "online",
    "xyz",
    "app",
    "dev",
    "example",
    "eu",
    "ru",
    "cz",
    "gr",
    "tr",
    "za",
    "sg",
    "hk",
    "kr",
    "cn",
    "tw",
}
# Mail services: "anna at gmail.com" is an address even without "my email is" before it.
_MAIL_HOSTS = {
    "gmail",
    "googlemail",
    "yahoo",
    "hotmail",
    "outlook",
    "icloud",
    "aol",
    "proton",
    "protonmail",
    "gmx",
    "live",
    "msn",
    "me",
    "mac",
    "yandex",
    "zoho",
    "btinternet",
}


def find_emails(text: str) -> list[str]:
    """Every e-mail address in ``text``, in the order written, lower-cased, each once."""
    if not text:
        return []
    result: list[str] = []
    for _, _, address in email_spans(unicodedata.normalize("NFC", text)):
        if address not in result:
            result.append(address)
    return result


def email_spans(text: str) -> list[tuple[int, int, str]]:
    """Where each e-mail address is in ``text``: (start, end, the address lower-cased).

    The one reader of addresses: the DM reader lists them and the privacy check marks them in a
    public reply, so both find "anna dot k at gmail dot com" and non-Latin domains alike.
    """
    if not text:
        return []
    found: list[tuple[int, int, str]] = []
    for match in _PLAIN.finditer(text):
        address = _clean(match.group("local"), match.group("domain"))
        if address:
            found.append((match.start(), match.end(), unicodedata.normalize("NFC", address)))
    taken = [(start, end) for start, end, _ in found]
    position = 0
    while (spelled := _SPELLED.search(text, position)) is not None:
        if any(start < spelled.end() and spelled.start() < end for start, end in taken):
            position = spelled.end()
            continue
        address = _spelled(text, spelled)
        if address:
            found.append((spelled.start(), spelled.end(), unicodedata.normalize("NFC", address)))
            position = spelled.end()
        else:
            # "email us at anna dot k at gmail dot com": "us at anna dot k" is no address, but
            # the words after its "at" may start one; look again from there.
            position = spelled.start("at") + 1
    return sorted(found)


def is_email(text: str) -> bool:
    """True when ``text`` is one address and nothing else (what the owner types in a field)."""
    found = find_emails(text.strip())
    return len(found) == 1 and _PLAIN.fullmatch(text.strip()) is not None


def _clean(local: str, domain: str) -> str | None:
    local = local.strip().lower()
    domain = domain.strip().lower().rstrip(".")
    if (
        not local
        or len(local) > 64
        or ".." in local
        or local.startswith(".")
        or local.endswith(".")
    ):
        return None
    labels = domain.split(".")
    if len(labels) < 2 or any(not label for label in labels):
        return None
    tld = labels[-1]
    if tld in _NOT_TLDS:
        return None
    if tld.startswith("xn--"):
        pass
    elif len(tld) < 2 or not all(ch.isalpha() for ch in tld):
        return None
    if any(label.startswith("-") or label.endswith("-") for label in labels):
        return None
    shown_domain = _unicode_domain(domain)
    if shown_domain is None or len(shown_domain) > 253:
        return None
    return f"{local}@{shown_domain}"


def _unicode_domain(domain: str) -> str | None:
    """Punycode labels (xn--…) shown as the letters they stand for, so both forms match."""
    if "xn--" not in domain:
        return domain
    try:
        return domain.encode("ascii").decode("idna").lower()
    except (UnicodeError, ValueError):
        return None


def _spelled(text: str, match: re.Match) -> str | None:
    word_at = match.group("at").strip() in ("at", "AT")
    local_raw, domain_raw = match.group("local"), match.group("domain")
    spelled_dot = re.search(_DOT_WORD, f"{local_raw} {domain_raw}") is not None
    local = re.sub(_DOT_WORD, ".", local_raw)
    labels = re.sub(_DOT_WORD, ".", domain_raw).split(".")
    # "example dot com dot thanks": keep the longest run of labels that ends well.
    for end in range(len(labels), 1, -1):
        tld = labels[end - 1].lower()
        if word_at and tld not in _SPELLED_TLDS:
            continue
        if word_at and not (
            spelled_dot or labels[0].lower() in _MAIL_HOSTS or _CUE.search(text[: match.start()])
        ):
            return None
        return _clean(local, ".".join(labels[:end]))
    return None
