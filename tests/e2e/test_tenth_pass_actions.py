"""Issue 19, rule 6 (the tenth pass): a check observes, never acts, whatever the spelling.

Each command below ran as a check before: an HTTP write through an interpreter or bash's
`/dev/tcp`, git run by its path in git's exec folder or with its words from xargs, a
program run from interpreter code (`os.execlp`, `subprocess` with a list, node's
`child_process`, Perl's `system`), an install (`pip3.11`, `python -I -m pip`, `pip.main`),
and a package fetched and run (`npx`, `uvx`, `pipx run`). They are read as families: an
interpreter's code for its exec/spawn and network-write calls, a program by its normalised
name. Each test runs `plan run` in a real repository and proves the command never ran.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from runner.errors import EXIT_MANUAL
from tests.conftest import git
from tests.helpers import plan, row, write_plan

# A port nothing listens on: had the old code run the request, it failed at once.
URL = "http://127.0.0.1:9/x"


@pytest.fixture
def fake_tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`npx`, `uvx`, `pipx`, `pip3.11` on PATH that leave a sentinel when they run."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    sentinel = tmp_path / "ran"
    for name in ("npx", "uvx", "pipx", "pip3.11"):
        script = bin_dir / name
        script.write_text(f'#!/bin/sh\necho "{name} $*" >> "{sentinel}"\n', encoding="utf-8")
        script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return sentinel


def run_one(repo: Path, command: str) -> tuple[int, str]:
    write_plan(repo, [row("T1", "`" + command.replace("|", "\\|") + "`")])
    r = plan("run", "T1", "--json")
    return r.code, r.out + r.err


@pytest.mark.parametrize(
    "command",
    [
        "/usr/lib/git-core/git-tag v1",
        '"$(git --exec-path)/git-tag" v1',
        "$(git --exec-path)/git-tag v1",
        "echo v1 | xargs git tag",
        "echo v1 | xargs -n1 git tag",
        "env git tag v1",
        "nice -n 5 git tag v1",
        "python3 -c \"import os; os.execlp('git', 'git', 'tag', 'v1')\"",
        "python3 -c \"import os; os.spawnlp(os.P_WAIT, 'git', 'git', 'tag', 'v1')\"",
        "python3 -c \"import os; os.execv('/usr/bin/git', ['git', 'tag', 'v1'])\"",
        "python3 -c \"import subprocess as s; s.run(['git', 'tag', 'v1'], check=True)\"",
        "python3 -c \"import subprocess, sys; subprocess.call(['git', 'tag', sys.argv[0]])\"",
        "python3 -c \"import os; os.system('git tag v1')\"",
        'perl -e \'system("git", "tag", "v1")\'',
        "node -e \"require('child_process').spawnSync('git', ['tag', 'v1'])\"",
        "node -e \"const {execFileSync} = require('child_process'); "
        "execFileSync('git', ['tag', 'v1'])\"",
    ],
)
def test_git_by_another_name_never_runs_as_a_check(repo: Path, command: str) -> None:
    code, out = run_one(repo, command)
    assert code == EXIT_MANUAL, out
    assert git(repo, "tag", "-l") == ""


@pytest.mark.parametrize(
    "command",
    [
        'python3 -c "import urllib.request as r; '
        "r.urlopen(r.Request('@URL@', data=b'x', method='POST'))\"",
        "python3 -c \"import urllib.request; urllib.request.urlopen('@URL@', data=b'x')\"",
        "python3 -c \"import requests; requests.post('@URL@', json={'a': 1})\"",
        "python3 -c \"import http.client as h; c = h.HTTPConnection('127.0.0.1', 9); "
        "c.request('DELETE', '/x')\"",
        "python3 -c \"import socket; s = socket.create_connection(('127.0.0.1', 9)); "
        "s.sendall(b'x')\"",
        "node -e \"fetch('@URL@', {method: 'POST', body: 'x'})\"",
        "perl -MLWP::UserAgent -e 'LWP::UserAgent->new->post(\"@URL@\", {a => 1})'",
        "echo x > /dev/tcp/127.0.0.1/9",
        "exec 3<>/dev/tcp/127.0.0.1/9; echo x >&3",
        "bash -c 'echo x >/dev/udp/127.0.0.1/9'",
        # Settings read from a file or given as wgetrc commands: a body, a method.
        "CURL_HOME=. curl -s @URL@",
        "wget -q -e post_data=x @URL@",
        "wget -q --config=w.rc @URL@",
    ],
)
def test_an_http_write_through_an_interpreter_never_runs_as_a_check(
    repo: Path, command: str
) -> None:
    code, out = run_one(repo, command.replace("@URL@", URL))
    assert code == EXIT_MANUAL, out


@pytest.mark.parametrize(
    "command",
    [
        "pip3.11 install requests",
        "npx -y cowsay hi",
        "npx --yes cowsay hi",
        "npm exec --yes -- cowsay hi",
        "npm_config_yes=true npx cowsay hi",
        "export NPM_CONFIG_YES=1; npx cowsay hi",
        "uvx ruff check",
        "pipx run black .",
        "python3 -I -m pip install --no-index no-such-package-plan-test",
        "python3 -Im pip install --no-index no-such-package-plan-test",
        'python3 -c "import pip; '
        "pip.main(['install', '--no-index', 'no-such-package-plan-test'])\"",
        'python3 -c "import subprocess, sys; '
        "subprocess.run([sys.executable, '-m', 'pip', 'install', '--no-index', 'x'])\"",
    ],
)
def test_an_install_or_a_fetched_package_never_runs_as_a_check(
    repo: Path, fake_tools: Path, command: str
) -> None:
    code, out = run_one(repo, command)
    assert code == EXIT_MANUAL, out
    assert not fake_tools.exists()


@pytest.mark.parametrize(
    "command",
    [
        'python3 -c "print(1)"',
        'python3 -c "import subprocess; '
        "print(subprocess.check_output(['git', 'status', '--short']))\"",
        "python3 -c \"import os; print(os.popen('git log -1 --format=%s').read())\"",
        'python3 -c "import asyncio; asyncio.run(asyncio.sleep(0))"',
        "python3 -c \"import json; data = json.loads('{}'); print(data)\"",
        "python3 -I -m json.tool --help",
        "git log -1 | xargs echo",
        "npx --no true",
    ],
)
def test_checks_that_only_observe_still_run(repo: Path, command: str) -> None:
    code, out = run_one(repo, command)
    assert code == 0, out
    assert '"status": "passed"' in out


def test_npx_runs_with_fetching_refused(repo: Path, fake_tools: Path) -> None:
    """`npx tsc` is how JS projects write their checks: it runs, told by npm_config_yes=false
    (npm 7 and later) to run only what is installed and never to fetch."""
    fake = fake_tools.parent / "bin" / "npx"
    fake.write_text(
        f'#!/bin/sh\necho "npx $* yes=$npm_config_yes/$NPM_CONFIG_YES" >> "{fake_tools}"\n',
        encoding="utf-8",
    )
    code, out = run_one(repo, "npx tsc --noEmit")
    assert code == 0, out
    assert fake_tools.read_text(encoding="utf-8") == "npx tsc --noEmit yes=false/false\n"


@pytest.mark.skipif(shutil.which("npx") is None, reason="needs npm's npx")
def test_real_npx_runs_the_projects_own_tool(repo: Path) -> None:
    tool = repo / "node_modules" / ".bin" / "plan-test-tool"
    tool.parent.mkdir(parents=True)
    tool.write_text('#!/bin/sh\necho "local $*"\n', encoding="utf-8")
    tool.chmod(0o755)
    write_plan(repo, [row("T1", "`npx plan-test-tool --noEmit` prints `local --noEmit`")])
    r = plan("run", "T1", "--json")
    assert r.code == 0, r.out + r.err
    assert '"status": "passed"' in r.out
