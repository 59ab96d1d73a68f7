"""The ``mgalloys`` command line (also ``python -m mgalloys``).

Exit status: 0 on success, 1 when a check does not pass, 2 on bad usage or bad input (with a
one-line error that says what to do, never a traceback), 3 on an internal error (one line too;
``MGALLOYS_TRACEBACK=1`` shows the traceback).

The modules: ``parser`` (the commands and their options), ``commands`` (what each command does),
``charts`` (the chart commands), ``output`` (tables, CSV and JSON as printed, exit statuses).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from ..catalog import load, using
from ..errors import MgAlloysError, TargetSyntaxError
from .output import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE
from .parser import build_parser

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        if args.data is not None:  # an empty --data "" is an error, never ignored
            with using(load(args.data)):
                return int(args.func(args))
        return int(args.func(args))
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return EXIT_OK
    except (MgAlloysError, OSError, UnicodeDecodeError) as exc:
        _error(args.command, exc)
        return EXIT_USAGE
    except Exception as exc:  # a bug of ours: still one line, and how to see the traceback
        if os.environ.get("MGALLOYS_TRACEBACK"):
            raise
        _error(args.command, exc, internal=True)
        return EXIT_INTERNAL


def _error(command: str, exc: BaseException, internal: bool = False) -> None:
    if isinstance(exc, TargetSyntaxError):
        msg = f"{exc.message} (at character {exc.position + 1} of {exc.text!r})"
    elif isinstance(exc, OSError) and exc.strerror:
        msg = f"{exc.filename or ''}: {exc.strerror}".lstrip(": ")
    else:
        msg = " ".join(line.strip() for line in str(exc).splitlines() if line.strip())
    if internal:
        msg = (
            f"internal error ({type(exc).__name__}: {msg}); please report it, with the command "
            "(MGALLOYS_TRACEBACK=1 shows the traceback)"
        )
    print(f"mgalloys {command}: error: {msg}", file=sys.stderr)
