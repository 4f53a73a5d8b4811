"""Write each real triage tweet's place in its thread into the item files (``thread``).

    .venv/bin/python tools/triage_threads.py

Triage reads a reply to the shop beside what the shop had said (``app.domain.triage.Thread``).
The real sets' tweets come from the Customer Support on Twitter files in ``../shared/data/twcs``,
where a tweet names the one it answers (``in_response_to_tweet_id``) and ``inbound`` tells a
customer from the company. For every item of ``tests/app/data/triage_real/*_items.jsonl`` this
adds ``thread``: ``{"replies_to": "first"}`` when it answers nothing, ``"shop"`` with the company's
words (``shop_said``) when it answers the company, ``"someone"`` when it answers another
customer; no ``thread`` when the tweet it answers is in none of the files (as in the app, where
a reply to a post Kindly does not hold has no known place). Labels are not touched.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "app" / "data" / "triage_real"
TWCS = ROOT.parent / "shared" / "data" / "twcs"
SOURCES = (
    "twcs_first5000.csv",
    "twcs_first5000_complete_threads.csv",
    "kaggle_sample.csv",
    "twcs_random_rows_sample.csv",
)


def tweets(folder: Path = TWCS) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for name in SOURCES:
        with (folder / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                found.setdefault(row["tweet_id"], row)
    return found


def thread_of(item: dict, known: dict[str, dict]) -> dict | None:
    answers = (item.get("in_reply_to") or "").split(".")[0]
    if not answers:
        return {"replies_to": "first"}
    parent = known.get(answers)
    if parent is None:
        return None
    if parent["inbound"] == "False":
        return {"replies_to": "shop", "shop_said": parent["text"]}
    return {"replies_to": "someone"}


def main() -> int:
    known = tweets()
    for path in sorted(REAL.glob("*_items.jsonl")):
        items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        for item in items:
            item.pop("thread", None)
            place = thread_of(item, known)
            if place is not None:
                item["thread"] = place
        path.write_text(
            "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items), encoding="utf-8"
        )
        placed = sum("thread" in item for item in items)
        print(f"{path.name}: {placed} of {len(items)} placed in their thread", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
