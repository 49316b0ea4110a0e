"""``finsuite plugins`` and ``finsuite check-plugin`` (C4, C5): what is installed, from where,
and whether it keeps the plugin contract (``core.plugin_check``)."""
from __future__ import annotations

import click

from .cli_common import friendly, get_tenant, make_app, opened


@click.command()
@click.option("--tenant", "slug", default=None, help="Also show which apps this tenant enabled.")
@friendly
def plugins(slug):
    """List the loaded plugins, where each comes from, and those that failed to load."""
    app = make_app()
    registry = app.extensions["finsuite"]
    enabled = None
    if slug:
        from .tenancy import enabled_apps
        with opened(app):
            enabled = set(enabled_apps(get_tenant(slug)))
    rows = [("NAME", "LABEL", "VERSION", "DEPENDS", "ORIGIN") + (("ENABLED",) if enabled is not None else ())]
    for name, manifest in registry.manifests.items():
        row = (name, manifest.label, manifest.version, ",".join(manifest.depends) or "-", registry.origins.get(name, "-"))
        if enabled is not None:
            row += ("core" if name in registry.core_names else ("yes" if name in enabled else "no"),)
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    for failure in registry.failures:
        click.echo(f"FAILED {failure.name} ({failure.source}): {failure.error}")


@click.command("check-plugin")
@click.argument("names", nargs=-1)
@click.option("--all", "every", is_flag=True, help="Check every installed plugin.")
@click.option("--migrations/--no-migrations", default=True, show_default=True,
              help="Also run the migrations twice on a new temporary SQLite database.")
@friendly
def check_plugin(names, every, migrations):
    """Check plugins against the plugin contract: one line per problem, exit 1 if any."""
    from .plugin_check import check_plugin as check, rerun_migrations
    app = make_app()
    registry = app.extensions["finsuite"]
    if not names and not every:
        raise click.UsageError("name a plugin, or --all")
    names = list(registry.manifests) if every else list(names)
    problems = []
    with app.app_context():
        for name in names:
            found = check(registry, name, app)
            if migrations and not found and name in registry.manifests:
                found = rerun_migrations(registry, name)
            problems.extend(found)
    for problem in problems:
        click.echo(str(problem))
    if problems:
        raise SystemExit(1)
    click.echo(f"{', '.join(names)}: no problems")


@click.command("new-plugin")
@click.argument("name")
@click.option("--dir", "folder", default=".", show_default=True, type=click.Path(file_okay=False),
              help="Where to write the package finsuite-<name>.")
@friendly
def new_plugin(name, folder):
    """Write an installable plugin package: its pyproject.toml with the finsuite.plugins entry
    point, a module with its table, tab, permission and migration, a related list on accounts,
    and tests that pass as generated."""
    from pathlib import Path

    from .registry import API_VERSION
    from .scaffold import ScaffoldError, new_plugin as write
    registry = make_app().extensions["finsuite"]
    try:
        root = write(name, Path(folder), taken=set(registry.manifests), api_version=API_VERSION)
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"wrote {root}: pip install -e {root}, then finsuite check-plugin {name}")
