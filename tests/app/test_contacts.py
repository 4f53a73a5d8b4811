"""Finding e-mail addresses in DMs: a labelled set written for Kindly, and real DM text."""

import json
import re
from pathlib import Path

import pytest

from app.domain.contacts import find_emails, is_email
from tests.conftest import shared_data

LABELLED = Path(__file__).parent / "data" / "dm_emails.jsonl"


def labelled_cases():
    return [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line]


def test_the_labelled_set_is_big_and_varied():
    cases = labelled_cases()
    assert len(cases) >= 40
    assert sum(1 for c in cases if not c["emails"]) >= 12  # DMs with nothing to find
    assert sum(1 for c in cases if len(c["emails"]) > 1) >= 3  # several addresses
    assert sum(1 for c in cases if re.search(r"\bdot\b|\[at\]|\(at\)", c["dm"])) >= 4


@pytest.mark.parametrize("case", labelled_cases(), ids=lambda c: c["dm"][:40])
def test_labelled_dm(case):
    assert find_emails(case["dm"]) == case["emails"]


def test_every_labelled_address_is_found_and_nothing_else():
    expected = found = correct = 0
    for case in labelled_cases():
        got = find_emails(case["dm"])
        expected += len(case["emails"])
        found += len(got)
        correct += len(set(got) & set(case["emails"]))
    assert (correct, found) == (expected, expected)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("A.B@Example.COM", ["a.b@example.com"]),
        ("a@b.com a@b.com", ["a@b.com"]),
        ("x@xn--bcher-kva.de and x@bücher.de", ["x@bücher.de"]),
        ("trailing: anna@example.com...", ["anna@example.com"]),
        ("anna@example.com)", ["anna@example.com"]),
        ("name at domain dot com dot thanks", ["name@domain.com"]),
        ("a@b.com@c.com", []),
        ("anna@example..com", []),
        ("user@localhost", []),
        ("email me at 5 dot 30", []),
        ("", []),
    ],
)
def test_edges(text, expected):
    assert find_emails(text) == expected


def test_is_email_accepts_one_typed_address_only():
    assert is_email(" anna@example.com ")
    assert not is_email("anna@example.com bob@example.com")
    assert not is_email("anna at example dot com")
    assert not is_email("not an address")


def test_real_archive_dms_do_not_crash():
    path = shared_data("x-archive-milahu104", "data", "direct-messages.js")
    text = path.read_text(encoding="utf-8")
    data = json.loads(text[text.index("[") :])
    messages = [
        m["messageCreate"]["text"]
        for c in data
        for m in c["dmConversation"]["messages"]
        if "messageCreate" in m
    ]
    assert len(messages) >= 10
    for message in messages:
        for address in find_emails(message):
            assert address == address.lower() and "@" in address


def test_real_customer_care_threads_do_not_crash():
    folder = shared_data("ibm-twitter-customer-care")
    messages = []
    for name in ("dev.json", "test.json"):
        for conversation in json.loads((folder / name).read_text(encoding="utf-8")):
            messages += [turn["message"] for turn in conversation["dialogContent"]]
    assert len(messages) > 1000
    found = [address for message in messages for address in find_emails(message)]
    for address in found:
        local, _, domain = address.partition("@")
        assert local and "." in domain and address == address.lower()
    # The set carries a few addresses (the README counts 9 messages); Kindly finds some of them.
    assert 1 <= len(found) <= 30
