"""Git, through GitPython's `repo.git` (never its index writer); the only importer of git.

One package, a module per job: the work tree's fingerprint, committing the plan, history
(trailers, results and plan versions read back), and what the merge driver asks of git.
"""

from runner.vcs.base import (
    DEMO_IDENTITY,
    TRAILER_KEYS,
    branch,
    head,
    init_with_commit,
    moved_by_plans_only,
)
from runner.vcs.commit import LOCK_WAIT_S, CommitOutcome, commit_hooks, commit_plan
from runner.vcs.history import (
    Record,
    Version,
    blob_texts,
    changed_since,
    checked_out,
    diff_since,
    first_commit,
    history,
    log_oneline,
    message,
    plan_versions,
    trailers,
)
from runner.vcs.merging import (
    conflict_style,
    get_config,
    merge_file,
    merge_names,
    set_config,
    unset_config,
)
from runner.vcs.snapshot import Changes, changes, git_setup, snapshot
from runner.vcs.worktree import fingerprint

__all__ = [
    "DEMO_IDENTITY",
    "LOCK_WAIT_S",
    "TRAILER_KEYS",
    "Changes",
    "CommitOutcome",
    "Record",
    "Version",
    "blob_texts",
    "branch",
    "changed_since",
    "changes",
    "checked_out",
    "commit_hooks",
    "commit_plan",
    "conflict_style",
    "diff_since",
    "fingerprint",
    "first_commit",
    "get_config",
    "git_setup",
    "head",
    "history",
    "init_with_commit",
    "log_oneline",
    "merge_file",
    "merge_names",
    "message",
    "moved_by_plans_only",
    "plan_versions",
    "set_config",
    "snapshot",
    "trailers",
    "unset_config",
]
