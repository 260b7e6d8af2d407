"""LeaseLine's apps depend on each other one way: an app imports only apps in layers below it.

    config      settings, URLs, the API router, the Celery app (wires everything)
    legacy      the existing Next.js frontend's calls under /legacy/
    demo        the demo manager and the sample listing site
    dashboard   the home page and stats
    notifications  messages to renters and managers, the renter's viewing page
    voice       the VAPI webhook, the tools' answers, calls
    agents      agents, their VAPI assistants and the tools they are given
    calendars   connections, availability, appointments
    leads       renters who called or booked, one per phone number
    rentals     rentals, sources, the scraping engine
    accounts    users, sign-in, ownership scoping
    core        page kit, time and value helpers, API errors and pagination

Models may name a model above them by a lazy reference (Appointment names its Agent as
"agents.Agent"); code never imports upward. Tests and migrations are not checked.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

LAYERS = [
    "core",
    "accounts",
    "rentals",
    "leads",
    "calendars",
    "agents",
    "voice",
    "notifications",
    "dashboard",
    "demo",
    "legacy",
    "config",
]
ROOT = Path(settings.BASE_DIR)


def _product_modules(root, app):
    for path in sorted((root / app).rglob("*.py")):
        parts = path.relative_to(root).parts
        if "tests" in parts or "migrations" in parts:
            continue
        yield path


def _imported_apps(root, path):
    """(line, app) for every LeaseLine app `path` imports, relative imports resolved."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = path.relative_to(root).with_suffix("").parts[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                names = [".".join([*base, node.module] if node.module else base)]
            else:
                names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in LAYERS:
                yield node.lineno, top


def upward_imports(root=ROOT):
    found = []
    for app in LAYERS:
        for path in _product_modules(root, app):
            for line, imported in _imported_apps(root, path):
                if LAYERS.index(imported) > LAYERS.index(app):
                    found.append(f"{path.relative_to(root)}:{line} imports {imported}")
    return found


def test_every_leaseline_app_has_a_layer():
    local = {config.name for config in apps.get_app_configs() if Path(config.path).parent == ROOT}
    assert local | {"config"} == set(LAYERS)


def test_no_app_imports_an_app_above_it():
    assert upward_imports() == []


@pytest.mark.parametrize(
    ("source", "statement", "above"),
    [
        ("accounts/services.py", "from agents.models import Agent", "agents"),
        ("core/web.py", "import rentals.selectors", "rentals"),
        ("calendars/api/views.py", "from ...voice import tools", "voice"),
    ],
)
def test_the_check_catches_an_upward_import(tmp_path, source, statement, above):
    path = tmp_path / source
    path.parent.mkdir(parents=True)
    path.write_text("from core import values\n" + statement + "\n")
    assert upward_imports(tmp_path) == [f"{source}:2 imports {above}"]


MAX_MODULE_LINES = 400


def test_no_module_is_longer_than_400_lines():
    """A module past 400 lines holds more than one thing; split it by what each part does."""
    long_modules = [
        f"{path.relative_to(ROOT)}: {lines} lines"
        for app in [*LAYERS, "testsupport", "bench"]
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts and (lines := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    ]
    assert long_modules == []
