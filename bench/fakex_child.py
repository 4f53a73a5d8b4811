"""The fake X server (tests/fakex) in a process of its own, so serving 10,000 mentions does not
take turns with the window being measured. Prints one JSON line (where it is, a signed-in
grant), then serves until its standard input closes.

    python bench/fakex_child.py MENTIONS
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    from tests.fakex.server import CLIENT_ID, SHOP_HANDLE, FakeX

    fake = FakeX(validate=False)
    fake.add_mentions(int(sys.argv[1]), people=2000)
    fake.start()
    grant = fake.issue_tokens()
    grant.update(client_id=CLIENT_ID, handle=SHOP_HANDLE, url=fake.base_url)
    print(json.dumps(grant), flush=True)
    sys.stdin.read()  # until the parent closes the pipe
    fake.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
