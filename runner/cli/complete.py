"""Shell completion: what `plan <TAB>` offers, and `--install-completion`/`--show-completion`.

The candidates are computed only while the shell asks (`_PLAN_COMPLETE` set); a normal run
imports nothing from here but these small functions. The shell scripts and the protocol are
typer's (bash, zsh, fish, PowerShell as `powershell` or `pwsh`); README, "Shell completion".
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from runner.cli.clickapi import Context, Parameter

COMPLETE_VAR = "_PLAN_COMPLETE"
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
POWERSHELLS = ("powershell", "pwsh")
SHELL_NEXT = "plan.shell_next"  # ctx.meta: `--install-completion` given, a shell's name next


def looks_like_plan(arg: str) -> bool:
    """A trailing argument after task IDs is the plan when it ends in .md or is a file."""
    return arg.lower().endswith(".md") or Path(arg).is_file()


def plan_names(ctx: Context, incomplete: str) -> list[tuple[str, str]]:
    """The plans in the plans folder, by file stem (its number first), with their titles;
    after a plan given first (`plan show plans/0001-x.md <TAB>`), that plan's task IDs."""
    first = ctx.params.get("task_id")
    if isinstance(first, str) and looks_like_plan(first):
        return task_ids(ctx, incomplete)
    try:
        from runner import api

        return [(label, _title(path)) for label, path in api.plan_names()]
    except Exception:  # completion never prints a traceback into the shell
        return []


def _plan_paths() -> list[tuple[str, str]]:
    """The plans as paths (which the ID's place takes too: `plan show PLAN ID`)."""
    try:
        from runner import api

        return [(api.shown(path), _title(path)) for _, path in api.plan_names()]
    except Exception:
        return []


def merge_driver_actions(incomplete: str) -> list[str]:
    """What `plan merge-driver` does."""
    return [a for a in ("install", "uninstall") if a.startswith(incomplete)]


def _title(path: Path) -> str:
    try:
        with path.open("rb") as f:
            for raw in f.read(4096).decode("utf-8", errors="replace").splitlines():
                if raw.startswith("# "):
                    return raw[2:].strip()
    except OSError:
        pass
    return ""


def _chosen_plan(ctx: Context) -> Any:
    """The plan the command line names so far (argument, -p, PLAN_FILE) or the default."""
    from runner import api

    named: str | None = None
    first = ctx.params.get("task_id")
    if isinstance(first, str) and looks_like_plan(first):
        named = first
    for key in ("plan", "plan_opt"):
        value = ctx.params.get(key)
        if isinstance(value, str) and value:
            named = named or value
    ids = ctx.params.get("ids")
    if named is None and isinstance(ids, list | tuple) and ids and looks_like_plan(ids[-1]):
        named = str(ids[-1])
    return api.read(named or os.environ.get("PLAN_FILE") or None)


def task_ids(ctx: Context, incomplete: str) -> list[tuple[str, str]]:
    """The task IDs of the chosen plan, with their descriptions' first line."""
    from runner.errors import WhichPlanError

    try:
        plan = _chosen_plan(ctx)
    except WhichPlanError:  # several plans and none named: offer the plans themselves
        return _plan_paths()
    except Exception:  # an unreadable plan: nothing to offer
        return []
    return [(t.id, t.description.splitlines()[0][:60] if t.description else "") for t in plan.tasks]


def gate_names(ctx: Context, incomplete: str) -> list[str]:
    """The Quality Gates of the chosen plan."""
    try:
        plan = _chosen_plan(ctx)
    except Exception:
        return []
    return [g.name for g in plan.gates]


def prepare() -> None:
    """Before click answers the shell: register typer's protocol for each shell."""
    if os.environ.get(COMPLETE_VAR):
        from runner.cli.clickapi import completion_init

        completion_init()


def _shell(value: str) -> str:
    """The shell named, else the login shell's name ($SHELL), else bash."""
    shell = value or Path(os.environ.get("SHELL") or "bash").name
    if shell not in SHELLS:
        from runner.errors import UsageError

        raise UsageError(f"no completion for {shell!r}: name one of {', '.join(SHELLS)}")
    return shell


def show_script(shell: str = "") -> int:
    """`plan --show-completion [SHELL]`: print the script that wires `plan` into the shell."""
    from runner.cli.clickapi import completion_init, completion_script

    completion_init()
    script = completion_script(prog_name="plan", complete_var=COMPLETE_VAR, shell=_shell(shell))
    sys.stdout.write(script + "\n")
    return 0


def install_script(shell: str = "") -> int:
    """`plan --install-completion [SHELL]`: add the script to the shell's start-up files."""
    from runner.cli.clickapi import install_completion

    chosen = _shell(shell)
    if chosen in POWERSHELLS:
        name, path = chosen, str(_install_powershell(chosen))
    else:
        name, where = install_completion(shell=chosen, prog_name="plan", complete_var=COMPLETE_VAR)
        path = str(where)
    sys.stdout.write(f"{name} completion installed in {path}; open a new shell to use it\n")
    return 0


def _install_powershell(shell: str) -> Path:
    """Append the script to the PowerShell profile that `shell` itself names. Unlike typer's
    installer, this leaves the user's execution policy as it is (a security setting is theirs
    to change)."""
    import subprocess

    from runner.cli.clickapi import completion_init, completion_script
    from runner.errors import UsageError

    try:
        asked = subprocess.run(
            [shell, "-NoProfile", "-NonInteractive", "-Command", "Write-Output $PROFILE"],
            capture_output=True,
            stdin=subprocess.DEVNULL,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        asked = None
    profile = asked.stdout.decode("utf-8", errors="replace").strip() if asked else ""
    if asked is None or asked.returncode != 0 or not profile:
        raise UsageError(
            f"cannot ask {shell} for its profile (is it installed?); add the output of"
            f" `plan --show-completion {shell}` to your PowerShell profile instead"
        )
    completion_init()
    script = completion_script(prog_name="plan", complete_var=COMPLETE_VAR, shell=shell)
    path = Path(profile)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        f.write(script + "\n")
    return path


ACTIONS = {"--show-completion": show_script, "--install-completion": install_script}


def intercept(args: list[str]) -> int | None:
    """`plan --show-completion [SHELL]` and `--install-completion [SHELL]` as the first
    arguments: done here, as typer's flags of the same names take no shell (typer 0.28)."""
    if not args or args[0] not in ACTIONS or len(args) > 2:
        return None
    return ACTIONS[args[0]](args[1] if len(args) == 2 else "")


def flag(ctx: Context, param: Parameter, value: bool) -> None:
    """The flags' callback, for `--help` and for a flag given after another option; while
    the shell asks, it notes that a shell's name comes next (`PlanGroup.shell_complete`)."""
    if value and ctx.resilient_parsing:
        ctx.meta[SHELL_NEXT] = True
    if value and not ctx.resilient_parsing and param.name:
        ctx.exit(ACTIONS["--" + param.name.replace("_", "-")]())
