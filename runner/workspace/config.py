"""Where things are: the repository root, settings, the plans folder, the plan to use."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from runner.errors import PathError, UsageError
from runner.markdown.patterns import later
from runner.plan.duration import parse_duration


@dataclass(frozen=True)
class Settings:
    """`[tool.plan]` in pyproject.toml, with defaults."""

    plans_dir: str = "plans"
    plans_dir_set: bool = False  # plans_dir written in [tool.plan]: no search (README)
    commit: bool = True
    session_gap: float = 2 * 3600
    infer_commands: bool = True
    timeout: float = 30 * 60
    task_table: str | None = None
    allow_actions: bool = False
    evidence: bool = False  # a passing task's last output lines under Artifacts & Notes
    # What every gate reads beyond the files git tracks (`[tool.plan] gate_inputs`).
    gate_inputs: tuple[str, ...] = ()


def find_root(start: Path) -> tuple[Path, Path | None]:
    """The work tree root and its git directory (None outside git), found without git."""
    here = start.resolve()
    for folder in (here, *here.parents):
        dot_git = folder / ".git"
        if dot_git.is_dir():
            return folder, dot_git
        if dot_git.is_file():
            text = dot_git.read_text(encoding="utf-8", errors="replace")
            m = re.match(r"gitdir:\s*(.+)", text.strip())
            if m:
                return folder, (folder / m.group(1).strip()).resolve()
    return here, None


def state_dir(root: Path, git_dir: Path | None) -> Path:
    """The runner's own folder: `.git/plan/` inside git, `.plan/` outside; never the work tree."""
    return git_dir / "plan" if git_dir else root / ".plan"


def load_settings(root: Path) -> Settings:
    """Read `[tool.plan]` from the root's pyproject.toml; bad values are usage errors."""
    path = root / "pyproject.toml"
    return settings_from(_read_pyproject(root, path), path)


def settings_from(raw: bytes | None, path: Path) -> Settings:
    """`[tool.plan]` read from a pyproject.toml's bytes (None: no file)."""
    if raw is None or b"tool.plan" not in raw:
        return Settings()  # most projects: no need to load a TOML parser at all
    import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read [tool.plan]: {exc}", path=str(path)) from None
    except RecursionError:
        raise UsageError(
            "cannot read [tool.plan]: values nested too deeply", path=str(path)
        ) from None
    table = data.get("tool", {}).get("plan", {})
    if not isinstance(table, dict):
        return Settings()
    kwargs: dict[str, object] = {}
    for key in ("plans_dir", "task_table"):
        if key in table:
            if not isinstance(table[key], str) or not table[key].strip():
                raise UsageError(f"[tool.plan] {key} must be a non-empty string", path=str(path))
            if "\x00" in table[key]:
                raise UsageError(f"[tool.plan] {key} must not hold a NUL character", path=str(path))
            kwargs[key] = table[key]
    kwargs["plans_dir_set"] = "plans_dir" in table
    if "gate_inputs" in table:
        value = table["gate_inputs"]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise UsageError(
                "[tool.plan] gate_inputs must be a list of paths and $VARIABLES", path=str(path)
            )
        kwargs["gate_inputs"] = tuple(value)
    for key in ("commit", "infer_commands", "allow_actions", "evidence"):
        if key in table:
            if not isinstance(table[key], bool):
                raise UsageError(f"[tool.plan] {key} must be true or false", path=str(path))
            kwargs[key] = table[key]
    for key in ("session_gap", "timeout"):
        if key in table:
            value = parse_duration(str(table[key]))
            if value is None:
                raise UsageError(
                    f"[tool.plan] {key} must be a duration like 2h or 90s", path=str(path)
                )
            kwargs[key] = value
    return Settings(**kwargs)  # type: ignore[arg-type]


PYPROJECT_LIMIT = 4 * 1024 * 1024  # bytes; a larger pyproject.toml is refused


