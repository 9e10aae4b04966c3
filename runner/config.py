"""Where things are: the repository root, settings, the plans folder, the plan to use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from runner.errors import UsageError, path_error
from runner.inference import parse_duration


@dataclass(frozen=True)
class Settings:
    """`[tool.plan]` in pyproject.toml, with defaults."""

    plans_dir: str = "plans"
    commit: bool = True
    session_gap: float = 2 * 3600
    infer_commands: bool = True
    timeout: float = 30 * 60
    task_table: str | None = None


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
    try:
        raw = path.read_bytes()
    except OSError:
        return Settings()
    if b"tool.plan" not in raw:
        return Settings()  # most projects: no need to load a TOML parser at all
    import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read [tool.plan]: {exc}", path=str(path)) from None
    table = data.get("tool", {}).get("plan", {})
    if not isinstance(table, dict):
        return Settings()
    kwargs: dict[str, object] = {}
    for key in ("plans_dir", "task_table"):
        if key in table:
            if not isinstance(table[key], str) or not table[key].strip():
                raise UsageError(f"[tool.plan] {key} must be a non-empty string", path=str(path))
            kwargs[key] = table[key]
    for key in ("commit", "infer_commands"):
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


def plan_files(folder: Path) -> list[Path]:
    """The Markdown files directly in the plans folder, sorted by name."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() == ".md" and p.is_file())


def match_name(folder: Path, name: str) -> Path:
    """The one file in the plans folder that `name` names (stem, prefix or slug part)."""
    files = plan_files(folder)
    for test in (
        lambda p: p.name == name or p.stem == name,
        lambda p: p.stem.startswith(name),
        lambda p: name.lower() in p.stem.lower(),
    ):
        found = [p for p in files if test(p)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = ", ".join(p.name for p in found)
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
        raise path_error(exc, name) from None
    return match_name(folder, name)
