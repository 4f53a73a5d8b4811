"""``python -m app``: the same as the installed ``kindly`` command or ``python main.py``."""

import sys

from app.cli import console_main

sys.exit(console_main())
