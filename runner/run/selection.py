"""The select step of a run: the tasks or gates asked for become jobs for the executor;
manual tasks and tasks waiting on them are set aside with a reason. No processes run here."""

from __future__ import annotations

import os
import re
import shlex
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from runner.errors import UnknownStatusError, UnknownTaskError, UnusablePlanError, UsageError
from runner.plan.actions import Acting, acting, changed_paths, extractions
from runner.plan.model import Gate, Plan, Status, Task
from runner.plan.verdicts import gate_verdicts, task_verdicts
from runner.run.context import Context
from runner.run.executor import Busy, Job
from runner.run.options import Next, RunTasks, Verify
from runner.workspace.names import safe_name

_PENDING = (Status.OUTSTANDING, Status.IN_PROGRESS, Status.FAILED)


def phase_number(phase: str) -> str:
    """`4 - Git hooks` -> `4`."""
    m = re.match(r"\s*([\w.]+)", phase)
    return m.group(1) if m else phase.strip()


def refuse_unknown(rows: list[Task] | list[Gate], shown: str) -> None:
    """Exit 3 naming the first row whose Status cell is not a known key (lint P106): a
    command never writes over such a cell, nor decides from it (issue 11)."""
    for r in rows:
        if r.status is None:
            what = f"task {r.id}" if isinstance(r, Task) else f"gate '{r.name}'"
            raise UnknownStatusError(what=what, key=r.status_raw.strip(), path=shown, line=r.line)


def _deciding(plan: Plan, action: Next | RunTasks | Verify) -> list[Task]:
    """The rows whose status an action reads or writes. What is next, what is pending, what
    passed and whether the plan is complete are decided from every row, so `next`, `run
    --all`, `run --phase` and `verify` read them all; `run ID...` reads the named tasks and
    the tasks they depend on."""
    if isinstance(action, Next) or not action.ids:
        return list(plan.tasks)
    rows: list[Task] = []
    seen: set[int] = set()  # by identity: a list's `in` compared whole rows (10,000 took minutes)
    todo = [t for i in action.ids if (t := plan.task(i)) is not None]
    while todo:
        t = todo.pop()
        if id(t) not in seen:
            seen.add(id(t))
            rows.append(t)
            todo += [d for dep in t.depends if (d := plan.task(dep)) is not None]
    return sorted(rows, key=lambda t: t.line)


def pick_tasks(plan: Plan, action: Next | RunTasks | Verify, shown: str) -> list[Task]:
    """The tasks an action names, in dependency order; a row it decides from with an
    unknown status key is an unusable plan (exit 3)."""
    refuse_unknown(_deciding(plan, action), shown)
    if isinstance(action, Next):
        t = plan.next_task()
        return [t] if t else []
    if isinstance(action, Verify):
        chosen = [t for t in plan.tasks if t.status is Status.PASSED and not t.manual]
        for task_id in action.ids:
            if plan.task(task_id) is None:
                raise UnknownTaskError(task_id=task_id, plan=shown)
        if action.ids:
            # A task named that is not passed (failed, say) is run again and recorded like
            # `plan run ID` (issue 18: it did nothing and said nothing); a manual one named
            # has nothing to check and says so (exit 4, as `plan run ID` does).
            chosen = [
                t
                for t in plan.tasks
                if t.id in action.ids
                and (t in chosen or t.commands or t.runs_gates or _open_manual(t))
            ]
        return chosen
    if action.ids:
        out: list[Task] = []
        for task_id in action.ids:
            t = plan.task(task_id)
            if t is None:
                raise UnknownTaskError(task_id=task_id, plan=shown)
            if t not in out:
                out.append(t)
        if not action.no_deps:
            out = with_dependencies(plan, out)
        return dependency_order(plan, out)
    pending = [t for t in plan.tasks if t.status in _PENDING]
    if action.phase is not None:
        pending = [t for t in pending if phase_number(t.phase) == action.phase]
        if not pending and not any(phase_number(t.phase) == action.phase for t in plan.tasks):
            raise UsageError(f"no phase '{action.phase}' in the plan")
    return dependency_order(plan, pending)


