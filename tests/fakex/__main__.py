"""Run the fake X server by hand: ``python -m tests.fakex [--mentions N] [--dms N]``.

Point Kindly at it with ``KINDLY_X_API_BASE=<printed URL>`` and the printed client ID.
"""

from __future__ import annotations

import argparse
import time

from tests.fakex.server import FakeX


def main() -> None:
    parser = argparse.ArgumentParser(description="A local X-compatible server for Kindly.")
    parser.add_argument("--mentions", type=int, default=1000)
    parser.add_argument("--dms", type=int, default=100)
    args = parser.parse_args()
    fake = FakeX(validate=False)
    fake.add_mentions(args.mentions)
    fake.add_dms(args.dms)
    fake.start()
    print(f"Fake X at {fake.base_url}  client ID: {fake.client_id}", flush=True)
    print("Callback URLs: " + ", ".join(fake.callbacks), flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
