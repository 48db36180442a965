"""The `opencqi` command.

Each group of subcommands lives beside the code it drives, in a module with a
`register(subparsers)` function; this file only gathers them.
"""

import argparse
import importlib
import os
import sys

COMMAND_MODULES = [
    "opencqi.site.commands",
    "opencqi.casedata.cli",
    "opencqi.cycles.cli",
    "opencqi.measures.cli",
    "opencqi.dashboard.cli",
]


def setup_django():
    """Configure Django for subcommands that need the app database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opencqi.site.settings")
    import django

    django.setup()


def build_parser():
    parser = argparse.ArgumentParser(
        prog="opencqi",
        description="OpenCQI: continuous quality improvement for county human services.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    status = args.func(args)
    sys.exit(status or 0)


if __name__ == "__main__":
    main()