def _open_manual(t: Task) -> bool:
    return t.manual and t.status is not Status.PASSED


def with_dependencies(plan: Plan, tasks: list[Task]) -> list[Task]:
    """`tasks` and, before them, every dependency not yet done that can run, as doit would."""
    out: list[Task] = []
    seen: set[str] = set()
    # A depth-first walk on an explicit stack: a chain of thousands of tasks is no deeper
    # for Python than one task (issue 19: 1,000 tasks raised RecursionError).
    for root in tasks:
        if root.id in seen:
            continue  # already in, or on the path here (a cycle, reported by dependency_order)
        seen.add(root.id)
        stack: list[tuple[Task, int]] = [(root, 0)]
        while stack:
            t, k = stack.pop()
            if k < len(t.depends):
                stack.append((t, k + 1))
                dep = plan.task(t.depends[k])
                if (
                    dep is not None
                    and dep.id not in seen
                    and dep.status in _PENDING
                    and not dep.manual
                ):
                    seen.add(dep.id)
                    stack.append((dep, 0))
            else:
                out.append(t)
    return out


def missing_dependencies(plan: Plan) -> list[Task]:
    """Tasks not done that depend on a task the plan does not have (lint P104): never `next`."""
    ids = {t.id for t in plan.tasks}
    return [t for t in plan.tasks if t.status in _PENDING and any(d not in ids for d in t.depends)]


def duplicated_ids(plan: Plan) -> dict[str, list[int]]:
    """Each task ID used on more than one row, with the lines of its rows (lint P103)."""
    lines: dict[str, list[int]] = {}
    for t in plan.tasks:
        lines.setdefault(t.id, []).append(t.line)
    return {k: v for k, v in lines.items() if len(v) > 1}


def refuse_duplicates(plan: Plan, ids: list[str], shown: str) -> None:
    """A duplicated ID cannot be run or written by ID (which row?): an unusable plan."""
    dup = duplicated_ids(plan)
    for task_id in ids:
        if task_id in dup:
            where = " and ".join(str(n) for n in dup[task_id])
            raise UnusablePlanError(
                f"P103 task ID '{task_id}' is on lines {where}; give each row its own ID",
                path=shown,
                line=dup[task_id][1],
            )


def duplicated_gates(plan: Plan) -> dict[str, list[int]]:
    """Each gate name (case aside, as `--only` and lint P303 read it) on more than one row
    of the Quality Gates table, with the lines of its rows."""
    lines: dict[str, list[int]] = {}
    for g in plan.gates:
        lines.setdefault(g.name.lower(), []).append(g.line)
    return {k: v for k, v in lines.items() if len(v) > 1}


def refuse_duplicate_gates(plan: Plan, names: Iterable[str], shown: str) -> None:
    """A gate whose name another row has too cannot be run or written by name (which row's
    result is it?): an unusable plan, as a duplicated task ID is (P103)."""
    dup = duplicated_gates(plan)
    for name in names:
        lines = dup.get(name.lower())
        if lines:
            where = " and ".join(str(n) for n in lines)
            raise UnusablePlanError(
                f"P303 gate '{name}' is named on lines {where}; give each gate its own name",
                path=shown,
                line=lines[1],
            )


