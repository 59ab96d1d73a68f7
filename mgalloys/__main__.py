"""``python -m mgalloys``: the command line."""

from .cli import main

raise SystemExit(main())
