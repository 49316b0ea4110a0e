"""The suite runs on the fixtures shipped with the package (core/testing.py, docs/testing.md):
the ``pytest11`` entry point ``finsuite`` of an installed finsuite registers them; a checkout
run without installing it (``PYTHONPATH=.``) gets them here."""
from __future__ import annotations

import core.testing


def pytest_configure(config):
    if not config.pluginmanager.is_registered(core.testing):
        config.pluginmanager.register(core.testing, "finsuite")