def dependency_order(plan: Plan, tasks: list[Task]) -> list[Task]:
    """`tasks` with each after the chosen tasks it depends on; a cycle is an unusable plan."""
    chosen = {t.id for t in tasks}
    order: list[Task] = []
    seen: set[str] = set()
    for root in tasks:
        if root.id in seen:
            continue
        # The path from the root (for a cycle's message) and, per task on it, the next
        # dependency to look at: an explicit stack, never Python's (issue 19).
        path: list[Task] = [root]
        on_path = {root.id}
        next_dep = [0]
        while path:
            t = path[-1]
            k = next_dep[-1]
            if k < len(t.depends):
                next_dep[-1] = k + 1
                dep = plan.task(t.depends[k])
                if dep is None or dep.id not in chosen or dep.id in seen:
                    continue
                if dep.id in on_path:
                    cycle = " -> ".join([*[p.id for p in path], dep.id])
                    raise UnusablePlanError("dependency cycle: " + cycle, line=dep.line)
                path.append(dep)
                on_path.add(dep.id)
                next_dep.append(0)
                continue
            path.pop()
            next_dep.pop()
            on_path.discard(t.id)
            seen.add(t.id)
            order.append(t)
    return order


def choose_gates(plan: Plan, only: tuple[str, ...], shown: str = "") -> list[Gate]:
    """The plan's gates, or the named ones (by name, case-insensitively); a chosen gate
    whose Status cell is not a known key is an unusable plan (exit 3)."""
    if not only:
        chosen = list(plan.gates)
    else:
        names = {g.name.lower(): g for g in plan.gates}
        missing = [n for n in only if n.lower() not in names]
        if missing:
            known = ", ".join(g.name for g in plan.gates) or "none"
            raise UsageError(f"no gate {', '.join(missing)} (gates: {known})")
        chosen = [names[n.lower()] for n in only]
    refuse_duplicate_gates(plan, [g.name for g in chosen], shown)
    refuse_unknown(chosen, shown)
    return chosen


def task_key(t: Task) -> str:
    """The job key of a task's commands."""
    return "task-" + safe_name(t.id)


def gate_key(g: Gate) -> str:
    """The job key of a gate's commands."""
    return "gate-" + safe_name(g.name)


@dataclass
class Selection:
    """The jobs of a run, and what each stands for."""

    jobs: list[Job] = field(default_factory=list)
    gates: dict[str, Gate] = field(default_factory=dict)  # job key -> gate
    tasks: dict[str, Task] = field(default_factory=dict)  # ID -> task that runs
    gate_keys_for: dict[str, list[str]] = field(default_factory=dict)  # a Gate task's gates
    manual: list[Task] = field(default_factory=list)
    not_ready: list[tuple[Task, str]] = field(default_factory=list)
    # IDs that cannot run for a fault of the plan's (waiting on a task it does not have, a
    # Gate task with no gate command): the run is never a success with one.
    missing: list[str] = field(default_factory=list)
    # IDs set aside because they wait, directly or through others, on a manual task: work
    # a machine could do that a person's step holds up (`run --all` exits 4 then, F14a).
    for_person: list[str] = field(default_factory=list)
    # The busy stretches of the run, once it ran (`executor.Busy`; None: not known).
    busy: list[Busy] | None = None