def _read_pyproject(root: Path, path: Path) -> bytes | None:
    """pyproject.toml's bytes; None when there is none or it cannot be opened. One that
    resolves outside the repository, is not a regular file (a FIFO, `/dev/zero`) or is over
    PYPROJECT_LIMIT is a usage error: it is never obeyed, waited on or read without end."""
    import stat

    if not os.path.lexists(path):
        return None
    try:
        real = Path(os.path.realpath(path))
        real_root = Path(os.path.realpath(root))
    except (OSError, ValueError):
        return None
    if real_root not in real.parents:
        raise UsageError(
            f"pyproject.toml resolves outside the repository ({real}); plan reads settings"
            " only from inside it",
            path=str(path),
        )
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise UsageError("pyproject.toml is not a regular file", path=str(path))
        try:
            raw = fh.read(PYPROJECT_LIMIT + 1)
        except OSError:
            return None
    if len(raw) > PYPROJECT_LIMIT:
        raise UsageError(
            f"pyproject.toml is larger than {PYPROJECT_LIMIT // (1024 * 1024)} MiB", path=str(path)
        )
    return raw


# Where plans are looked for when `plans_dir` is not set and `plans/` does not exist, in this
# order (README, "Finding the plan"); the first that holds a plan wins. `.plan/` is never
# searched: it is the runner's own state folder outside git.
SEARCH = (
    "plans",
    ".agent/execplans",
    ".agent/plans",
    ".agents/execplans",
    ".agents/plans",
    ".agent",
    "docs/exec-plans/active",
    "docs/exec-plans",
    "docs/plans",
    "execplans",
)
# Folders that only hold plans: taken, when none of the search holds a plan, as the place
# where `plan new` writes (`.agent/` and `docs/exec-plans/` hold other things too).
DEDICATED = tuple(f for f in SEARCH if f not in (".agent", "docs/exec-plans"))

# Files that are never plans, whatever they hold: the folder's own documents.
NOT_PLANS = frozenset(
    {
        "readme",
        "index",
        "plans",
        "changelog",
        "changes",
        "contributing",
        "license",
        "agents",
        "claude",
        "security",
        "code_of_conduct",
        "tech-debt-tracker",
    }
)
_TEMPLATE = later(r"(?:^|[-_. ])template(?:$|[-_. ])", re.IGNORECASE)
_CHECKLIST = later(r"^[ \t]{0,8}(?:[-*+]|\d+[.)])[ \t]+\[[ xX]\]", re.MULTILINE)
_STATUS_HEADER = later(r"^[ \t]{0,3}\|.*\b(?:status|state)\b.*\|", re.MULTILINE | re.I)
_TITLE = later(r"^(?:#[ \t]+|title:[ \t]*)(.*)$", re.MULTILINE)
_SAYS_PLAN = later(r"\b(?:exec[- ]?)?plan", re.IGNORECASE)
SNIFF_BYTES = 1 << 20  # a tracker or a title further in than 1 MB is not looked for


# `### Task 3: ...` or `## Phase 2: ...` sections: a plan with no table or checklist.
_TASK_SECTION = later(r"^#{2,4}\s+(?:Task|Phase)\s+\d+[.:)]?\s", re.MULTILINE | re.IGNORECASE)


def not_plan_reason(path: Path) -> str | None:
    """Why a Markdown file in a plans folder is not taken as a plan, or None when it is.

    By name first (README, TEMPLATE, index, PLANS.md, CHANGELOG ...), then by a cheap look
    at its text: a plan has a tracker (a table with a Status column, or a checklist) or a
    title that says plan ("ExecPlan: ...", "Plan: ...").
    """
    stem = path.stem.lower()
    if stem in NOT_PLANS:
        return f"{path.name} is the folder's own document, by its name"
    if _TEMPLATE.search(stem):
        return "a template, by its name"
    try:
        with path.open("rb") as f:
            data = f.read(SNIFF_BYTES)
    except OSError as exc:
        return f"cannot read: {exc.strerror}"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if len(data) < SNIFF_BYTES or exc.start < len(data) - 3:
            return None  # not UTF-8: taken, so that reading it says so (P001)
        text = data.decode("utf-8", errors="ignore")  # a character cut at SNIFF_BYTES
    if _CHECKLIST.search(text) or _STATUS_HEADER.search(text) or _TASK_SECTION.search(text):
        return None
    if not text.strip():
        # Empty: a plan an editor has just truncated to save it again, or one just begun.
        # Taken, so that reading it waits for the save and then says so (P002, exit 3),
        # never "no plans" (issue 19, F12a).
        return None
    title = _TITLE.search(text)
    if title and _SAYS_PLAN.search(title.group(1)):
        return None
    if _SAYS_PLAN.search(path.stem.replace("_", " ").replace("-", " ")):
        return None  # `PLAN-unified-scheduler.md`: named a plan by its author
    return "no task table, checklist or task sections, and neither its title nor its name says plan"


