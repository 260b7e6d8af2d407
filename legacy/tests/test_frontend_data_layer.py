"""The frontend's own TypeScript data layer (its server actions and users route, unchanged)
against a live LeaseLine. Not run in CI, which cannot reach the frontend's repository: set
LEASELINE_FRONTEND_DIR (a checkout of Mark0025/peterental-nextjs at 9efabdfe) and
LEASELINE_FRONTEND_TOOLS (a folder where `npm install esbuild` was run); README, "Running the
existing frontend"."""

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import FRONTEND_ORIGIN, Frontend
from .flows import connect

FRONTEND_DIR = os.environ.get("LEASELINE_FRONTEND_DIR", "")
TOOLS = os.environ.get("LEASELINE_FRONTEND_TOOLS", "")
CHECK = Path(__file__).resolve().parent.parent / "frontend_check"

pytestmark = [
    pytest.mark.skipif(
        not (FRONTEND_DIR and TOOLS), reason="needs LEASELINE_FRONTEND_DIR and LEASELINE_FRONTEND_TOOLS"
    ),
    pytest.mark.django_db(transaction=True),
]

WORKS = [
    "H1 health",
    "H2 root",
    "U1 users/me via the users route",
    "C1 calendar status",
    "C3 google start",
    "C3 microsoft start",
    "A4 create agent",
    "A1 list agents",
    "A3 get agent",
    "A5 save agent",
    "A3 reload agent",
    "A7 variables",
    "A9 functions",
    "A8 add variable",
    "A10 add function",
    "A11 assistants",
    "C6 events",
    "C7 availability",
    "C8 book",
    "R3 create rental",
    "R4 update rental",
    "A2 dashboard",
    "R5 delete rental",
    "C5 disconnect microsoft",
    "A6 delete agent",
]
# Refused by design until the frontend sends its token there (README), or sends a secret.
REFUSED = [
    "R1 available rentals (no token sent)",
    "R2 database status (no token sent)",
    "V1 webhook test call (no secret)",
]


OLD_HEADERS = "headers: apiConfig.defaultHeaders,"
TOKEN_HEADERS = "headers: { ...apiConfig.defaultHeaders, Authorization: `Bearer ${await (await auth()).getToken()}` },"
# README's server-side changes: (file, 1-based line, new text, import to add).
README_CHANGES = [
    ("src/lib/api/dashboard.ts", 72, "headers,", None),
    ("src/lib/api/rentals.ts", 24, TOKEN_HEADERS, "import { auth } from '@clerk/nextjs/server'"),
    ("src/lib/api/rentals.ts", 39, TOKEN_HEADERS, None),
]


def frontend_with_readme_changes(tmp_path):
    copy = tmp_path / "frontend"
    # The data layer needs only its sources and the path alias of tsconfig.json.
    shutil.copytree(Path(FRONTEND_DIR) / "src", copy / "src")
    shutil.copy(Path(FRONTEND_DIR) / "tsconfig.json", copy / "tsconfig.json")
    imports = {}
    for name, number, new, import_line in README_CHANGES:
        path = copy / name
        lines = path.read_text().split("\n")
        assert lines[number - 1].strip() == OLD_HEADERS, (name, number, lines[number - 1])
        lines[number - 1] = lines[number - 1].replace(OLD_HEADERS, new)
        path.write_text("\n".join(lines))
        if import_line:
            imports[path] = import_line
    for path, import_line in imports.items():
        path.write_text(f"{import_line}\n{path.read_text()}")
    return copy


def run_harness(tmp_path, env, frontend=FRONTEND_DIR):
    bundle = tmp_path / "harness.bundle.mjs"
    tools = {**os.environ, "NODE_PATH": str(Path(TOOLS) / "node_modules")}
    subprocess.run(["node", str(CHECK / "build.mjs"), str(frontend), str(bundle)], env=tools, check=True, timeout=120)
    done = subprocess.run(["node", str(bundle)], env={**os.environ, **env}, capture_output=True, text=True, timeout=240)
    lines = [line for line in done.stdout.splitlines() if line.startswith("LEASELINE_RESULT ")]
    assert lines, done.stderr[-3000:]
    return json.loads(lines[-1].removeprefix("LEASELINE_RESULT "))


@pytest.mark.parametrize("with_readme_changes", [False, True], ids=["unchanged", "readme-changes"])
def test_the_frontends_data_layer_against_leaseline(
    live_server, clerk, microsoft, google, calendar_settings, tmp_path, with_readme_changes
):
    calendar_settings.PUBLIC_BASE_URL = live_server.url
    calendar_settings.CORS_ALLOWED_ORIGINS = [FRONTEND_ORIGIN]
    token = clerk.token("user_node", email="node@example.com", exp=int(time.time()) + 600)
    # The manager connected Microsoft on the users page (a browser step the data layer cannot take).
    connect(Frontend(token), microsoft, "microsoft", email="node@example.com")

    api = f"{live_server.url}/legacy"
    frontend = frontend_with_readme_changes(tmp_path) if with_readme_changes else FRONTEND_DIR
    env = {"NEXT_PUBLIC_API_URL": api, "CLERK_TOKEN": token, "CLERK_USER_ID": "user_node"}
    results = run_harness(tmp_path, env, frontend)

    failed = {name: results[name] for name in WORKS if not results[name]["ok"]}
    assert not failed, failed
    refused = REFUSED[2:] if with_readme_changes else REFUSED
    assert all(not results[name]["ok"] for name in refused), {name: results[name] for name in refused}
    assert results["U1 users/me via the users route"]["value"]["email"] == "node@example.com"
    assert results["C1 calendar status"]["value"]["authorized"] is True
    assert results["C3 microsoft start"]["value"].startswith("https://")
    assert results["A3 reload agent"]["value"]["config"]["firstMessage"] == "Hello from Node!"
    assert results["A7 variables"]["value"] == [] and results["A8 add variable"]["value"]["variable_id"] == "var_1"
    assert results["C7 availability"]["value"]["available_slots"]
    assert results["R3 create rental"]["value"]["property_address"] == "12 Elm St"
    if with_readme_changes:
        assert results["R1 available rentals (no token sent)"]["value"][0]["property_address"] == "12 Elm St"
        assert results["R2 database status (no token sent)"]["value"]["database_stats"]["total_rentals"] == 1
        assert results["A2 dashboard"]["value"]["agents"]["total"] == 1
    else:
        # Without its token on /database/status the dashboard falls back to zeros (README: the fix).
        assert results["A2 dashboard"]["value"]["agents"]["total"] == 0
