"""The repository's own doit settings never reach the runner's engine.

An attacker's pass: `[tool.doit] reporter = "json"` in the repository's pyproject.toml made
`plan run --json` print doit's JSON before the runner's (stdout no longer one document);
`num_process = 4` made a failing run exit 70; conflict markers in pyproject.toml or a broken
doit.cfg stopped every run with a traceback. The project's doit tasks are its own; the
runner drives doit with its settings alone.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import plan, row, write_plan

SETTINGS = {
    "pyproject.toml": '[tool.doit]\nreporter = "json"\nnum_process = 4\nverbosity = 0\n',
    "doit.cfg": "[GLOBAL]\nreporter = json\nnum_process = 4\n",
    "broken-pyproject": "[project]\n<<<<<<< HEAD\nname = 'x'\n=======\n",
}


@pytest.mark.parametrize("shape", list(SETTINGS))
def test_a_run_ignores_the_repositorys_doit_settings(repo: Path, shape: str) -> None:
    write_plan(repo, [row("1", "`echo one`"), row("2", "`false`"), row("3", "`true`")])
    name = "pyproject.toml" if shape == "broken-pyproject" else shape
    (repo / name).write_text(SETTINGS[shape], encoding="utf-8")
    r = plan("run", "--all", "--keep-going", "--json")
    assert r.code == 1, r.out + r.err
    doc = json.loads(r.out)  # one document: nothing of doit's own reporter
    assert [x["status"] for x in doc["results"]] == ["passed", "failed", "passed"]
    g = plan("gates", "--json")
    assert g.code == 0, g.out + g.err
    assert json.loads(g.out)["results"][0]["status"] == "passed"