def markdown_files(folder: Path) -> list[Path]:
    """The Markdown files directly in a folder, sorted by name (plans or not)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() == ".md" and p.is_file())


# A folder per plan (`docs/exec-plans/active/<slug>/PLAN_<slug>.md`, `<slug>/execplan.md`,
# `.agents/plans/<nnn-slug>/000-plan.md`):
# in a subfolder of the plans folder, the file named like this is the plan.
_PLAN_NAME = later(r"^(?:\d+[-_.]?)?(?:exec[-_ ]?)?plan(?:$|[-_. ])", re.IGNORECASE)
# A folder of several plans (`docs/plans/sprint-2/api-lifecycle-execplan.md`): names that
# end with the word.
_PLAN_END = later(r"(?:^|[-_. ])(?:exec[-_ ]?)?plan$", re.IGNORECASE)


def candidate_files(folder: Path) -> list[Path]:
    """The Markdown files directly in the plans folder, then in each of its subfolders the
    ones named `PLAN...`, `plan...` or `execplan...` (a folder per plan), or `...-plan`,
    `..._execplan` (a folder of plans, one per sprint or area)."""
    found = markdown_files(folder)
    if folder.is_dir():
        for sub in sorted(d for d in folder.iterdir() if d.is_dir() and d.name[:1] != "."):
            found += [p for p in markdown_files(sub) if _plan_named(p.stem)]
    return found


def _plan_named(stem: str) -> bool:
    return bool(_PLAN_NAME.match(stem) or _PLAN_END.search(stem))


def plan_files(folder: Path) -> list[Path]:
    """The plans in the plans folder (see `candidate_files` and `not_plan_reason`)."""
    return [p for p in candidate_files(folder) if not_plan_reason(p) is None]


def plan_label(folder: Path, path: Path) -> str:
    """A plan's short name: its file stem, or its folder's name for a folder per plan
    (`auth/PLAN.md`); a plan in a folder of plans (`sprint-2/api-execplan.md`) by its stem."""
    if path.parent == folder or not _PLAN_NAME.match(path.stem):
        return path.stem
    return path.parent.name


def search_folders(root: Path, settings: Settings) -> list[Path]:
    """Where plans are looked for: the folder set in `[tool.plan]`, else `plans/` when it
    exists, else every folder of `SEARCH` (whether it exists or not)."""
    configured = root / settings.plans_dir
    if settings.plans_dir_set or configured.is_dir():
        return [configured]
    return [root / name for name in SEARCH]


def find_plans_dir(root: Path, settings: Settings) -> Path:
    """The plans folder: the configured one, else the first of the search holding a plan,
    else the first existing folder that only holds plans, else the configured default."""
    folders = search_folders(root, settings)
    if len(folders) == 1:
        return folders[0]
    existing = [f for f in folders if f.is_dir()]
    for folder in existing:
        if plan_files(folder):
            return folder
    for folder in existing:
        if folder.relative_to(root).as_posix() in DEDICATED:
            return folder
    return root / settings.plans_dir


def match_name(folder: Path, name: str) -> Path:
    """The one file in the plans folder that `name` names (stem, prefix or slug part): among
    the plans first, then among the folder's other Markdown files (named, so wanted)."""
    tests: list[Callable[[Path], bool]] = [
        lambda p: name in (p.name, p.stem, plan_label(folder, p)),
        lambda p: plan_label(folder, p).startswith(name),
        lambda p: name.lower() in plan_label(folder, p).lower(),
    ]
    for files in (plan_files(folder), candidate_files(folder)):
        for test in tests:
            found = [p for p in files if test(p)]
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                names = ", ".join(os.path.relpath(p, folder) for p in found)
                raise UsageError(f"'{name}' matches several plans: {names}; name one of them")
    raise UsageError(f"no plan '{name}': not a file, and no match in {folder}")


def resolve_plan(name: str | None, cwd: Path, folder: Path) -> Path:
    """A path, or a name in the plans folder; the caller picks the default plan."""
    if not name:
        raise UsageError("no plan named")
    candidate = Path(name)
    if not candidate.is_absolute():
        candidate = cwd / candidate
    try:
        if candidate.is_file():
            return candidate
        if candidate.is_dir():
            raise UsageError(f"{name} is a folder, not a plan")
    except OSError as exc:  # a name over 255 bytes, a file used as a folder
        raise PathError.of(exc, name) from None
    return match_name(folder, name)
