"""Shell completion through the installed `plan` script: bash's protocol (COMP_WORDS,
COMP_CWORD, `_PLAN_COMPLETE=complete_bash`), a real bash running the script `plan
--show-completion bash` prints, the other shells' scripts and the installer."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PLAN = Path(sys.executable).parent / "plan"

DEMO = """# ExecPlan: Demo

## Tasks

| ID | Task | Status | Validation |
| --- | --- | --- | --- |
| P1.1 | set up | | `true` |
| P1.2 | build | | `true` |
| P2.1 | ship | | `true` |

## Quality Gates

| Gate | Command | Threshold | Status |
| --- | --- | --- | --- |
| lint | `true` | exit 0 | |
| tests | `true` | exit 0 | |
"""

OTHER = """# ExecPlan: Other

- Status: Complete

## Progress

- [x] only task
"""


@pytest.fixture
def plans(repo: Path) -> Path:
    if not PLAN.exists():
        pytest.skip("no installed `plan` script beside this interpreter")
    folder = repo / "plans"
    folder.mkdir()
    (folder / "0001-demo.md").write_text(DEMO, encoding="utf-8")
    (folder / "0002-other.md").write_text(OTHER, encoding="utf-8")
    (folder / "README.md").write_text("# About the plans\n", encoding="utf-8")
    return folder


def complete(line: str) -> list[str]:
    """What `plan` offers for the last word of `line` (bash's protocol, as typer's script
    drives it: every word, the index of the one being completed)."""
    words = line.split(" ")
    env = {
        **os.environ,
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1),
        "_PLAN_COMPLETE": "complete_bash",
    }
    r = subprocess.run([str(PLAN)], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    return r.stdout.split()


def test_commands(plans: Path) -> None:
    assert complete("plan st") == ["status"]
    assert {"run", "reset", "report"} <= set(complete("plan r"))
    assert "show" not in complete("plan r")


def test_options(plans: Path) -> None:
    offered = complete("plan status --")
    assert {"--plan", "--json", "--quiet"} <= set(offered)
    assert {"--install-completion", "--show-completion"} <= set(complete("plan --"))


def test_plan_names(plans: Path) -> None:
    assert complete("plan status ") == ["0001-demo", "0002-other"]
    assert complete("plan status 0002") == ["0002-other"]
    assert complete("plan show P1.1 -p 0001") == ["0001-demo"]


def test_task_ids_of_the_default_plan(plans: Path) -> None:
    # 0002 is Complete: the default plan is 0001, the only open one.
    assert complete("plan show ") == ["P1.1", "P1.2", "P2.1"]
    assert complete("plan run P1.") == ["P1.1", "P1.2"]
    assert complete("plan done P2") == ["P2.1"]


def test_task_ids_of_the_plan_named(plans: Path) -> None:
    assert complete("plan show -p 0002 ") == ["1"]
    assert complete("plan verify --plan plans/0002-other.md ") == ["1"]


def test_gate_names(plans: Path) -> None:
    assert complete("plan gates --only ") == ["lint", "tests"]
    assert complete("plan gates --only t") == ["tests"]


def test_merge_driver_offers_what_it_does(plans: Path) -> None:
    # Issue 20: it offered the folder's files.
    assert complete("plan merge-driver ") == ["install", "uninstall"]
    assert complete("plan merge-driver un") == ["uninstall"]


def test_the_completion_flags_offer_shells(plans: Path) -> None:
    # Issue 20: they offered the subcommands.
    shells = ["bash", "zsh", "fish", "powershell", "pwsh"]
    assert complete("plan --install-completion ") == shells
    assert complete("plan --show-completion z") == ["zsh"]
    assert complete("plan --install-completion p") == ["powershell", "pwsh"]


def test_with_several_open_plans_the_id_offers_the_plans_then_their_ids(plans: Path) -> None:
    # Issue 20: with two open plans and none named, `plan show <TAB>` offered nothing.
    other = (plans / "0002-other.md").read_text(encoding="utf-8")
    (plans / "0002-other.md").write_text(other.replace("Complete", "In Progress"))
    assert complete("plan show ") == ["plans/0001-demo.md", "plans/0002-other.md"]
    assert complete("plan show plans/0001-demo.md P1") == ["P1.1", "P1.2"]
    assert complete("plan show -p 0002 ") == ["1"]


def test_the_plan_may_come_first_in_show(plans: Path) -> None:
    from tests.helpers import plan

    shown = plan("show", "plans/0001-demo.md", "P1.2", "--json")
    assert shown.code == 0, shown.err
    assert shown.json()["task"]["id"] == "P1.2"


def test_an_unreadable_plan_offers_nothing_and_says_nothing(plans: Path) -> None:
    (plans / "0003-bad.md").write_bytes(b"# ExecPlan \xff\n")
    assert complete("plan show -p 0003 ") == []


def bash_completion(script: str, words: list[str], path: str) -> list[str]:
    """COMPREPLY after bash runs the completion function of `script` on `words`."""
    quoted = " ".join(f"'{w}'" for w in words)
    program = (
        f"{script}\n"
        f"COMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}\n"
        "_plan_completion plan\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = {**os.environ, "PATH": path}
    r = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    return [line for line in r.stdout.splitlines() if line]


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_real_bash_sources_the_script_and_completes(plans: Path) -> None:
    shown = subprocess.run(
        [str(PLAN), "--show-completion", "bash"], capture_output=True, text=True, timeout=60
    )
    assert shown.returncode == 0, shown.stderr
    assert "complete -o default -F _plan_completion plan" in shown.stdout
    path = f"{PLAN.parent}{os.pathsep}{os.environ.get('PATH', '')}"
    assert bash_completion(shown.stdout, ["plan", "sho"], path) == ["show"]
    assert bash_completion(shown.stdout, ["plan", "show", ""], path) == ["P1.1", "P1.2", "P2.1"]
    assert bash_completion(shown.stdout, ["plan", "status", "00"], path) == [
        "0001-demo",
        "0002-other",
    ]


@pytest.mark.parametrize("shell", ["zsh", "fish", "powershell", "pwsh"])
def test_the_other_shells_scripts_speak_the_same_protocol(plans: Path, shell: str) -> None:
    r = subprocess.run(
        [str(PLAN), "--show-completion", shell], capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 0, r.stderr
    said = r.stdout.replace(" = ", "=").replace('"', "")  # PowerShell: `$Env:X = "v"`
    assert f"_PLAN_COMPLETE=complete_{'powershell' if shell == 'pwsh' else shell}" in said


def test_an_unknown_shell_is_a_usage_error(plans: Path) -> None:
    r = subprocess.run(
        [str(PLAN), "--show-completion", "tcsh"], capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 2
    assert r.stderr == (
        "plan: error: no completion for 'tcsh': name one of bash, zsh, fish, powershell, pwsh\n"
    )


def test_install_completion_for_bash(plans: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home)}
    r = subprocess.run(
        [str(PLAN), "--install-completion", "bash"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    script = home / ".bash_completions" / "plan.sh"
    assert "_PLAN_COMPLETE=complete_bash" in script.read_text(encoding="utf-8")
    assert f"source '{script}'" in (home / ".bashrc").read_text(encoding="utf-8")
    assert "bash completion installed in" in r.stdout


@pytest.mark.parametrize("shell", ["powershell", "pwsh"])
def test_powershell_without_powershell_is_a_usage_error_and_writes_nothing(
    plans: Path, tmp_path: Path, shell: str
) -> None:
    if shutil.which(shell):
        pytest.skip(f"{shell} is installed: installing would write its real profile")
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home)}
    r = subprocess.run(
        [str(PLAN), "--install-completion", shell],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert r.returncode == 2
    assert f"cannot ask {shell} for its profile" in r.stderr
    assert f"`plan --show-completion {shell}`" in r.stderr
    assert list(home.iterdir()) == []


def test_completion_costs_nothing_heavy_on_a_normal_start() -> None:
    # Building every command (what `plan --help` does) imports none of the heavy libraries.
    program = (
        "import sys\n"
        "from runner.cli import FAMILIES, PlanGroup, app\n"
        "import typer.main\n"
        "group = typer.main.get_command(app)\n"
        "for name in FAMILIES:\n"
        "    group.get_command(None, name)\n"
        "heavy = ('markdown_it', 'doit', 'git', 'tabulate', 'mcp', 'runner.workspace.planfile')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    r = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


def shell_protocol(shell: str, line: str) -> str:
    """What `plan` answers zsh's, fish's or PowerShell's script (typer's protocol: the whole
    line so far; PowerShell also says the word being completed)."""
    env = {
        **os.environ,
        "_PLAN_COMPLETE": f"complete_{shell}",
        "_TYPER_COMPLETE_ARGS": line,
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        "_TYPER_COMPLETE_WORD_TO_COMPLETE": "" if line.endswith(" ") else line.split()[-1],
    }
    r = subprocess.run([str(PLAN)], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_zsh_and_fish_get_ids_with_their_descriptions(plans: Path) -> None:
    zsh = shell_protocol("zsh", "plan show ")
    assert zsh.startswith("_arguments '*: :((")
    assert '"P1.1":"set up"' in zsh
    assert '"P2.1":"ship"' in zsh
    fish = shell_protocol("fish", "plan status 0")
    assert fish.splitlines() == ["0001-demo\tExecPlan: Demo", "0002-other\tExecPlan: Other"]


def test_powershell_gets_ids_plans_and_shells(plans: Path) -> None:
    # Issue 20: PowerShell (`powershell`, `pwsh`) is one of the shells typer's scripts serve.
    shown = shell_protocol("powershell", "plan show ")
    assert shown.splitlines() == ["P1.1:::set up", "P1.2:::build", "P2.1:::ship"]
    assert shell_protocol("powershell", "plan merge-driver u").splitlines() == ["uninstall::: "]
    assert shell_protocol("powershell", "plan --show-completion pw").splitlines() == ["pwsh::: "]
