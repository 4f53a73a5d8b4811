"""``python -m app``: the same as the installed ``kindly`` command or ``python main.py``."""

import sys

from main import main

sys.exit(main())
