"""Reading a plan from disk and choosing the default plan; no processes, no git."""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from runner.errors import (
    ConflictMarkersError,
    NoPlansError,
    NotUtf8PlanError,
    UnreadablePlanError,
    UnusablePlanError,
    UsageError,
    WhichPlanError,
)
from runner.markdown.blocks import Blocks
from runner.markdown.doc import Document, NotUtf8Error
from runner.plan import conflicts
from runner.plan.model import normalise_plan_status
from runner.plan.reading import Parsed, parse_document
from runner.plan.rows import DEFAULT_OPTIONS, Options
from runner.workspace.bounded import read_state
from runner.workspace.config import plan_files, resolve_plan, search_folders
from runner.workspace.layout import Workspace, for_plan, options, workspace
from runner.workspace.paths import lexical, os_errors
from runner.workspace.remembered import needs_results, with_failures
from runner.workspace.state import cache_entry, last_results, store


def read_plan(ws: Workspace, path: Path) -> Parsed:
    """Read a plan with its workspace's cache and reading settings; a checklist task whose
    last result is failed reads as failed (`runner.workspace.remembered`)."""
    parsed = read(path, ws.display(path), ws.cache, options(ws.settings))
    if not needs_results(parsed):
        return parsed
    return with_failures(parsed, last_results(ws, path))


def locate(name: str | None, cwd: Path | None = None) -> tuple[Workspace, Path]:
    """The plan a command works on (`choose`) and the workspace of its own repository."""
    ws = workspace(cwd)
    with os_errors(name or "."):
        try:
            chosen = choose(ws, name)
        except (NoPlansError, WhichPlanError):
            if name or not _written_just_now(ws.plans_dir):
                raise
            # A plan saved in parts, caught before its table: choose once it has rested.
            chosen = choose(ws, name)
        path = lexical(chosen)
    return for_plan(ws, path), path


# How long ago a Markdown file of the plans folder must have been written for a failed
# choice to stand: an editor's save in parts pauses between its parts (issue 19).
RESTED = 0.1


def _written_just_now(folder: Path) -> bool:
    """Whether a Markdown file of `folder` was written in the last RESTED seconds; if so,
    wait (up to 5 s) until none was, then say True."""
    import time

    def fresh() -> bool:
        try:
            now = time.time()
            return any(now - p.stat().st_mtime < RESTED for p in folder.glob("*.md"))
        except OSError:
            return False

    if not fresh():
        return False
    deadline = time.monotonic() + 5.0
    while fresh() and time.monotonic() < deadline:
        time.sleep(0.02)
    return True


def read(
    path: Path, shown: str, cache: Path | None = None, opts: Options = DEFAULT_OPTIONS
) -> Parsed:
    """Read and parse a plan; a file that is not UTF-8, or that holds git's conflict
    markers (an unresolved merge), is unusable (exit 3).

    With a cache folder, markdown-it's block structure is kept there by content hash.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"no such plan: {shown}") from None
    except OSError as exc:
        raise UnreadablePlanError(path=shown, why=exc.strerror or str(exc)) from None
    return parse(data, path, shown, cache, opts)


def read_plan_bytes(ws: Workspace, path: Path, data: bytes) -> Parsed:
    """`read_plan` of bytes already read from `path` (a run that made sure it read a
    finished save parses exactly those bytes, never a second read of the file)."""
    parsed = parse(data, path, ws.display(path), ws.cache, options(ws.settings))
    if not needs_results(parsed):
        return parsed
    return with_failures(parsed, last_results(ws, path))


def parse(
    data: bytes, path: Path, shown: str, cache: Path | None = None, opts: Options = DEFAULT_OPTIONS
) -> Parsed:
    """Parse a plan's bytes (read from `path`, shown as `shown`): see `read`."""
    try:
        doc = Document.from_bytes(data)
    except NotUtf8Error as exc:
        raise NotUtf8PlanError(path=shown, line=exc.line, detail=str(exc)) from None
    if conflicts.might_hold(data):
        found = conflicts.conflicts(doc.lines)
        if found:
            raise ConflictMarkersError(
                path=shown, conflicts=[(c.line, c.end, c.describe()) for c in found]
            )
    if cache is None:
        return parse_document(doc, options=opts)
    key = hashlib.sha256(data).hexdigest()
    blocks = _cached_blocks(_entry(cache, path), key)
    parsed = parse_document(doc, blocks, opts)
    if blocks is None and parsed.structure.blocks is not None:
        remember(cache, path, data, parsed.structure.blocks)
    return parsed


