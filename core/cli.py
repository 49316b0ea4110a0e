"""The ``finsuite`` command."""
from __future__ import annotations

import sys

import click


@click.group()
def cli():
    """Finsuite: a CRM with a finance suite plugged in."""


def register_flask_commands(app) -> None:
    """Nothing yet: the ``finsuite`` command is the entry point."""


def main(argv=None):
    try:
        cli.main(args=argv, prog_name="finsuite", standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)
