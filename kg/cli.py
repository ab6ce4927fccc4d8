"""Command line: `kg COMMAND ...`. Thin: parses arguments, calls the library, maps errors.

Each command lives in `kg/commands/NAME.py` with `register(subparsers)`; the module is
imported only to build the parser (cheap: no models, no heavy imports at module level).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from kg.errors import KgError

# Order is the order of `kg --help`.
COMMANDS = ("build", "query", "check", "stats", "infer", "graph", "viz", "export", "push", "serve")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg",
        description="diplograph: knowledge graphs of international relations from Russian news.",
        epilog="Run `kg COMMAND --help` for the options and examples of each command.",
    )
    parser.add_argument("--config", metavar="FILE",
                        help="the project file that build, query and check read (default: ./kg.toml, if there is one)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"kg.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"kg.commands.{name}":
                continue  # command not shipped in this build
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except KgError as exc:
        print(f"kg {args.command}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"kg {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `kg query ... | head`: the reader went away; not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as exc:
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        print(f"kg {args.command}: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