def _entry(cache: Path, path: Path) -> Path:
    return cache_entry(cache, path)


def remember(cache: Path | None, path: Path, data: bytes, blocks: Blocks) -> None:
    """Keep the block structure of `data` (the plan's bytes) for the next reader."""
    if cache is not None:
        _store_blocks(_entry(cache, path), hashlib.sha256(data).hexdigest(), blocks)


CACHE_VERSION = 2  # 2: fences and comments under deep nesting


@functools.cache
def _parser_id() -> str:
    """Which block reader wrote a cache entry: a hash of its source, so a plan version with
    a changed reader never trusts an older one's reading (the sixteenth pass: a cache whose
    contents no longer matched the plan made an open task vanish and the plan Complete)."""
    from runner.markdown import blocks, codespans, html

    h = hashlib.sha256()
    for module in (blocks, codespans, html):
        try:
            h.update(Path(module.__file__ or "").read_bytes())
        except OSError:
            h.update(module.__name__.encode())
    return h.hexdigest()[:16]


def _sum(blocks_json: object) -> str:
    """A checksum of an entry's contents: an entry changed by hand or cut short is no cache."""
    return hashlib.sha256(json.dumps(blocks_json, sort_keys=True).encode()).hexdigest()[:16]


def _cached_blocks(entry: Path, key: str) -> Blocks | None:
    try:
        data = json.loads(read_state(entry))
        if (
            data.get("version") == CACHE_VERSION
            and data.get("key") == key
            and data.get("parser") == _parser_id()
            and data.get("sum") == _sum(data["blocks"])
        ):
            return Blocks.from_json(data["blocks"])
    except (OSError, ValueError, RecursionError, KeyError, TypeError, AttributeError, IndexError):
        pass  # no cache, or a damaged or hand-made one (`[[1, 2, 3]]`): parse afresh
    return None


def _store_blocks(entry: Path, key: str, blocks: Blocks) -> None:
    # A cache that cannot be written is only slower.
    body = blocks.to_json()
    entry_json = {"version": CACHE_VERSION, "key": key, "parser": _parser_id(), "sum": _sum(body)}
    store(entry, json.dumps({**entry_json, "blocks": body}))


def choose(ws: Workspace, name: str | None) -> Path:
    """The plan a command works on: the one named (the CLI reads PLAN_FILE), or the only
    open one (Status not Complete; with no Status of its own, some work not done)."""
    if name:
        return resolve_plan(name, ws.cwd, ws.plans_dir)
    files = plan_files(ws.plans_dir)
    if not files:
        raise NoPlansError(looked_in=ws.looked_in())
    open_plans = []
    for f in files:
        try:
            plan = read_plan(ws, f).plan
        except (UnusablePlanError, UsageError):
            open_plans.append(f)
            continue
        status = normalise_plan_status(plan.status)
        # A plan that says no Status of its own is finished when all its work is.
        finished = status == "Complete" or (status is None and plan.complete())
        if not finished:
            open_plans.append(f)
    if len(open_plans) == 1:
        return open_plans[0]
    if not open_plans and len(files) == 1:
        return files[0]  # one plan, Complete: nothing is ambiguous (verify, history, status)
    why = "several plans are not Complete" if open_plans else "every plan is Complete"
    raise WhichPlanError(why=why, found=[ws.display(f) for f in (open_plans or files)])


def plans_among(ws: Workspace, names: list[str]) -> list[Path]:
    """Of the files named (a pre-commit hook's), the plans of the plans folder or, when the
    search is on, of any folder of the search (`plan lint --hook`)."""
    folders = {ws.plans_dir, *search_folders(ws.root, ws.settings)}
    plans = {p.resolve() for folder in folders for p in plan_files(folder)}
    return [path for path in ((ws.cwd / name).resolve() for name in names) if path in plans]