class _Builder:
    """Turns tasks and gates into jobs, each gate once however many ask for it."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.sel = Selection()
        self.fingerprint: tuple[str | None] | None = None

    def timeout(self, own: float | None) -> float:
        # The plan's Timeout column speaks for its task, within the user's own --timeout
        # when one is given (a plan from elsewhere cannot lift it: `99999h` under
        # `--timeout 2s` is 2 s); --timeout (0: no limit) for the rest.
        given = self.ctx.options.timeout
        if own:
            return min(own, given) if given else own
        return given if given is not None else self.ctx.ws.settings.timeout

    def gate(self, g: Gate, after: tuple[str, ...] = ()) -> str:
        key = gate_key(g)
        if key not in self.sel.gates:
            from runner import vcs
            from runner.workspace import state

            if self.fingerprint is None:
                ws = self.ctx.ws
                root, outputs = ws.root, (*self.ctx.hooks.outputs, *state.written_outputs(ws))
                self.fingerprint = (vcs.fingerprint(root, self.ctx.plan_path, outputs),)
            self.sel.gates[key] = g
            env = _env(self.ctx.plan_path, gate=g.name)
            job = Job(key, f"gate {g.name}", g.commands, self.timeout(None), env, after)
            if not self.ctx.ws.settings.allow_actions and (
                acts := acting(g.commands) or _leads_out(self.ctx.ws.root, g.commands)
            ):
                # A gate is a check too (README, "Checks and actions"): one whose command
                # acts is not run, and says which command and why.
                why = "; ".join(a.describe() for a in acts)
                self.sel.jobs.append(replace(job, refused=f"not a check: it acts ({why})"))
                return key
            verdicts = gate_verdicts(g)
            named = read_by_command(self.ctx.ws.root, self.ctx.plan_path, g.commands)
            inputs = (*self.ctx.ws.settings.gate_inputs, *g.inputs, *named)
            base = self.fingerprint[0]
            print_ = (
                base
                if base is None or not inputs
                else base + ":" + inputs_digest(self.ctx.ws.root, inputs)
            )
            # Only a gate the plan holds passed may be skipped as up to date: one recorded
            # failed (by a merge, or on another branch with the same tree) runs again.
            stale = g.status is not Status.PASSED
            self.sel.jobs.append(replace(job, fingerprint=print_, verdicts=verdicts, stale=stale))
        return key

    def task(self, t: Task, after: tuple[str, ...]) -> None:
        env = _env(self.ctx.plan_path, task=t.id)
        timeout = self.timeout(t.timeout)
        job = Job(task_key(t), f"task {t.id}", t.commands, timeout, env, after)
        self.sel.jobs.append(replace(job, verdicts=task_verdicts(t)))
        self.sel.tasks[t.id] = t

    def gate_task(self, plan: Plan, t: Task, after: tuple[str, ...]) -> None:
        usable = [g for g in plan.gates if g.commands]
        refuse_unknown(usable, self.ctx.shown)
        if not usable:
            raise UnusablePlanError(
                f"task {t.id} runs the Quality Gates, and the plan has no gate with a command",
                path=self.ctx.shown,
                line=t.line,
            )
        self.sel.gate_keys_for[t.id] = [self.gate(g, after) for g in usable]
        self.sel.tasks[t.id] = t


def select_gates(ctx: Context, gates: list[Gate]) -> Selection:
    """A job per gate; a gate with no command makes the plan unusable."""
    build = _Builder(ctx)
    for g in gates:
        if not g.commands:
            raise UnusablePlanError(f"gate '{g.name}' has no command", path=ctx.shown, line=g.line)
        build.gate(g)
    return build.sel


def select_tasks(ctx: Context, plan: Plan, tasks: list[Task], *, verify: bool) -> Selection:
    """A job per task that can run now (a Gate task's are its gates); the rest set aside."""
    build = _Builder(ctx)
    sel = build.sel
    selected = {t.id for t in tasks}
    # Selected tasks that will not be complete when this run ends: manual ones, and those
    # waiting on them. Their dependents wait too (tasks come in dependency order).
    waiting: set[str] = set()
    held: set[str] = set()  # manual tasks not done, and what waits on them
    for t in tasks:
        unmet = [d for d in t.depends if d in waiting or _unmet(plan, d, selected)]
        if any(d in held or _manual_open(plan, d) for d in unmet):
            held.add(t.id)
        absent = [d for d in unmet if plan.task(d) is None]
        if absent and not verify:
            names = ", ".join(absent)
            sel.not_ready.append((t, f"depends on {names}, which the plan does not have (P104)"))
            sel.missing.append(t.id)
            waiting.add(t.id)
        elif unmet and not verify:
            sel.not_ready.append((t, "waits for " + ", ".join(unmet)))
            waiting.add(t.id)
            if t.id in held:
                sel.for_person.append(t.id)
        elif t.never_runs or t.manual:
            sel.manual.append(t)
            waiting.add(t.id)
            held.add(t.id)
        elif t.runs_gates and not any(g.commands for g in plan.gates):
            # A Gate task whose gates are only `<cmd>` placeholders cannot run: it is set
            # aside saying so, never a pass, and the other tasks run (the second trial's
            # F-J: it aborted the whole run and its dry run).
            why = "runs the Quality Gates, and the plan has no gate with a command"
            sel.not_ready.append((t, why))
            sel.missing.append(t.id)
            waiting.add(t.id)
        elif not ctx.ws.settings.allow_actions and (leaks := _leads_out(ctx.ws.root, t.commands)):
            # A check that deletes or writes through a symlink out of the work tree acts
            # there: manual, like any action, and it says which path and where it leads.
            sel.manual.append(replace(t, commands=(), expects=(), sources=(), acting=leaks))
            waiting.add(t.id)
        else:
            after = tuple(
                key
                for d in t.depends
                if d in selected
                for key in (sel.gate_keys_for.get(d) or [task_key(plan.task(d) or t)])
            )
            if t.runs_gates:
                build.gate_task(plan, t, after)
            else:
                build.task(t, after)
    return sel


def _leads_out(root: Path, commands: tuple[str, ...]) -> tuple[Acting, ...]:
    """The commands that delete or write a path which, symlinks followed, is outside `root`
    though written inside it (`rm -rf build/*` with `build -> /elsewhere`)."""
    real_root = root.resolve()
    found: list[Acting] = []
    for command in commands:
        if (unpacked := _extracts_out(root, command)) is not None:
            found.append(unpacked)
            continue
        for written in changed_paths(command):
            temporary = _temporary(written)
            if (written.startswith(("/", "~", "$")) and temporary is None) or not written.strip():
                continue  # named outside on purpose: the reader's rules already decided
            # The folder part before any glob or variable: what the shell walks through.
            head = re.split(r"[*?\[{$`]", written, maxsplit=1)[0]
            folder = head if head.endswith("/") or head == written else os.path.dirname(head)
            inside = real_root if temporary is None else temporary
            target = ((root if temporary is None else Path("/")) / (folder or ".")).resolve()
            if target != inside and inside not in target.parents:
                found.append(Acting(command, f"changes {written}, which leads to {target}"))
                break
    return tuple(found)


def _temporary(path: str) -> Path | None:
    """The temporary folder (its real path) an absolute path is written under (`/tmp/x/f`),
    or None: a link in it that leads elsewhere (`/tmp/x -> /etc`) takes the write out."""
    for top in ("/tmp", "/var/tmp"):
        if path.startswith(top + "/"):
            return Path(top).resolve()
    return None


def _extracts_out(root: Path, command: str) -> Acting | None:
    """A command that unpacks a committed archive holding a member that lands in `.git/`
    or outside the tree (`../x`, `/etc/x`, a link out): the ninth pass planted a hook."""
    for archive, dest in extractions(command):
        for name, link in _members(root / archive):
            landed = os.path.normpath(os.path.join(root, dest, name))
            inside = os.path.relpath(landed, root)
            why = ""
            if os.path.isabs(name) or inside.split(os.sep)[0] == "..":
                why = "outside the work tree"
            elif inside.split(os.sep)[0] == ".git":
                why = "in git's own folder"
            elif link and (os.path.isabs(link) or ".." in link.split("/")):
                why = f"as a link to {link}"
            if why:
                return Acting(command, f"extracts {archive}, whose {name} lands {why}")
    return None


def _members(archive: Path) -> list[tuple[str, str]]:
    """An archive's member names, each with its link target ('' for a file); [] when it
    cannot be read (the command then fails on its own)."""
    import tarfile
    import zipfile

    try:
        if zipfile.is_zipfile(archive):
            with zipfile.ZipFile(archive) as z:
                return [(n, "") for n in z.namelist()]
        with tarfile.open(archive, "r:*") as t:
            return [(m.name, m.linkname if m.issym() or m.islnk() else "") for m in t]
    except (OSError, tarfile.TarError, zipfile.BadZipFile, EOFError, ValueError):
        return []


# Variables a command names that say nothing of what it reads: the shell's own, and those
# the runner sets (PLAN_CHECK_MARK differs every run).
_SHELL_OWN = frozenset(
    """PWD OLDPWD RANDOM SRANDOM SECONDS LINENO BASHPID PPID UID EUID HOSTNAME SHLVL IFS
    OPTIND OPTARG REPLY PIPESTATUS BASH_SOURCE FUNCNAME EPOCHSECONDS EPOCHREALTIME
    PLAN_FILE PLAN_GATE PLAN_TASK_ID PLAN_CHECK_MARK""".split()  # noqa: SIM905
)
_NAMED_VARIABLE = re.compile(r"\$\{?#?([A-Za-z_][A-Za-z0-9_]*)")  # `${#STAGE}` names STAGE too
# `$PWD/.env`, `${PWD}/cfg/a`: the working folder is the repository's root here.
_AT_PWD = re.compile(r"^(?:\$PWD|\$\{PWD\})/+")


_INNER_WORD = re.compile(r"[^\s'\"()<>;|&`=$,\[\]{}]+")


def read_by_command(root: Path, plan_path: Path, commands: tuple[str, ...]) -> tuple[str, ...]:
    """What a gate's own command text says it reads beyond the files git tracks (case 16):
    each `$VARIABLE` it names, and each file it names that exists in the repository (an
    ignored `.env`, `coverage.xml`); the plan itself aside (every run rewrites it). They
    join the gate's fingerprint as declared inputs do."""
    found: list[str] = []
    for command in commands:
        found += [f"${v}" for v in _NAMED_VARIABLE.findall(command) if v not in _SHELL_OWN]
        try:
            words = shlex.split(command, comments=True)
        except ValueError:
            words = command.split()
        # Words inside `$( )`, quotes and code too (`test "$(cat .env)" = ok`, `sh -c 'grep
        # x .env'`, `python3 -c "open('.env')"`; the fourteenth pass: such a gate stayed up
        # to date after `.env` changed).
        words += _INNER_WORD.findall(command)
        for word in words:
            word = word.split("=", 1)[-1] if word.startswith("-") else word
            word = _AT_PWD.sub("", word)
            if not word or word.startswith(("-", "/", "~")) or "$" in word or len(word) > 255:
                continue
            if any(c in word for c in "*?[") and not word.startswith("."):
                # A glob naming files (`cfg/*.ini`, `*.local`): its matches are what it reads
                # (the sixteenth pass: a changed ignored match left the gate up to date).
                if _globs_files(root, word):
                    found.append(word)
                continue
            path = root / word
            try:
                if path.is_file() and path.resolve() != plan_path.resolve():
                    found.append(word)
            except OSError:
                continue
    return tuple(dict.fromkeys(found))


def _globs_files(root: Path, pattern: str) -> bool:
    """Whether a relative glob matches a file in the repository (`**`, a walk of the whole
    tree, is no input: declare it)."""
    if "**" in pattern:
        return False
    try:
        return any(p.is_file() for p in root.glob(pattern))
    except (OSError, ValueError, NotImplementedError):
        return False


def inputs_digest(root: Path, inputs: tuple[str, ...]) -> str:
    """One hash of what a gate declares it reads beyond git (README, "What the fingerprint
    covers"): each `$VARIABLE`'s value and each file's bytes (missing, or outside the
    repository, counts as absent). Values are hashed, never stored."""
    import hashlib

    h = hashlib.sha256()
    real_root = root.resolve()
    for item in sorted(set(inputs)):
        h.update(item.encode() + b"\0")
        if item.startswith("$"):
            value = os.environ.get(item.lstrip("${").rstrip("}"))
            h.update(b"unset" if value is None else b"=" + value.encode("utf-8", "replace"))
            continue
        for name, data in _input_files(root, real_root, item):
            h.update(name.encode("utf-8", "replace") + b"\0" + data)
    return h.hexdigest()[:16]


INPUT_FILES = 10_000  # files hashed by their bytes for one folder input; the rest by stat


def _input_files(root: Path, real_root: Path, item: str) -> list[tuple[str, bytes]]:
    """The files an input names, each with its bytes (b"absent" / b"outside" markers): one
    file, every file under a folder (`cfg/`), or every match of a glob (`build/*.txt`), in
    name order; a path resolving outside the repository counts as outside."""
    try:
        paths = sorted(root.glob(item)) if any(c in item for c in "*?[") else [root / item]
    except (NotImplementedError, ValueError, OSError):  # an absolute or odd pattern
        return [(item, b"absent")]
    found: list[tuple[str, bytes]] = []
    for path in paths:
        real = path.resolve()
        if real != real_root and real_root not in real.parents:
            found.append((item, b"outside"))
            continue
        if real.is_dir():
            files = sorted(f for f in real.rglob("*") if f.is_file())
            for f in files[:INPUT_FILES]:
                found.append((f.relative_to(real).as_posix(), _bytes(f, real_root)))
            for f in files[INPUT_FILES:]:
                # Past the limit, each file by its size and change time (no bytes read): a
                # change to the 10,005th file still reruns the gate (the seventh pass).
                found.append((f.relative_to(real).as_posix(), _stat(f)))
            continue
        found.append((path.name, _bytes(real, real_root)))
    return found or [(item, b"absent")]


def _stat(path: Path) -> bytes:
    try:
        st = path.stat()
    except OSError:
        return b"absent"
    return b"stat:%d:%d" % (st.st_size, st.st_mtime_ns)


def _bytes(path: Path, real_root: Path) -> bytes:
    real = path.resolve()
    if real != real_root and real_root not in real.parents:
        return b"outside"
    try:
        st = real.stat()
        if not stat.S_ISREG(st.st_mode):
            # A FIFO, a socket or a device is counted by its type, never opened (the
            # sixteenth pass: a declared `.env` that was a named pipe hung every run).
            return b"type:%o" % stat.S_IFMT(st.st_mode)
        # Its mode's execute bits too: `chmod -x run.sh` changes what `test -x run.sh` says
        # (the sixteenth pass: the gate stayed up to date).
        return b"=%o:" % (st.st_mode & 0o111) + real.read_bytes()
    except OSError:
        return b"absent"


def _manual_open(plan: Plan, dep_id: str) -> bool:
    dep = plan.task(dep_id)
    return bool(dep and (dep.manual or dep.never_runs) and not (dep.status and dep.status.done))


def _unmet(plan: Plan, dep_id: str, selected: set[str]) -> bool:
    if dep_id in selected:
        return False
    dep = plan.task(dep_id)
    return not (dep and dep.status and dep.status.done)


def run_env(plan_path: Path) -> dict[str, str]:
    """What every command of a plan's run sees beyond the environment: PLAN_FILE, the PATH."""
    return _env(plan_path)


def _env(plan_path: Path, *, task: str | None = None, gate: str | None = None) -> dict[str, str]:
    # npm 7 and later fetch a package `npx x` does not find and run it; with yes=false they
    # refuse, so `npx tsc` runs the project's tsc or fails, and never installs (rule 6).
    env = {"PLAN_FILE": str(plan_path), "npm_config_yes": "false", "NPM_CONFIG_YES": "false"}
    if sys.prefix != sys.base_prefix:
        # Run from a virtualenv, commands see its tools first: `python`, `pytest`, `doit`
        # mean the ones installed beside `plan`, as if the environment were activated.
        bin_dir = str(Path(sys.executable).parent)
        path = os.environ.get("PATH", "")
        if path.split(os.pathsep)[:1] != [bin_dir]:
            env["PATH"] = bin_dir + os.pathsep + path
    if task is not None:
        env["PLAN_TASK_ID"] = task
    if gate is not None:
        env["PLAN_GATE"] = gate
    return env
