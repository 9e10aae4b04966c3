"""Checks and actions (docs/format.md, "Checks and actions"): a check observes; an action
changes history or the world outside the work tree. `acts(command)` says why a command is an
action (None for a check); pure.

A plan may be someone else's: its release steps (`git commit && git tag && git push`,
`gh workflow run deploy.yml`, `npm publish`) must never run because they sit where a check
could sit. A task whose commands hold an action is manual and says which command made it so;
only the user opts in (`--allow-action`, `[tool.plan] allow_actions`), never the plan text.

The reading errs towards "action": an unknown `git` or `gh` subcommand is one, which costs a
person one `plan done`; running a deploy by mistake costs far more. A command that only
starts something that does not end (a server) or only changes the shell (`cd`, `export`) is
not a check either: nothing is observed, so it is a step for a person.
"""

from __future__ import annotations

import functools
import posixpath
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass

from runner.markdown.patterns import later
from runner.plan.effects import (
    CURL_TAKES,
    TAR_TAKES,
    TEMP_VARIABLES,
    effects,
    git_form,
    made_by_mktemp,
    option_values,
    program_name,
)
from runner.plan.verbs import acting_verb, bumps, entrypoint_verb_acts, reads_first, verb_acts

# Simple commands are split at the shell's list and pipe operators, and at subshell and
# command-substitution brackets, so `make test && git push` finds the push.
_SPLIT = later(r"&&|\|\||[;&|\n()`]|\$\(")
_ASSIGN = later(r"^[A-Za-z_][A-Za-z0-9_]*=")
# Wrappers that run the rest of the line as a command of its own.
_WRAPPERS = {
    "env", "time", "nohup", "nice", "command", "builtin", "exec", "xargs", "timeout", "stdbuf",
    "ionice", "chronic", "unbuffer", "setsid", "taskset", "chrt", "flock", "parallel", "sem",
}  # fmt: skip
# Shell keywords that open or continue a compound command: the command after them is what
# runs (`if true; then git commit; fi`).
_KEYWORDS = {
    "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}", "coproc",
}  # fmt: skip
# Wrappers' options that take a value as the next word (`nice -n 5 git push`).
_WRAPPER_VALUES = {
    "nice": {"-n", "--adjustment"},
    "xargs": {"-n", "-I", "-P", "-L", "-d", "-s", "-E", "-a", "--max-args", "--max-procs"},
    "env": {"-u", "-C", "-S", "--unset", "--chdir"},
    "stdbuf": {"-i", "-o", "-e"},
    "timeout": {"-s", "-k", "--signal", "--kill-after"},
    "time": {"-f", "-o", "--format", "--output"},
    "ionice": {"-c", "-n", "-p", "--class", "--classdata"},
    "chrt": {"-p"},
    "parallel": {"-j", "--jobs"},
}
# Wrappers whose first word after the options is theirs, not the command's.
_WRAPPER_ARG = {"taskset", "flock", "chrt"}
_PYTHON = later(r"^(?:python|python3|python3\.\d+|py|pypy3?)$")
_RUNNERS = {("uv", "run"), ("poetry", "run"), ("pipenv", "run"), ("pdm", "run"), ("rye", "run"),
            ("bundle", "exec"), ("pnpm", "exec"), ("yarn", "exec"), ("hatch", "run"),
            ("pixi", "run")}  # fmt: skip
# Programs that run the command after their `--` with secrets or settings loaded
# (`op run -- cf push`, `doppler run -- npm publish`, `aws-vault exec p -- terraform apply`).
_ENV_RUNNERS = {"op", "doppler", "dotenv", "dotenvx", "infisical", "chamber", "aws-vault",
                "direnv", "mise", "conda", "mamba", "micromamba", "pixi", "envchain",
                "teller", "sops", "with-contenv", "dotenv-cli"}  # fmt: skip
_SHELLS = {"sh", "bash", "zsh", "dash", "ksh"}

# git subcommands that only read the repository. Everything else changes it (or a remote).
_GIT_READS = {
    "status", "log", "diff", "show", "grep", "ls-files", "ls-tree", "ls-remote", "rev-parse",
    "describe", "blame", "shortlog", "cat-file", "diff-index", "diff-tree", "diff-files",
    "merge-base", "rev-list", "for-each-ref", "check-ignore", "check-attr", "fsck",
    "count-objects", "verify-commit", "verify-tag", "whatchanged", "name-rev", "reflog",
    "var", "version", "help", "show-ref", "cherry", "range-diff", "annotate", "check-ref-format",
}  # fmt: skip
_GIT_OPTS_WITH_VALUE = {"-C", "-c", "--git-dir", "--work-tree", "--namespace", "--exec-path"}
_GIT_WHY = {
    "commit": "makes a commit",
    "push": "pushes to a remote",
    "tag": "creates or deletes a tag",
    "merge": "merges into the current branch",
    "rebase": "rewrites history",
    "reset": "moves the branch or discards changes",
    "checkout": "switches branches or discards changes",
    "switch": "switches branches",
    "restore": "discards changes",
    "clean": "deletes untracked files",
    "add": "stages files",
    "rm": "removes files from the index",
    "mv": "moves files in the index",
    "stash": "stashes the work tree's changes",
    "cherry-pick": "makes commits",
    "revert": "makes a commit",
    "am": "makes commits",
    "apply": "changes the work tree",
    "branch": "creates, renames or deletes a branch",
    "pull": "fetches and merges",
    "fetch": "updates refs from a remote",
    "clone": "clones a repository",
    "init": "creates a repository",
    "remote": "changes the remotes",
    "config": "changes git's settings",
    "gc": "rewrites the object store",
    "worktree": "adds or removes worktrees",
    "submodule": "changes submodules",
    "notes": "changes notes",
    "update-ref": "moves a ref",
    "bisect": "checks out commits",
    "filter-branch": "rewrites history",
}

# gh: only these verbs read.
_GH_READS = {"view", "list", "status", "checks", "diff", "watch", "download", "search", "--help"}
# gh api's short options that take a value (`-XPOST`, `-f a=b`, `-H h`, `-q jq`).
_GH_API_TAKES = "XfFHpqt"

# npm's own verbs for the registry account (`npm login` writes a token to ~/.npmrc); those of
# them that list or show (`npm token list`, `npm profile get`, `npm team ls`) read.
_REGISTRY_ACCOUNT = {"login", "logout", "adduser", "add-user", "star", "unstar", "token",
                     "profile", "team", "org", "hook", "access"}  # fmt: skip
_ACCOUNT_READS = {"list", "ls", "get", "view", "show"}

# Tools that change the machine's own state outside the work tree with an option: a keyring,
# a key store, the system's alternatives, an agent's keys, a kernel setting, an install
# prefix, an editor's extensions (the lead's pass of the twelfth stop ran each as a check).
_MACHINE_TOOLS = {"gpg", "gpg2", "keytool", "update-alternatives", "ssh-add", "sysctl",
                  "cmake", "code", "code-insiders", "codium", "cursor", "poetry"}  # fmt: skip
_GPG_WRITES = ("--import", "--recv-keys", "--receive-keys", "--gen-key", "--generate-key",
               "--full-generate-key", "--full-gen-key", "--quick-generate-key", "--quick-gen-key",
               "--delete-key", "--delete-keys", "--delete-secret-key", "--delete-secret-keys",
               "--edit-key", "--sign-key", "--lsign-key", "--import-ownertrust",
               "--refresh-keys", "--send-keys", "--keyserver-options")  # fmt: skip


def _changes_machine(prog: str, args: list[str]) -> str | None:
    opts = {a.split("=", 1)[0] for a in args if a.startswith("-")}
    if prog in ("gpg", "gpg2"):
        return "changes the GnuPG keyring" if opts & set(_GPG_WRITES) else None
    if prog == "keytool":
        reads = {"-list", "-printcert", "-printcertreq", "-printcrl", "-help", "--help"}
        return None if opts & reads or not opts else "changes a Java key store"
    if prog == "update-alternatives":
        reads = {"--display", "--query", "--list", "--get-selections", "--help", "--version"}
        return None if opts & reads else "changes the system's alternatives"
    if prog == "ssh-add":
        return None if opts & {"-l", "-L", "-T"} else "changes the SSH agent's keys"
    if prog == "sysctl":
        set_ = "-w" in opts or any("=" in a and not a.startswith("-") for a in args)
        return "changes a kernel setting" if set_ else None
    if prog == "cmake":
        return "installs into the install prefix" if "--install" in opts else None
    if prog == "poetry":
        pos = [a for a in args if not a.startswith("-")]
        global_set = pos[:1] == ["config"] and len(pos) >= 3 and "--local" not in opts
        return "changes poetry's own configuration" if global_set else None
    if opts & {"--install-extension", "--uninstall-extension"}:
        return "installs or removes an editor extension"
    return None


# `TOOL VERB`: release and deployment verbs of common tools.
_PUBLISH: dict[str, tuple[set[str], str]] = {
    "npm": (
        {"publish", "pub", "unpublish", "deprecate", "dist-tag", "owner", *_REGISTRY_ACCOUNT},
        "publishes or changes the registry account",
    ),
    "pnpm": ({"publish", *_REGISTRY_ACCOUNT}, "publishes a package or changes the account"),
    "yarn": ({"publish", "npm", "login", "logout"}, "publishes a package"),
    "cargo": ({"publish", "yank", "owner", "login"}, "publishes a crate"),
    "twine": ({"upload", "register"}, "uploads a package"),
    "poetry": ({"publish"}, "publishes a package"),
    "uv": ({"publish"}, "publishes a package"),
    "flit": ({"publish"}, "publishes a package"),
    "hatch": ({"publish"}, "publishes a package"),
    "gem": ({"push", "yank", "owner"}, "publishes a gem"),
    "mvn": ({"deploy", "release:perform", "release:prepare"}, "deploys an artifact"),
    "gradle": ({"publish", "publishToMavenCentral"}, "publishes an artifact"),
    "dotnet": ({"nuget"}, "pushes a package"),
    "docker": ({"push", "login", "logout", "rm", "rmi", "kill", "stop", "prune"}, "changes images"),
    "podman": ({"push", "login", "rm", "rmi", "kill", "stop"}, "changes images or containers"),
    "kubectl": (
        {"apply", "create", "delete", "replace", "patch", "edit", "scale", "set", "label",
         "annotate", "drain", "cordon", "uncordon", "taint", "expose", "run", "exec", "cp",
         "autoscale"},
        "changes a cluster",
    ),
    "terraform": ({"apply", "destroy", "import", "taint", "untaint", "state"}, "changes infra"),
    "tofu": ({"apply", "destroy", "import", "taint", "untaint", "state"}, "changes infra"),
    "pulumi": ({"up", "destroy", "import", "update", "refresh", "cancel"}, "changes infra"),
    "helm": ({"install", "upgrade", "uninstall", "delete", "rollback", "push", "repo"},
             "changes a cluster"),
    "cdk": ({"deploy", "destroy", "bootstrap"}, "deploys"),
    "serverless": ({"deploy", "remove"}, "deploys"),
    "sls": ({"deploy", "remove"}, "deploys"),
    "netlify": ({"deploy"}, "deploys"),
    "fly": ({"deploy", "launch", "destroy"}, "deploys"),
    "flyctl": ({"deploy", "launch", "destroy"}, "deploys"),
    "firebase": ({"deploy"}, "deploys"),
    "wrangler": ({"deploy", "publish"}, "deploys"),
    "vercel": ({"deploy", "--prod", "promote", "rm", "remove"}, "deploys"),
    "heroku": ({"create", "destroy", "releases:rollback", "ps:scale", "config:set", "run",
                "run:detached", "pg:reset", "pg:psql"}, "deploys or runs on the remote app"),
    "kamal": ({"deploy", "setup", "rollback"}, "deploys"),
    "eb": ({"deploy", "create", "terminate"}, "deploys"),
    "skaffold": ({"run", "deploy", "delete"}, "deploys"),
    "argocd": ({"sync"}, "deploys"),
    "ansible-playbook": (set(), "changes remote hosts"),
    "systemctl": ({"start", "stop", "restart", "reload", "enable", "disable", "kill", "mask"},
                  "changes system services"),
    "service": (set(), "changes system services"),
    "crontab": (set(), "changes the crontab"),
    "brew": ({"install", "uninstall", "upgrade", "tap"}, "changes installed software"),
    "apt": ({"install", "remove", "purge", "upgrade"}, "changes installed software"),
    "apt-get": ({"install", "remove", "purge", "upgrade"}, "changes installed software"),
}  # fmt: skip
# Verbs of the cloud CLIs that change something.
_CLOUD = {"aws", "gcloud", "az", "doctl", "gsutil"}
_CLOUD_WRITE = later(
    r"^(?:deploy|create|delete|update|put|remove|rm|mv|cp|sync|invoke|start|stop|terminate|"
    r"set|add|attach|detach|publish|run|scale|restart|reboot|apply|up|send|push|upload|login|"
    r"logout|configure|tag|untag|import|enable|disable|register|deregister|reset|release|"
    r"promote|rollback|cancel|purge|modify|associate|disassociate|authorize|revoke|write|"
    r"submit|execute|copy|move|restore|rsync|receive|change|replace|ch|acl|setmeta|rewrite|mb|rb|"
    r"compose|swap|assign|unassign|grant|redeploy|reimage|resize|install|call|trigger)(?:-|$)"
)
_ALWAYS = {
    "sudo": "runs as another user",
    "doas": "runs as another user",
    "ssh": "runs commands on another host",
    "sftp": "copies files to or from another host",
    "shutdown": "stops the machine",
    "reboot": "restarts the machine",
    "kill": "signals other processes",
    "pkill": "signals other processes",
    "killall": "signals other processes",
    "launchctl": "changes system services",
    "mail": "sends mail",
    "sendmail": "sends mail",
    "runuser": "runs as another user",
    "pkexec": "runs as another user",
    # Jobs handed to a daemon run later, where no check observes them.
    "at": "hands a command to a daemon to run later (at): nothing is observed",
    "batch": "hands a command to a daemon to run later (batch): nothing is observed",
    "atrm": "removes jobs queued for later",
    "systemd-run": "hands a command to the service manager (systemd-run): nothing is observed",
}
# Programs that open a window for a person (`open http://localhost:8000`, `xdg-open f`): the
# look is the person's, and a run observes nothing (a headless browser's dump is a check).
# `python -m webbrowser URL` is read as its module, `webbrowser`.
_OPENERS = {"open", "xdg-open", "wslview", "sensible-browser", "x-www-browser", "www-browser",
            "explorer", "explorer.exe", "start", "kde-open", "kde-open5", "gnome-open",
            "exo-open", "webbrowser"}  # fmt: skip
_BROWSERS = {"firefox", "google-chrome", "google-chrome-stable", "chromium", "chromium-browser",
             "chrome", "brave-browser", "microsoft-edge", "safari", "opera", "vivaldi"}  # fmt: skip


def _shows_a_person(prog: str, args: list[str]) -> str | None:
    """Why a program that opens a window or a browser for a person is not a check."""
    if prog in _OPENERS or (prog == "gio" and args[:1] == ["open"]):
        return "opens a window for a person to look at: the run observes nothing"
    if prog in _BROWSERS and not any(
        a.startswith(("--headless", "-headless", "--screenshot", "--dump-dom", "--print-to-pdf"))
        or a in ("--version", "-v", "--help", "-h")
        for a in args
    ):
        return "opens a browser for a person to look at: the run observes nothing"
    return None


# Programs that run the command after their own options, whose values this reading does not
# know one by one (`unshare -r git tag v1`, `bwrap --bind / / -- git push`, `chroot / git
# push`): every tail of their words that starts at a word not an option is judged as a
# command of its own, so the one the wrapper runs is judged whatever its options took.
_RUNS_REST = {
    "unshare", "setpriv", "chroot", "firejail", "bwrap", "nsenter", "proot", "fakeroot",
    "fakechroot", "systemd-inhibit", "dbus-run-session", "xvfb-run", "numactl", "cgexec",
    "prlimit", "eatmydata", "nocache", "trickle", "torsocks", "proxychains", "proxychains4",
    "catchsegv", "setarch", "linux32", "linux64", "runcon", "chpst", "caffeinate", "sandbox-exec",
    # A clock faked, a watcher, a development environment, a container or a VM entered
    # (`faketime '2020-01-01' git push`, `watchexec -- git push`, `devbox run -- git push`,
    # `distrobox enter -- git push`, `lxc exec c -- rm -rf /x`, `vagrant ssh -c CMD`): the
    # sixteenth pass ran each as a check.
    "faketime", "datefudge", "watchexec", "entr", "reflex", "devbox", "distrobox", "toolbox",
    "lxc", "incus", "lxc-attach", "multipass", "vagrant", "orb", "orbctl",
}  # fmt: skip
_HTTP_WRITE = {"POST", "PUT", "PATCH", "DELETE"}
_CURL_DATA = later(r"^(?:-d|--data(?:-\w+)?|-F|--form(?:-string)?|-T|--upload-file|--json)")
# Script and task names that release or deploy (`./scripts/deploy.sh`, `make release`).
_RELEASE_NAME = later(
    r"(?:^|[-_/.:])(?:deploy|release|publish|ship|rollout|promote|upload|push)(?:$|[-_.:/]|s$|ing)"
    r"|(?:^|[-_/.:])bump(?:$|[-_.:/\d]|ing|version)",
    re.I,
)
_TASK_RUNNERS = {"make", "just", "task", "rake", "invoke", "doit", "nox", "tox", "mage", "poe",
                 "gradle", "gradlew", "sbt", "mill", "lein", "gmake"}  # fmt: skip
# Task runners whose every word is a task, however many (`./gradlew clean build publish`).
_EVERY_WORD_A_TARGET = {"make", "gmake", "gradle", "gradlew", "sbt", "mill"}
# Tools whose `--dry-run` (client or server) renders and validates and changes nothing;
# `--dry-run=none` (kubectl) and `=false` change as without it.
_DRY_RUNNERS = {"kubectl", "oc", "helm"}


def _dry_run_asked(args: list[str]) -> bool:
    own = args[: args.index("--")] if "--" in args else args  # after `--`: another program's
    for a in own:
        if a == "--dry-run":
            return True
        if a.startswith("--dry-run="):
            return a.split("=", 1)[1].lower() in ("client", "server", "true")
    return False


# camelCase task names (`publishToMavenLocal`, `deployToStaging`, `uploadArchives`,
# `prodDeploy`): the verb leads or closes the name. "release" closes build variants
# (`assembleRelease`, `bundleRelease`), which build: only a leading one acts.
_LEADS = frozenset(["deploy", "release", "publish", "ship", "rollout", "promote", "upload", "push"])
_CLOSES = frozenset(["deploy", "publish", "upload", "push", "rollout", "promote"])


def _camel_acts(target: str) -> bool:
    for segment in re.split(r"[-_/.:]+", target):
        if not re.search(r"[a-z][A-Z]", segment):
            continue
        words = [w.lower() for w in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", segment)]
        if not words or _CHECKING.search(segment):
            continue
        if words[0].rstrip("s") in _LEADS or words[-1].rstrip("s") in _CLOSES:
            return True
    return False


# Task runners that name what they run with an option (`tox -e release`, `nox -s publish`).
_TARGET_OPTIONS = {"tox": ("-e", "--env", "-f", "--factor"),
                   "nox": ("-s", "-e", "--session", "--sessions", "-t", "--tags")}  # fmt: skip
_PKG_SCRIPTS = {"npm", "pnpm", "yarn", "bun"}
# Commands that start something that does not end: nothing is observed.
_SERVERS = later(
    r"^(?:uvicorn|gunicorn|hypercorn|daphne|nodemon|live-server|http-server|serve|"
    r"redis-server|postgres|mongod|ngrok|caddy|nginx|streamlit\s+run|jupyter|"
    r"flask\s+run|rails\s+(?:s|server)\b|php\s+artisan\s+serve|hugo\s+server|"
    r"jekyll\s+serve|(?:bundle\s+exec\s+)?jekyll\s+serve|mkdocs\s+serve|"
    r"(?:python3?\s+)?(?:-m\s+)?http\.server|python3?\s+-m\s+http\.server|"
    r"python3?\s+\S*manage\.py\s+runserver|ng\s+serve|next\s+(?:dev|start)|vite(?:\s+dev)?$|"
    r"(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?(?:dev|start|serve|watch)$|npm\s+start|"
    r"docker[- ]compose\s+up(?!.*--abort-on-container-exit)(?!.*--exit-code-from)|"
    r"docker\s+compose\s+up(?!.*--abort-on-container-exit)|tail\s+-[fF]|watch\s|"
    r"watchexec\b|entr\s(?!.*\s-[a-z]*z)|reflex\b)"
)
_SHELL_STATE = {"cd", "export", "source", ".", "set", "unset", "alias", "pushd", "popd"}


@dataclass(frozen=True)
class Acting:
    """A command a check must not run, and why (`git push` — pushes to a remote)."""

    command: str
    reason: str

    def describe(self) -> str:
        """`git push origin main` (pushes to a remote)."""
        return f"`{self.command}` ({self.reason})"


# Words that never start an action, a server or a shell-state change: a line made only of
# such programs is a check without further reading (most lines of most plans).
_PLAIN = later(
    r"^(?:true|false|test|\[|echo|printf|grep|egrep|rg|cat|ls|wc|diff|cmp|head|tail(?!\s+-[fF])|"
    r"pytest|python3?\s+-m\s+(?:pytest|unittest|mypy)|ruff(?!.*\s(?:format(?!.*--(?:check|diff))|--fix|"
    r"--unsafe-fixes)\b)|mypy|go\s+(?:test|vet)|"
    r"cargo\s+(?:test|check|clippy|build)|jq|sort|uniq|stat|file|sha256sum|md5sum)\b"
)


# A long option that may name an output file (`pytest --junitxml=F`): not read as plain.
_OUTPUT_OPTION = later(
    r"\s--[\w-]*(?:out|junit|basetemp|log|report|html|lcov|dest|target|dir|prefix|save|dump|"
    r"write|tmp|allure)"
)


# A word that may name a place outside the work tree (`../x`, `~/x`, `$X`, `/x`): a plain
# line holding one is read in full (`go test -o ../bin/x`, `pytest -o cache_dir=../c`).
_MAY_LEAVE = later(r"(?:^|[\s=:,'\"])(?:\.\.(?:/|$|[\s'\"])|~|\$|/)")


# A redirection into a file (`> f`, `>> f`, `2> f`, `&> f`), not `>&2` or `<`.
_REDIRECT = later(r"(?<![<>])(?:[0-9&]?>>?|>\|)\s*(?P<target>[^\s;&|<>()]+)")


# awk's own output redirection inside its program (`print $1 > "out"`): a write, though quoted.
_AWK_PRINT = re.compile(r"\bprintf?\b")


def _quoted_marks(command: str) -> list[bool]:
    """For each character, whether the shell reads it as quoted text (in '...', in "...",
    or escaped by a backslash); what `$(...)` or backticks run inside "..." is not."""
    quoted = [False] * len(command)
    stack: list[str] = []  # the quotes and substitutions open, innermost last
    i, n = 0, len(command)
    while i < n:
        ch, top = command[i], (stack[-1] if stack else "")
        if top == "'":
            quoted[i] = True
            if ch == "'":
                stack.pop()
        elif top == '"':
            quoted[i] = True
            if ch == "\\" and i + 1 < n:
                quoted[i + 1] = True
                i += 1
            elif ch == '"':
                stack.pop()
            elif command.startswith("$(", i):
                stack.append("(")
                i += 1
            elif ch == "`":
                stack.append("`")
        elif ch == "\\" and i + 1 < n:
            quoted[i] = quoted[i + 1] = True
            i += 1
        elif ch in "'\"":
            quoted[i] = True
            stack.append(ch)
        elif (top == "(" and ch == ")") or (top == "`" and ch == "`"):
            stack.pop()
        elif ch == "(" and stack:
            stack.append("(")
        i += 1
    return quoted


def _uncommented(command: str) -> str:
    """`command` without its shell comments: an unquoted `#` that starts a word, to the end
    of its line (`$#`, `${#x}` and `a#b` are not comments)."""
    quoted = _quoted_marks(command)
    out: list[str] = []
    i = 0
    while i < len(command):
        c = command[i]
        if c == "#" and not quoted[i] and (i == 0 or command[i - 1] in " \t;&|(\n"):
            end = command.find("\n", i)
            i = len(command) if end < 0 else end
            continue
        out.append(c)
        i += 1
    return "".join(out).rstrip()


def _redirects(command: str) -> list[re.Match[str]]:
    """The shell's redirections into files: a `>` in quoted text (`awk '$1 > 3'`,
    `python -c "print(1 > 0)"`, `test a \\> b`) is a comparison, not a redirection, unless
    it is awk's own `print ... > file` (a write all the same)."""
    found = list(_REDIRECT.finditer(command))
    if not found or ("'" not in command and '"' not in command and "\\" not in command):
        return found
    quoted = _quoted_marks(command)
    kept: list[re.Match[str]] = []
    for m in found:
        at = m.start() + m.group().index(">")
        if not quoted[at] or _awk_prints_into(command, quoted, at):
            kept.append(m)
    return kept


def _awk_prints_into(command: str, quoted: list[bool], at: int) -> bool:
    """The quoted `>` at `at` ends an awk `print`/`printf` statement's output (parentheses
    balanced between them: `print (1 > 0)` compares)."""
    start = at
    while start > 0 and quoted[start - 1]:
        start -= 1
    if "awk" not in command[:start]:
        return False
    before = command[start:at]
    statement = re.split(r"[;{}\n]", before)[-1]
    words = list(_AWK_PRINT.finditer(statement))
    if not words:
        return False
    rest = statement[words[-1].end() :]
    return rest.count("(") == rest.count(")")


def _writes_outside(command: str) -> str | None:
    """A redirection that writes a file outside the work tree (`echo x >> ~/.bashrc`), or
    into git's own folder (`>> .git/config`)."""
    for m in _redirects(command):
        target = m.group("target").strip("'\"")
        if target.startswith("&"):
            continue
        if _outside(target):
            return f"writes {target}, {_where(target)}"
        if _GIT_FOLDER.match(target) and target.strip("./*"):
            return f"writes {target}: the repository's own records"
    return None


# Code given to an interpreter on its command line (`python3 -c "..."`), and `script -c`.
_INTERPRETER = later(
    r"\b(?:python[\d.]*|perl|node|ruby|php|R|Rscript|julia)\s+(?:-\S+\s+)*?(?:-[ce]\s|-?\s*<<<?\s*)"
    r"|\bphp\s+(?:-\S+\s+)*?-r\s"  # PHP's code is given with `-r`
)
# Commands whose paths only the shell computes (`rm $(cat list)`, `rm "$(dirname $PWD)/x"`,
# `bash -c "$(echo rm x)"`): what they change cannot be read from the plan (sixth pass).
_COMPUTED_WRITE = later(
    r"(?:^|[\s;&|(])(?:rm|unlink|shred|rmdir|mv|cp|ln|install|truncate|dd|touch|tee|mkdir|chmod"
    r"|chown|chgrp|rsync|srm|wipe)\b[^;&|\n]*?(?:\$\(|`)"
    r"|\b(?:ba|z|da|k)?sh\s+-c\s+[\"']?\$\("
)
# awk's `system("...")`, and strings an interpreter's code runs through a shell.
_CODE_SHELL = later(
    r"\b(?:system|popen|exec|execSync|spawnSync|check_call|check_output|call|run|Popen)\s*\(\s*"
    r"(?:\[\s*)?[\"'](?P<cmd>[^\"']+)[\"']"
)
_SCRIPT_C = later(r"\bscript\s+(?:-\S+\s+)*?-c\s+(?P<q>['\"])(?P<cmd>.*?)(?P=q)")
# Programs that run a string they are given through a shell: `parallel 'git tag {}' ::: a`,
# `flock /tmp/l -c 'git push'`, `su -c '...'`, `runuser -c`, `sg grp -c`, `tmux new 'cmd'`
# (found while reading quoted programs as one argument: these ran as checks).
_RUNS_A_STRING = later(
    r"(?:^|[\s;&|(])(?:\S*/)?(?P<prog>parallel|flock|su|runuser|sg|tmux)\s"
    r"(?P<before>[^'\";&|]*?)(?P<q>['\"])(?P<cmd>.*?)(?P=q)"
)
_TMUX_RUNS = later(
    r"\b(?:new(?:-session|-window)?|neww|split(?:-window)?|splitw|send(?:-keys)?|"
    r"run(?:-shell)?|respawn(?:-pane|-window)?)\b"
)


def _runs_its_string(m: re.Match[str]) -> bool:
    before = m.group("before")
    prog = m.group("prog")
    if prog == "parallel":
        return True
    if prog == "tmux":
        return _TMUX_RUNS.search(before) is not None
    return re.search(r"(?:^|\s)(?:-\w*c|--command(?:=|\s|$))", before) is not None


# `sh -c 'cd .. && rm v/f'`: the quoted script, read as a command of its own before the
# outer line is cut at its `&&` (the seventh pass: the cut broke the quotes).
_SHELL_C = later(
    r"(?:^|[\s;&|(])(?:\S*/)?(?:ba|z|da|k|fi)?sh\s+(?:-\S+\s+)*?-[A-Za-z]*c[A-Za-z]*\s+(?:--\s+)?"
    r"(?P<q>['\"])(?P<cmd>.*?)(?P=q)"
)
# `bash <<< 'cd ..; rm v/f'`: a shell's script given as a here-string, read as `-c` is.
_SHELL_HERE = later(
    r"(?:^|[\s;&|(])(?:\S*/)?(?:ba|z|da|k|fi)?sh\s+(?:-\S+\s+)*<<<\s*"
    r"(?:(?P<q>['\"])(?P<cmd>.*?)(?P=q)|(?P<word>[^\s;&|]+))"
)
# `printf 'rm ../v/f' > s.sh; sh s.sh`: a script the check writes, then runs. Its text is
# code as a `-c` script's is (the eighth pass): `echo`/`printf` of one quoted text is read;
# a script written any other way cannot be read, so cannot be shown to observe.
_WRITTEN = later(
    r"(?:^|[;&|(]\s*)(?P<prog>echo|printf)\s+(?:-[neE]+\s+)*(?P<q>['\"])(?P<text>.*?)(?P=q)"
    r"\s*>>?\s*(?P<target>[^\s;&|<>()]+)"
)
_RUNS_FILE = (
    r"(?:^|[;&|(]\s*|\b(?:ba|z|da|k)?sh\s+(?:-\S+\s+)*|\b(?:source|\.)\s+|"
    r"\b(?:python[\d.]*|perl|node|ruby|php)\s+(?:-\S+\s+)*)(?:\./)?{name}(?=$|[\s;&|)])"
)
# `$(echo rm) ../v/f`, `` `which rm` x ``, `$RM ../x`: a program only the shell names.
_COMPUTED_PROGRAM = later(r"(?:^|[;&|(]\s*)(?:\$\(|`|\$\{?[A-Za-z_])")
# Programs that write or replace the files they are given: compressors replace theirs,
# `sort -o`, `uniq IN OUT`, `split ... PREFIX`, `tar` (with -C, -f or --remove-files).
_FILE_WRITERS = frozenset(
    [
        *("gzip", "gunzip", "bzip2", "bunzip2", "xz", "unxz", "zstd", "unzstd", "lzma"),
        *("compress", "sort", "uniq", "split", "csplit", "tar", "zip", "unzip", "patch", "iconv"),
    ]
)
# `echo push | xargs git`: a subcommand read from the input.
_XARGS_GIT = later(r"\bxargs\s+(?:-\S+\s+)*(?:git|gh)\s*(?:$|[|;&)])")
# `echo ../x | xargs rm -rf`: the files come from the input, which no reading can bound.
_XARGS_WRITE = later(
    r"\bxargs\b[^|;&]*?\s(?:\S*/)?(rm|unlink|shred|rmdir|srm|wipe|mv|cp|install|ln|rsync|tee"
    r"|touch|truncate|chmod|chown|chgrp|dd)(?=\s|$)"
)
# `cd ..`, `cd /elsewhere`, `cd ~`, a bare `cd` (home), `cd -`, `cd "$X"`: what follows
# works where the runner cannot place it. Each `cd`/`pushd` target is judged as a path is.
_CD = later(
    r"(?:^|[\s;&|(])(?:cd|pushd)(?:\s+-[-LPe@]*)*(?=$|[\s;&|)])(?:[ \t]+(?P<to>[^\s;&|)]+))?"
)
_LEAVES_ENV = later(r"\benv\s+(?:-\S+\s+)*?(?:-C|--chdir)[=\s]\s*[\"']?(?:\.\.|~|/(?!tmp/)|\$)")


def _leaves(command: str) -> str | None:
    """The first `cd` (or `env -C`) of `command` that leaves the work tree, as written."""
    for m in _CD.finditer(command):
        to = m.group("to")
        # An absolute folder, /tmp's too: what is written after it is not read against the
        # work tree, so a link there (`/tmp/x -> /etc`) is not followed.
        if to is not None and posixpath.normpath(to.strip("'\"")).startswith(OWN_TEMP):
            continue  # a folder `mktemp -d` made for this command: nothing there but its own
        if to is None or to in ("-", "--") or to.strip("'\"").startswith("/") or _outside(to):
            return m.group(0).strip()
    if (env := _LEAVES_ENV.search(command)) is not None:
        return env.group(0).strip()
    return None


# bash's network devices opened for writing (`> /dev/tcp/h/80`, `exec 3<>/dev/udp/h/53`).
_NET_DEVICE = later(r"(?:>>?|<>|>\|)\s*[\"']?(?P<dev>/dev/(?:tcp|udp)/[^\s;&|)\"']*)")
# `git $(echo push)`: a subcommand only the shell knows.
_BUILT_SUBCOMMAND = later(r"(?:^|[\s;&|(])(?:git|gh)\s+(?:-\S+\s+)*[\"']?(?:\$|`)")


@functools.lru_cache(maxsize=8192)
def acts(command: str) -> str | None:
    """Why `command` is an action or a step rather than a check; None when it only observes."""
    if "#" in command and (bare := _uncommented(command)) != command:
        return acts(bare)  # `plan journal "x"  # (at most 4,000 characters)`: prose
    if ("$" in command or "mktemp" in command or "`" in command) and (
        expanded := _expanded(command)
    ) != command:
        return acts(expanded)  # `D=../x; rm -rf $D`: the value the shell will use
    if ("$" in command or "`" in command) and _BUILT_SUBCOMMAND.search(command):
        return "its git subcommand is built at run time: it cannot be shown to observe"
    if "npm_config_yes" in command.lower() and _SAYS_YES.search(command):
        return "sets npm_config_yes: npm may then fetch a package and run it"
    if (code := _INTERPRETER.search(command)) and (why := _code_acts(command[code.end() :])):
        return why
    if "/dev/" in command and (net := _NET_DEVICE.search(command)):
        return f"sends data to another host through {net.group('dev')}"
    if ("'" in command or '"' in command) and (why := _quoted_programs(command)) is not None:
        return why
    if ("$(" in command or "`" in command) and (computed := _COMPUTED_WRITE.search(command)):
        return (
            f"changes files the shell computes ({computed.group(0).strip()}…): they may be"
            " outside the work tree"
        )
    if "(" in command and re.search(r"\b(?:g|m|n)?awk\b|\b(?:perl|python|node|ruby|php)", command):
        for shelled in _CODE_SHELL.finditer(command):
            if (why := acts(shelled.group("cmd"))) is not None:
                return f"its code runs `{shelled.group('cmd')}`, which {why}"
    if (sc := _SCRIPT_C.search(command)) and (why := acts(sc.group("cmd"))):
        return why
    if "'" in command or '"' in command:
        for given in _RUNS_A_STRING.finditer(command):
            if _runs_its_string(given) and (why := acts(given.group("cmd"))) is not None:
                return f"runs `{given.group('cmd')}` through {given.group('prog')}, which {why}"
    if "c" in command and (shc := _SHELL_C.search(command)) and (why := acts(shc.group("cmd"))):
        return why
    if (
        "<<<" in command
        and (here := _SHELL_HERE.search(command))
        and (why := acts(here.group("cmd") or here.group("word") or "")) is not None
    ):
        return why
    if ">" in command and (why := _runs_what_it_writes(command)) is not None:
        return why
    if (computed := _COMPUTED_PROGRAM.search(command)) is not None and any(
        _outside(w) for w in _words(command[computed.start() :])[1:]
    ):
        return "runs a program only the shell names on files outside the work tree"
    if "xargs" in command and _XARGS_GIT.search(command):
        return "its git subcommand comes from its input: it cannot be shown to observe"
    if "xargs" in command and (xw := _XARGS_WRITE.search(command)):
        return f"its input names the files {xw.group(1)} changes: they may be outside the tree"
    if (
        ("cd" in command or "pushd" in command or "-C" in command or "--chdir" in command)
        and (left := _leaves(command))
        and (changed_paths(command) or " rm " in f" {command} ")
    ):
        return f"changes files after leaving the work tree ({left})"
    if ">" in command and (outside := _writes_outside(command)) is not None:
        return outside
    if "TMP" in command or "TEMP" in command:
        for m in _SET.finditer(command):
            value = m.group("value").strip("'\"")
            named = m.group("name") in TEMP_VARIABLES and value and not made_by_mktemp(value)
            if named and _outside(value.rstrip("/") + "/"):
                return f"sets {m.group('name')}={value}: what runs after it writes there"
    simple = [s.strip() for s in _cut(command)]
    simple = [s for s in simple if s]
    if simple and all(
        _PLAIN.match(s)
        and s.split(maxsplit=1)[0].rsplit("/", 1)[-1] not in _FILE_WRITERS
        and not _OUTPUT_OPTION.search(s)
        and not _MAY_LEAVE.search(s)
        for s in simple
    ):
        return None
    words = [_words(s) for s in simple]
    reasons = [r for s, w in zip(simple, words, strict=True) if (r := _simple(s, w)) is not None]
    reasons = [r for r in reasons if not _made_before(command, r)]
    if reasons:
        return "; ".join(dict.fromkeys(reasons))
    if simple and all(w[:1] and w[0] in _SHELL_STATE for w in words):
        return "only changes the shell's state (cd, export): nothing to observe"
    if simple and _SERVERS.match(" ".join(words[-1])):
        return "starts a server that does not end: nothing to observe"
    return None


# What an unprompted shell block may hold and still be read as checks: never a request to
# another host (`curl`, `wget`), never a destructive line (issue 18, item 6).
_STEP_ONLY = later(
    r"^(?:sudo\s+)?(?:curl|wget|http|https)\b|\brm\s+-[a-zA-Z]*[rf]|\bdrop\s+(?:table|database|schema)\b"
    r"|\btruncate\b|\bmkfs\b|\bdd\s+if=|>\s*/dev/sd",
    re.IGNORECASE,
)


def _cut(command: str) -> list[str]:
    """The simple commands of a line, cut at the shell's operators (`_SPLIT`) outside quotes:
    a quoted awk or jq program (`awk '($1 > 3)'`, `jq 'select(. > 3)'`) is one argument, not
    a command named `$1` or `.` (an attacker's pass found these refused as actions); so is
    double-quoted interpreter code (`python3 -c "sys.exit(open('.env').read() != 'ok')"`
    is no `open` command, issue 19). Inside double quotes only `$(...)` and backticks run:
    what they hold is cut as before."""
    if "'" not in command and '"' not in command:
        return _SPLIT.split(command)
    parts: list[str] = []
    start = at = 0
    double = False
    held = 0  # `$(` (and `(` inside one) open within double quotes
    tick = False  # a backtick open within double quotes
    while at < len(command):
        c = command[at]
        if c == "\\" and double:
            at += 2  # `\"` inside double quotes is a quote character, not the quote's end
            continue
        if c == "'" and (not double or held or tick):
            end = command.find("'", at + 1)
            at = len(command) if end < 0 else end + 1
            continue
        if c == '"' and not held and not tick:
            double = not double
            at += 1
            continue
        if double:
            if command.startswith("$(", at) or (held and c == "("):
                held += 1
            elif held and c == ")":
                held -= 1
            elif c == "`":
                tick = not tick
            elif not held and not tick:
                at += 1  # quoted text: an argument, not operators
                continue
        m = _SPLIT.match(command, at)
        if m is not None and m.end() > at:
            parts.append(command[start:at])
            start = at = m.end()
            continue
        at += 1
    parts.append(command[start:])
    return parts


def step_only(command: str) -> str | None:
    """Why a line of an unprompted shell block is a step and not a check (None: a check)."""
    why = acts(command)
    if why is not None:
        return why
    if any(_STEP_ONLY.search(s.strip()) for s in _SPLIT.split(command) if s.strip()):
        return "a request or a destructive command: a step, not a check"
    return None


def block_commands(lines: list[str]) -> tuple[str, ...]:
    """The commands of an unprompted shell block (comments and blank lines aside, `\\`
    continuations joined), or () when any line of it is a step only: the block is a
    procedure to follow, not a check to run."""
    commands: list[str] = []
    pending = ""
    for raw in lines:
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            pending += line[:-1].rstrip() + " "
            continue
        commands.append(pending + line)
        pending = ""
    if pending.strip():
        commands.append(pending.strip())
    if any(step_only(c) for c in commands):
        return ()
    return tuple(commands)


def changed_paths(command: str) -> tuple[str, ...]:
    """The paths a check deletes or writes (`rm -rf build/*`, `cp a out/`, `> log.txt`), as
    written: the run layer follows them, and one that a symlink carries out of the work tree
    makes the command an action (issue 19)."""
    found: list[str] = []
    for m in _redirects(command):
        target = m.group("target").strip("'\"")
        if target and not target.startswith("&"):
            found.append(target)
    # Interpreter code that writes: every path its strings name (`open('lnk/f', 'w')`).
    if _INTERPRETER.search(command):
        whole = _words(command)
        for i, w in enumerate(whole[:-1]):
            if w in ("-c", "-e", "<<<") and _CODE_WRITES.search(code := whole[i + 1]):
                found += [m.group(1) for m in _CODE_PATH.finditer(code)]
    for piece in _SPLIT.split(command):
        words = _strip(_words(piece))
        found += _piece_paths(words)
        if words:
            # Output files named by options (`git diff --output=F`, `curl -o F`): written too.
            found += [w for w in effects(_words(piece), words).writes if w.strip()]
    return tuple(dict.fromkeys(found))


# A path in interpreter code: a quoted string with no spaces that is not an open() mode.
_CODE_PATH = later(r"""['"]([^'"\s]*[\w.][^'"\s]*)['"]""")


def _piece_paths(words: list[str]) -> list[str]:
    """The paths one simple command writes or deletes, as written (every writer the
    classifier knows, so that each resolves its paths through symlinks alike)."""
    if not words:
        return []
    prog, args = words[0].rsplit("/", 1)[-1], words[1:]
    paths = [a for a in args if not a.startswith("-")]
    if prog in ("chmod", "chown", "chgrp"):
        return paths[1:]
    if prog in ("ln", "link"):
        return paths  # a hard link's source is written through it as the link is
    if prog in _COPIES:
        return paths[-1:] + (paths[:-1] if prog == "mv" else [])
    if prog in {"rm"} | _WRITES | _FILE_WRITERS:
        return paths + [a.split("=", 1)[1] for a in args if a.startswith("--") and "=" in a]
    if prog == "dd":
        return [a[3:] for a in args if a.startswith("of=")]
    if prog == "mktemp":
        return [args[k + 1] + "/" for k, a in enumerate(args[:-1]) if a in ("-p", "--tmpdir")]
    if prog in ("sed", "perl") and any(re.match(r"^-[a-zA-Z]*i|^--in-place", a) for a in args):
        return paths  # the script word among them resolves inside: harmless
    if prog == "find" and any(a in ("-delete", "-exec", "-execdir", "-ok", "-okdir") for a in args):
        roots = []
        for a in args:
            if a.startswith("-") or a in ("(", ")", "!"):
                break
            roots.append(a if a.endswith("/") else a + "/")
        return roots
    return []


def acting(commands: tuple[str, ...]) -> tuple[Acting, ...]:
    """The commands that act, each with why."""
    return tuple(Acting(c, r) for c in commands if (r := acts(c)) is not None)


# Longer than one argument may be (Linux's MAX_ARG_STRLEN): the shell is never given it,
# and shlex, which builds each word a character at a time, takes seconds on a megabyte.
ONE_ARGUMENT = 131072


def _words(text: str) -> list[str]:
    return split_words(text)


def split_words(text: str) -> list[str]:
    """A command's words as the shell splits them (quotes, comments); past ONE_ARGUMENT
    bytes, at whitespace (a 1 MB command took 14 s to read before it failed)."""
    if len(text) > ONE_ARGUMENT:
        return text.split()
    try:
        return shlex.split(text, comments=True)
    except ValueError:
        return text.split()


def _strip(words: list[str]) -> list[str]:
    """The command proper: leading assignments, wrappers and runners removed."""
    while words:
        head = program_name(words[0])
        if _ASSIGN.match(words[0]) or words[0] in _KEYWORDS:
            words = words[1:]
        elif head in _WRAPPERS:
            words = words[1:]
            while words and (words[0].startswith("-") or _ASSIGN.match(words[0])):
                takes = words[0] in _WRAPPER_VALUES.get(head, ())
                words = words[2:] if takes else words[1:]
            if head == "timeout" and words and re.match(r"^\d", words[0]):
                words = words[1:]
            if head in _WRAPPER_ARG and words:
                words = words[1:]
        elif _PYTHON.match(head) and (module := _python_module(words)) is not None:
            words = words[module:]  # `python -I -m pip install`: the module is the program
        elif head in _LOCAL_RUNNERS and (local := _local_only(words)) is not None:
            words = words[local:]  # `npx tsc`: the project's own tsc, nothing fetched
        elif (
            head == "npm"
            and words[1:2] in (["exec"], ["x"])
            and ((local := _local_only(words[1:])) is not None)
        ):
            words = words[1 + local :]  # `npm exec -- eslint .`: as npx
        elif tuple(words[:2]) in _RUNNERS or tuple(words[:1]) in _RUNNERS:
            words = words[2:] if tuple(words[:2]) in _RUNNERS else words[1:]
        else:
            return words
    return words


def _python_module(words: list[str]) -> int | None:
    """Where the module's name is in `python [OPTIONS] -m MODULE ...` (`-I -m pip`, `-Im
    pip`), or None when the interpreter runs no module."""
    k = 1
    while k < len(words) and words[k].startswith("-"):
        w = words[k]
        if re.fullmatch(r"-[A-Za-z]*m", w) and "c" not in w:
            return k + 1 if k + 1 < len(words) else None
        if w in ("-c", "-", "--") or (len(w) > 1 and w[1] != "-" and "c" in w):
            return None  # code on the command line, or a script from the input
        k += 2 if w in ("-W", "-X", "--check-hash-based-pycs") else 1
    return None


# Programs that run a package's command, fetching the package first when the project does
# not have it (`uvx ruff`, `pipx run black`, `pnpm dlx`): an install and a run of code
# nobody has read. npm's own (`npx X`, `npm exec X`) are checks: the runner gives every
# command `npm_config_yes=false` (runner/run/selection.py), under which npm 7 and later run
# only what the project or the machine has and refuse to fetch. Saying yes (`npx -y`,
# `--yes`, `npm_config_yes=true`) is asking to fetch: an install.
_LOCAL_RUNNERS = {"npx", "pnpx", "bunx"}
_NO_FETCH = {"--no", "--no-install", "--offline"}
_FETCHERS = {"pnpx", "bunx", "uvx"}
_NPM_RUNNERS = {("npx", None), ("npm", "exec"), ("npm", "x")}
_FETCH_VERBS = {("pipx", "run"), ("pnpm", "dlx"), ("yarn", "dlx"), ("bun", "x"),
                ("uv", "tool")}  # fmt: skip
_YES = later(r"^(?:-y|--yes(?:=(?!false$|0$).*)?)$")
_SAYS_YES = later(r"(?i)\bnpm_config_yes\s*=\s*(?![\"']?(?:false|0)\b)")


def _local_only(words: list[str]) -> int | None:
    """Where the program is in `npx [--no] PROGRAM ...` (None: it may fetch the program:
    `npx -y x`, `bunx x`). npm's own run with fetching refused (npm_config_yes=false)."""
    k = 1
    while k < len(words) and words[k].startswith("-"):
        if words[k] == "--":
            k += 1
            break
        k += 2 if words[k] in ("-p", "--package", "-c", "--call") else 1
    if k >= len(words) or any(_YES.match(w) for w in words[1:k]):
        return None
    if words[0] in ("npx", "exec", "x") or _NO_FETCH & set(words[1:k]):
        return k
    return None


def _fetches(prog: str, args: list[str]) -> str | None:
    """Why a command fetches a package and runs it (None: it runs what is installed)."""
    pos = [a for a in args if not a.startswith("-")]
    if (prog, None) in _NPM_RUNNERS or (prog, pos[0] if pos else "") in _NPM_RUNNERS:
        if not any(_YES.match(a) for a in args):
            return None  # run with npm_config_yes=false: only what is already there
        what = next((a for a in pos if (prog, a) not in _NPM_RUNNERS), "a package")
        return f"{prog} --yes fetches {what} when it is not installed and runs it"
    if prog in _FETCHERS:
        what = pos[0] if pos else "a package"
        return f"{prog} fetches {what} when it is not installed and runs it"
    verb = pos[0] if pos else ""
    if (prog, verb) not in _FETCH_VERBS:
        return None
    if prog == "uv" and pos[1:2] != ["run"]:
        return None
    return f"{prog} {verb} fetches a package when it is not installed and runs it"


# Scripts sourced only to set up the shell: a virtualenv's activate, an env file.
_ENV_SCRIPT = later(r"(?:^|/)(?:activate(?:\.\w+)?|\.env[\w.-]*|[\w.-]*env\.sh)$")


def _opaque(first: str, prog: str, args: list[str]) -> str | None:
    """Code the classifier cannot read, so cannot call a check: `eval`, `source`, a command
    named by a variable, a shell reading its script from a pipe or a here-document."""
    if prog in ("source", ".") and args and _ENV_SCRIPT.search(args[0]):
        return None  # `source .venv/bin/activate`: the shell's state, as `export` is
    if prog in ("eval", "source", "."):
        return f"runs code it builds or reads at run time ({prog}): it cannot be shown to observe"
    if first.startswith("$") or "$(" in first or "`" in first:
        return "its command is named by a variable: it cannot be shown to observe"
    if prog in _SHELLS and (
        not any(not a.startswith(("-", "<", "+")) for a in args)
        or any(re.fullmatch(r"-[A-Za-z]*s[A-Za-z]*", a) for a in args)  # `bash -s stable`
    ):
        return (
            f"{prog} runs a script from its input (a pipe or a here-document):"
            " it cannot be shown to observe"
        )
    return None


def _simple(text: str, split: list[str] | None = None) -> str | None:
    raw = _words(text) if split is None else split
    words = _strip(raw)
    if not words:
        return None
    if (sub := git_form(words[0])) is not None:
        words = ["git", sub, *words[1:]]  # `/usr/lib/git-core/git-tag v1` is `git tag v1`
    prog = program_name(words[0])
    args = words[1:]
    if any(program_name(w) == "xargs" for w in raw[: len(raw) - len(words)]):
        # `echo v1 | xargs git tag`: xargs adds the words it reads; what they say is unknown.
        args = [*args, _FROM_INPUT]
    if (fetched := _fetches(prog, args)) is not None:
        return fetched
    # `-c`, and short flags run together with it (`bash -lc`, `sh -euc`, `bash -ic`), and
    # `-c --` before the script (the ninth pass: each ran `git tag` as a check).
    flag = next(
        (k for k, a in enumerate(args[:-1]) if re.fullmatch(r"-[A-Za-z]*c[A-Za-z]*", a)), None
    )
    if prog in _SHELLS and flag is not None:
        script = args[flag + 1]
        if script == "--" and flag + 2 < len(args):
            script = args[flag + 2]
        return acts(script)
    if prog.lower().removesuffix(".exe") in ("pwsh", "powershell"):
        # PowerShell's parameters may be shortened and are read without regard to case:
        # `-c`, `-Command`, `-File script.ps1`.
        for k, a in enumerate(args[:-1]):
            name = a.lower()
            if len(name) > 1 and "-command".startswith(name) and name != "-":
                return acts(" ".join(args[k + 1 :]))
            if len(name) > 2 and "-file".startswith(name):
                return _simple(shlex.join(args[k + 1 :]), args[k + 1 :])
    if prog == "make" and any(a == "-C" or a.startswith(("-C", "--directory")) for a in args):
        where = args[args.index("-C") + 1] if "-C" in args[:-1] else ""
        if not where or _outside(where):
            return f"runs make in {where or 'another folder'}, outside the work tree"
    if prog in _ELSEWHERE:
        shorts, longs, takes = _ELSEWHERE[prog]
        for where in option_values(args, shorts, longs, takes=takes):
            if _outside(where):
                return f"runs {prog} in {where}, outside the work tree"
    if (through := _through_options(raw, words)) is not None:
        return through
    if prog in _RUNS_REST and (wrapped := _wrapped(prog, args)) is not None:
        return wrapped
    if prog in ("docker", "podman", "nerdctl") and (host := _container_host(args)) is not None:
        return host
    if (opaque := _opaque(words[0], prog, args)) is not None:
        return opaque
    if (ran_file := _script(prog, args)) is not None:
        # `bash deploy.sh`, `python manage.py migrate`: the script is the program, read by
        # its name and its own subcommand as `./deploy.sh` and `manage.py migrate` are.
        if not ran_file:
            return None  # `bash -n deploy.sh` reads the script only
        if not ran_file[0].strip("./"):  # `go run . migrate`: the package here, unnamed
            ran_file = ["the-program", *ran_file[1:]]
        if (why := _simple(shlex.join(ran_file), ran_file)) is not None:
            return why
    # `docker compose run app python manage.py migrate`: what runs inside is the check.
    inner = _in_container(prog, args)
    if inner is None and prog in _ENV_RUNNERS and "--" in args:
        inner = args[args.index("--") + 1 :] or None  # `op run -- cf push`
    if inner is None and prog == "direnv" and args[:1] == ["exec"]:
        inner = args[2:] or None  # `direnv exec DIR git push`
    if inner is not None and (why := _simple(shlex.join(inner), inner)) is not None:
        where = "in a container" if prog not in _ENV_RUNNERS else f"through {prog}"
        return f"runs `{shlex.join(inner)}` {where}, which {why}"
    if inner is not None and prog in _CONTAINER_RUNNERS and entrypoint_verb_acts(inner[0]):
        # `docker run IMAGE migrate`: the image's entrypoint is given a verb that acts.
        return f"runs `{shlex.join(inner)}` in a container: its entrypoint is told to act"
    if prog in _TRANSFER_CLIENTS and (why := _transfer(prog, args)) is not None:
        return why
    if prog in _SENDS_INPUT and not {"--help", "-h", "--version", "-V"} & set(args):
        return _SENDS_INPUT[prog]
    if prog in ("kcat", "kafkacat") and "-P" in args:
        return f"{prog} -P produces messages to a topic"
    if prog == "grpcurl" and (why := _grpc(args)) is not None:
        return why
    if (pushes := _image_push(prog, args)) is not None:
        return pushes
    if prog in _ALWAYS:
        return _ALWAYS[prog]
    if (shown := _shows_a_person(prog, args)) is not None:
        return shown
    if prog == "git":
        return _git(args)
    if prog == "gh":
        return _gh(args)
    if prog == "glab":  # GitLab's CLI, read as gh is (`glab ci run` starts a pipeline)
        pos = [a for a in args if not a.startswith("-")]
        if pos[1:2] in (["trace"], ["lint"], ["get"]):
            return None
        why = _gh(args)
        return None if why is None else "glab" + why.removeprefix("gh").replace("GitHub", "GitLab")
    if prog == "hub":  # git with GitHub's verbs: `hub pull-request`, `hub release create`
        pos = [a for a in args if not a.startswith("-")]
        first = pos[0] if pos else ""
        if first in ("release", "issue", "pr") and len(pos) == 1:
            return None  # `hub release`, `hub issue`: lists them
        if first in ("release", "issue", "pr", "api", "gist"):
            return _gh(args)
        if first in ("ci-status", "browse", "compare"):
            return None
        return _git(args)
    if prog in {"curl", "http", "https", "wget"} | _HTTPIE:
        return _http(prog, args)
    if prog.lower() in _POWERSHELL_HTTP:
        return _powershell_http(args)
    if prog in _NETCAT:
        listens = any(re.fullmatch(r"-[A-Za-z]*[zhl][A-Za-z]*", a) for a in args)
        return None if listens and prog != "socat" else f"{prog} sends its input to another host"
    if prog in ("scp", "rsync"):
        remote = any(re.match(r"^(?:[\w.-]+@)?[\w.-]+:(?!//)", a) or "::" in a for a in args)
        if remote:
            return "copies files to or from another host"
        if prog == "rsync" and any(
            a in ("-n", "--dry-run") or re.fullmatch(r"-[a-zA-Z]*n[a-zA-Z]*", a) for a in args
        ):
            return None
        # A local copy whose destination is outside the work tree (the fifteenth pass:
        # `rsync -a . ~/backup/`, `rsync -a --delete src/ /srv/www/` ran as checks).
        dest = [a for a in args if not a.startswith("-")][-1:]
        if dest and _outside(dest[0]):
            return f"writes {dest[0]}, outside the work tree"
        return None
    if prog == "unison":
        return "unison synchronises two replicas, writing to both"
    if prog in _MACHINE_TOOLS and (why := _changes_machine(prog, args)) is not None:
        return why
    if prog == "rm":
        return _rm(args)
    if prog == "find":
        return _find(args)
    if prog in ("sed", "perl") and any(
        a == "-i" or a.startswith(("-i", "--in-place")) or re.match(r"^-[a-zA-Z]*i", a)
        for a in args
    ):
        files = [a for a in args[1:] if not a.startswith("-")]
        for f in files:
            if _outside(f) or _GIT_FOLDER.match(f):
                return f"edits {f} in place, outside the work tree or in git's own folder"
    if prog in _DATABASES:
        return _database(prog, args)
    if prog in ("rclone",) and any(
        a
        in (
            "sync",
            "copy",
            "move",
            "delete",
            "purge",
            "deletefile",
            "mkdir",
            "rmdir",
            "copyto",
            "moveto",
        )
        for a in args[:2]
    ):
        return "copies or deletes files on a remote"
    if prog in ("ln", "link"):
        # A symbolic link out, or a hard link to a file outside: writing through either
        # changes the file outside (the eighth pass: `ln ../v/f hl && : > hl`).
        sources = [a for a in args if not a.startswith("-")][:-1]
        if any(_outside(a) for a in sources):
            return "links to a path outside the work tree (a write through it leaves the tree)"
    if prog == "mktemp":
        dirs = [args[k + 1] for k, a in enumerate(args[:-1]) if a in ("-p", "--tmpdir")]
        dirs += [a.split("=", 1)[1] for a in args if a.startswith("--tmpdir=")]
        dirs += [a for k, a in enumerate(args) if not a.startswith("-")
                  and (k == 0 or args[k - 1] not in ("-p", "--tmpdir", "--suffix"))]  # fmt: skip
        if outside := [w for w in dirs if _outside(w)]:
            return f"creates a file in {outside[0]}, outside the work tree"
    if prog == "crontab" and [
        a for k, a in enumerate(args) if "-u" not in args[max(k - 1, 0) : k + 1]
    ] == ["-l"]:
        return None  # lists the crontab: reads only
    if prog == "cmake" and args[:1] == ["-E"] and len(args) > 1:
        verb, rest = args[1], args[2:]
        if verb in ("rm", "remove", "remove_directory"):
            return _rm(rest)
        if verb in ("rename", "copy", "copy_directory", "copy_if_different", "make_directory",
                    "touch", "create_symlink"):  # fmt: skip
            return _writes_paths("mv" if verb == "rename" else "cp", rest)
    if prog in ("python", "python3", "perl", "node", "ruby", "php") and any(
        a in ("-c", "-e") for a in args
    ):
        code = args[next(i for i, a in enumerate(args) if a in ("-c", "-e")) + 1 :]
        if code and (why := _code_acts(code[0])) is not None:
            return why
    if prog == "xargs" or (prog in ("git", "gh") and not args):
        return None
    if prog in _COPIES | _WRITES | {"dd"}:
        return _writes_paths(prog, args)
    if prog in _FILE_WRITERS:
        values = [a.split("=", 1)[1] for a in args if a.startswith("--") and "=" in a]
        outside = [a for a in [*args, *values] if not a.startswith("-") and _outside(a)]
        if outside:
            return f"{prog} writes or replaces files outside the work tree ({outside[0]})"
    if prog == "az" and args[:1] == ["rest"]:
        method = _option_values(args, ("--method", "-m"))
        verb = method[0].upper() if method else "GET"
        return None if verb == "GET" else f"sends an HTTP {verb} request (az rest)"
    if prog in _CLOUD:
        words = [a for a in args if not a.startswith("-")][:3]
        writes = [v for v in words if _CLOUD_WRITE.match(v)]
        return f"changes cloud resources ({prog} {' '.join(words)})" if writes else None
    if (changes := _installs_or_rewrites(prog, args)) is not None:
        return changes
    if prog in _DRY_RUNNERS and _dry_run_asked(args):
        return None  # `kubectl apply --dry-run=client`: renders and validates, changes nothing
    if prog in _ENGINES and _docker(args if "compose" not in prog else ["compose", *args], prog):
        return f"{prog} changes images, containers or the engine"
    if prog in _PUBLISH:
        verbs, why = _PUBLISH[prog]
        verb = next((a for a in args if not a.startswith("-") or a in verbs), "")
        if verb == "publish" and prog in _DRY_PUBLISH and _DRY_RUN & set(args):
            return None  # `npm publish --dry-run` packs and reports: a check (README)
        if verb in _REGISTRY_ACCOUNT and prog in ("npm", "pnpm"):
            pos = [a for a in args if not a.startswith("-")]
            after = pos[pos.index(verb) + 1 : pos.index(verb) + 2] if verb in pos else []
            if after and after[0] in _ACCOUNT_READS:
                return None  # `npm token list`, `npm profile get`: they show the account
        if not verbs or verb in verbs or (prog == "docker" and _docker(args)):
            return why
        if prog in ("docker", "podman") and "--push" in args:
            return "pushes an image"
        if prog == "kubectl" and verb == "rollout" and "status" not in args:
            return "changes a cluster"
    if (
        prog in _BARE_DEPLOYS
        and not [a for a in args if not a.startswith("-")]
        and not ({"--version", "-v", "--help", "-h"} & set(args))
    ):
        return f"{prog} with no subcommand deploys the project"
    if _RELEASE_NAME.search(prog) and ("/" in words[0] or "." in prog):
        return f"runs {words[0]}, which releases or deploys"
    if _DB_NAME.search(prog) and ("/" in words[0] or "." in prog) and not _CHECKING.search(prog):
        return f"runs {words[0]}, which changes a database"  # `./scripts/migrate.sh`
    if (
        (_runnable_file(words[0]) or _python_module(raw) is not None)
        and prog not in _COPIES | _WRITES | {"rm"}  # `/usr/bin/install a b` is install(1)
        and (named := _name_acts(prog)) is not None
    ):
        return f"runs {words[0]}, which {named}"  # `./scripts/reset_db.sh`, `./install.sh`
    if (bumped := bumps(prog, args)) is not None:
        return bumped
    if prog in _TASK_RUNNERS | _PKG_SCRIPTS:
        own = args[: args.index("--")] if "--" in args else args  # after `--`: the script's
        targets = [a for a in own if not a.startswith("-") and "=" not in a]
        if prog in _PKG_SCRIPTS and targets[:1] in (["run"], ["run-script"]):
            targets = targets[1:]
        if prog in _PKG_SCRIPTS and targets[:1] == ["workspace"]:
            targets = targets[2:]  # `yarn workspace app deploy`: the workspace, its script
        if prog in _TARGET_OPTIONS:  # `tox -e py312,release`: the environments it runs
            given = _option_values(args, _TARGET_OPTIONS[prog])
            targets = [t for v in given for t in v.split(",") if t] + targets
        elif prog in _EVERY_WORD_A_TARGET:  # `make clean build deploy`, `sbt ";clean;publish"`
            targets = [t.lstrip("+") for v in targets for t in re.split(r"[;\s]+", v) if t]
        else:
            targets = targets[:2]
        named = next((t for t in targets if _RELEASE_NAME.search(t) or _camel_acts(t)), None)
        if named is not None:
            return f"runs the '{named}' target, which releases or deploys"
        if (target := _named_target(targets)) is not None:
            return target
        return None
    if (framework := _framework_code(prog, args)) is not None:
        return framework
    if _SCRIPT_RUNNERS.match(prog):
        return None  # its script, read above as the program, said nothing acts
    return acting_verb(prog, args)


# A framework's runner of code in the application, with its database (`rails runner CODE`,
# `php artisan tinker --execute=CODE`, `mix run -e CODE`): the code's calls are read by
# their verbs (`User.delete_all`, `User::truncate()`, `Repo.delete_all(User)`), a file it
# runs by its name, as a script's is.
_ORM_CALL = later(r"(?:\.|::|->)\s*(?P<name>[A-Za-z_]\w*)[!?]?")
_ORM_WRITES = {"save", "upsert", "increment", "decrement", "touch", "toggle"}


def _framework_code(prog: str, args: list[str]) -> str | None:
    pos = [a for a in args if not a.startswith("-")]
    code: list[str] = []
    if prog == "rails" and pos[:1] in (["runner"], ["r"]):
        code = pos[1:2]
    elif prog == "artisan" and pos[:1] == ["tinker"]:
        code = _option_values(args, ("--execute",))
    elif prog in ("mix", "elixir", "iex") and (prog != "mix" or pos[:1] == ["run"]):
        code = _option_values(args, ("-e", "--eval"))
    for text in code:
        if re.fullmatch(r"[\w./-]+\.(?:rb|exs?|php)", text):
            named = _name_acts(text.rsplit("/", 1)[-1]) or (
                "releases or deploys (its name says so)" if _RELEASE_NAME.search(text) else None
            )
            if named is not None:
                return f"runs {text}, which {named}"
            continue
        for m in _ORM_CALL.finditer(text):
            name = m.group("name")
            first = re.split(r"_|(?<=[a-z])(?=[A-Z])", name)[0].lower()
            if verb_acts(name.lower()) or verb_acts(first) or first in _ORM_WRITES:
                return f"its code changes the application's data ({name})"
    return None


# Tools that deploy when given no subcommand (`vercel`, `vercel --yes`, `surge`).
_BARE_DEPLOYS = {"vercel", "vc", "surge", "now"}
# Interpreters that run a script file named as their first argument.
_SCRIPT_RUNNERS = later(
    r"^(?:python[\d.]*|py|pypy3?|node|nodejs|ruby|perl|php|Rscript|tsx|ts-node|sh|bash|zsh|"
    r"dash|ksh)$"
)
# Their options that take a value, and the options that give code instead of a script.
_SCRIPT_OPTION_VALUES = {
    "sh": {"-o", "-O", "+o", "+O", "--rcfile", "--init-file"},
    "python": {"-W", "-X", "--check-hash-based-pycs"},
    "node": {"-r", "--require", "--import", "--loader", "--experimental-loader"},
    "nodejs": {"-r", "--require", "--import", "--loader"},
    "tsx": {"-r", "--require", "--import"},
    "ruby": {"-r", "-I", "-C"},
    "perl": {"-I", "-M"},
    "php": {"-c", "-d", "-z"},
}
_CODE_OPTIONS = later(r"^(?:-[A-Za-z]*[eEp][A-Za-z]*|--eval|--print|-)$")
_SHELL_CODE = later(r"^(?:-[A-Za-z]*c[A-Za-z]*|--command|-s|-)$")
_PYTHON_CODE = later(r"^(?:-[A-Za-z]*[cm][A-Za-z]*|-)$")


def _script(prog: str, args: list[str]) -> list[str] | None:
    """The script an interpreter runs and its arguments (`bash deploy.sh x` is `deploy.sh
    x`); [] when it only reads the script (`bash -n deploy.sh`); None when it runs no file."""
    if prog in ("go", "deno") and args[:1] == ["run"]:
        # `go run ./cmd/migrate up`, `deno run -A scripts/deploy.ts`: the package or the
        # script is the program.
        rest = args[1:]
        k = 0
        while k < len(rest) and rest[k].startswith("-"):
            k += 1
        return rest[k:] or None
    if prog == "cargo" and args[:1] == ["run"] and (named := _option_values(args, ("--bin",))):
        # `cargo run --bin deploy -- --prod`: the binary is the program.
        after = args[args.index("--") + 1 :] if "--" in args else []
        return [named[0], *after]
    if not _SCRIPT_RUNNERS.match(prog):
        return None
    k = 0
    while k < len(args) and args[k].startswith(("-", "+")):
        code = _SHELL_CODE if prog in _SHELLS else _PYTHON_CODE if _PYTHON.match(prog) else None
        if (code or _CODE_OPTIONS).match(args[k]) or (prog == "php" and args[k] == "-r"):
            return None
        if args[k] == "--":
            return args[k + 1 :] or None
        if prog in _SHELLS and re.fullmatch(r"-[A-Za-z]*n[A-Za-z]*", args[k]):
            return []  # `bash -n script`: a syntax check, nothing runs
        family = "sh" if prog in _SHELLS else "python" if _PYTHON.match(prog) else prog
        takes = args[k] in _SCRIPT_OPTION_VALUES.get(family, set()) or (
            family == "sh" and re.fullmatch(r"[-+][A-Za-z]*[oO]", args[k]) is not None
        )  # `bash -euo pipefail deploy.sh`: the cluster's last letter takes the next word
        k += 2 if takes else 1
    return args[k:] or None


def _option_values(args: list[str], names: tuple[str, ...]) -> list[str]:
    """The values of the options `names` (`-e x`, `-ex`, `--env x`, `--env=x`)."""
    found: list[str] = []
    for k, a in enumerate(args):
        name, eq, value = a.partition("=")
        if name in names:
            if eq:
                found.append(value)
            elif k + 1 < len(args):
                found.append(args[k + 1])
        elif len(a) > 2 and a[:2] in names and not a.startswith("--"):
            found.append(a[2:])
    return found


def _wrapped(prog: str, args: list[str]) -> str | None:
    """Why the command a wrapper runs acts, judged at each word that may start it; the
    innermost that acts is named (`faketime 2020-01-01 git push` runs `git push`)."""
    found = None
    for k, a in enumerate(args):
        if a.startswith("-"):
            continue
        rest = args[k:]
        if (why := _simple(" ".join(shlex.quote(w) for w in rest), rest)) is not None:
            found = f"runs `{' '.join(rest)}` through {prog}, which {why}"
    return found


# Options that run a tool in another folder, or on another project (`pnpm --dir ../other
# test`, `yarn --cwd ../other build`, `ninja -C ../build`): what it writes lands there.
# Each: its short letters, its long names, its other short options that take a value.
_ELSEWHERE: dict[str, tuple[str, tuple[str, ...], str]] = {
    "make": ("C", ("--directory",), "fIoW"),
    "gmake": ("C", ("--directory",), "fIoW"),
    "ninja": ("C", (), "fjklt"),
    "pnpm": ("C", ("--dir", "--prefix"), "F"),
    "yarn": ("", ("--cwd",), ""),
    "bun": ("", ("--cwd",), ""),
    "go": ("C", (), ""),
    "uv": ("", ("--directory", "--project"), ""),
    "poetry": ("C", ("--directory", "--project"), ""),
    "just": ("d", ("--working-directory", "--justfile"), "f"),
    "task": ("d", ("--dir",), "t"),
    "gradle": ("p", ("--project-dir",), ""),
    "gradlew": ("p", ("--project-dir",), ""),
    "mvn": ("f", ("--file",), ""),
    "mvnw": ("f", ("--file",), ""),
    "cargo": ("", ("--manifest-path",), ""),
}


# File transfer clients given their commands as a string (`lftp -c 'open h; put x'`,
# `smbclient //h/s -c 'put x'`): a command that is not a read sends or changes files there;
# commands from a file or the input cannot be read.
_TRANSFER_CLIENTS = {"lftp", "smbclient", "ftp", "tnftp", "ncftp", "yafc", "tftp"}
_TRANSFER_READS = {"open", "user", "login", "cd", "lcd", "pwd", "lpwd", "ls", "dir", "nlist",
                   "cls", "get", "mget", "pget", "cat", "more", "zcat", "find", "du", "bye",
                   "quit", "exit", "close", "help", "?", "set", "debug", "lls", "!ls",
                   "allinfo", "stat", "recurse", "prompt", "binary", "ascii", "echo",
                   "wait", "sleep", "source"}  # fmt: skip


def _transfer(prog: str, args: list[str]) -> str | None:
    if prog == "smbclient" and any(a in ("-L", "--list") for a in args):
        return None  # lists a host's shares
    scripts = option_values(args, "ce", ("--command", "--execute"), takes="fpuUWOsnmA")
    if any(a in ("-f", "--script", "-s") for a in args) or any(a.startswith("<") for a in args):
        return f"{prog} runs transfer commands from a file: it cannot be shown to observe"
    for script in scripts:
        for command in re.split(r"[;\n]|&&|\|\|", script):
            words = command.split()
            if words and words[0].lower() not in _TRANSFER_READS:
                return f"{prog} runs `{command.strip()}` on another host: it sends or changes files"
    return None


# Programs that send their input or a message to another host or to people (a websocket
# client, a notifier): nothing they do observes.
_SENDS_INPUT = {
    "websocat": "websocat sends its input to a websocket",
    "wscat": "wscat sends messages to a websocket",
    "apprise": "apprise sends a notification",
    "ntfy": "ntfy sends a notification",
    "slack-notify": "sends a notification",
    "mosquitto_pub": "publishes a message to an MQTT broker",
}


def _grpc(args: list[str]) -> str | None:
    """`grpcurl HOST svc.Users/Delete`: an RPC named by a method; its leading verb says
    whether it reads (`GetUser`, `ListUsers`, `Check`, `Watch`); any other may change."""
    pos = [a for a in args if not a.startswith("-")]
    takes = option_values(args, "dH", ("-d", "-H", "-rpc-header", "-proto", "-import-path"))
    pos = [a for a in pos if a not in takes]
    if not pos or {"list", "describe"} & set(pos[-2:]):
        return None  # `grpcurl HOST list [SERVICE]`: what the server offers
    method = pos[-1].rsplit("/", 1)[-1].rsplit(".", 1)[-1]
    first = re.split(r"(?<=[a-z0-9])(?=[A-Z])|_", method)[0].lower()
    if reads_first([first]) or first in ("check", "watch", "health", "echo", "ping"):
        return None
    return f"grpcurl calls {pos[-1]}, an RPC that may change something"


# Builds that push an image to a registry (`mvn jib:build`, `./gradlew jib`, `ko build`,
# which pushes unless told `--local`/`--push=false`).
_IMAGE_PUSH_GOALS = {"jib:build", "jib", "com.google.cloud.tools:jib-maven-plugin:build",
                     "dockerPush", "bootBuildImage --publishImage"}  # fmt: skip
_KO_PUSHES = {"build", "b", "resolve", "apply", "create", "run", "publish"}


def _image_push(prog: str, args: list[str]) -> str | None:
    pos = [a for a in args if not a.startswith("-")]
    if prog in ("mvn", "mvnw", "gradle", "gradlew") and set(pos) & _IMAGE_PUSH_GOALS:
        goal = min(set(pos) & _IMAGE_PUSH_GOALS)
        return f"{prog} {goal} builds and pushes an image to a registry"
    if prog == "ko" and pos[:1] and pos[0] in _KO_PUSHES:
        local = {"--local", "-L", "--push=false"} & set(args)
        return None if local else f"ko {pos[0]} builds and pushes an image to a registry"
    return None


# docker's short options that take a value (`-e K=V`, `-p 80:80`, `-w /src`).
_DOCKER_TAKES = "acehlmpuvw"


# Capabilities that touch nothing of the host's (a test's profiler, a low port, ping).
_HARMLESS_CAPS = {"SYS_PTRACE", "NET_BIND_SERVICE", "NET_RAW", "IPC_LOCK", "SYS_NICE", "CHOWN",
                  "FOWNER", "DAC_OVERRIDE", "SETUID", "SETGID", "KILL", "AUDIT_WRITE",
                  "SETFCAP", "SETPCAP", "FSETID", "MKNOD", "SYS_CHROOT"}  # fmt: skip


def _container_host(args: list[str]) -> str | None:
    """A container run with the host's privileges, or with a folder of the host outside the
    work tree mounted writable (`docker run -v /:/host`, `--privileged`): what runs in it
    changes the machine, whatever the image does."""
    pos = [a for a in args if not a.startswith("-")]
    if not (pos[:1] in (["run"], ["create"]) or pos[:2] in (["container", "run"],
                                                            ["container", "create"])):  # fmt: skip
        return None
    for a in args:
        name, _, value = a.partition("=")
        if name == "--privileged" and value.lower() not in ("false", "0"):
            return "runs a container with the host's privileges (--privileged)"
    for k, a in enumerate(args[:-1]):
        if a in ("--pid", "--userns", "--ipc", "--uts") and args[k + 1] == "host":
            return f"runs a container in the host's namespaces ({a} host)"
    if any(a in ("--pid=host", "--userns=host", "--ipc=host", "--uts=host") for a in args):
        return "runs a container in the host's namespaces"
    # A host device, or a capability beyond the harmless ones (the family of
    # `--privileged`: `--device /dev/sda`, `--cap-add SYS_ADMIN`, `--cap-add=ALL`).
    if devices := option_values(args, "", ("--device",)):
        return f"gives a container the host's device {devices[0]} (--device)"
    for cap in option_values(args, "", ("--cap-add",)):
        if cap.upper().removeprefix("CAP_") not in _HARMLESS_CAPS:
            return f"gives a container the host's power {cap} (--cap-add)"
    for opt in option_values(args, "", ("--security-opt",)):
        if opt.replace(":", "=").endswith("=unconfined"):
            return f"runs a container without its confinement (--security-opt {opt})"
    for spec in option_values(args, "v", ("--volume",), takes=_DOCKER_TAKES):
        source, _, rest = spec.partition(":")
        options = rest.partition(":")[2].split(",")
        host = "/" in source or source.startswith(("~", "$", "."))
        writable = "ro" not in options and "readonly" not in options
        if host and writable and _outside(source + "/"):
            return f"mounts {source} from the host, writable, into a container"
    for spec in option_values(args, "", ("--mount",)):
        fields = dict(f.partition("=")[::2] for f in spec.split(","))
        source = fields.get("source") or fields.get("src") or ""
        readonly = "readonly" in fields or "ro" in fields
        if fields.get("type", "volume") == "bind" and _outside(source + "/") and not readonly:
            return f"mounts {source} from the host, writable, into a container"
    return None


# A word xargs adds from its input, standing for what the plan cannot show.
_FROM_INPUT = "WORD-FROM-INPUT"


def _quoted_programs(command: str) -> str | None:
    """`_through_options` of each simple command as the shell cuts them, quotes kept whole:
    an awk or sed program holds `|` and `;` (`awk 'BEGIN{"cmd" | getline}'`) that the
    plain cut at operators would break."""
    if len(command) > ONE_ARGUMENT:
        return None
    try:
        lexer = shlex.shlex(command, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        lexer.commenters = ""
        tokens = list(lexer)
    except ValueError:
        return None
    piece: list[str] = []
    for token in [*tokens, ";"]:
        if token and all(c in "();<>|&" for c in token):
            if piece and (why := _through_options(piece, _strip(piece))) is not None:
                return why
            piece = []
        else:
            piece.append(token)
    return None


def _through_options(raw: list[str], words: list[str]) -> str | None:
    """Why a command acts through its options or arguments (the ninth pass): a file they
    name for output outside the work tree or in `.git/` (`git log --output=.git/config`,
    `curl -o ../x`), a command they carry that acts (`git -c core.fsmonitor=CMD status`),
    an install or a project tool that changes the machine (`npm link`, `make install`).
    An output file inside the tree is a write in the tree, as `pytest > out.txt` is."""
    found = effects(raw, words)
    if found.acts is not None:
        return found.acts
    for path in found.writes:
        path = path.strip()
        if not path:
            continue
        if _outside(path):
            return f"writes {path}, {_where(path)}"
        if _GIT_FOLDER.match(path) and path.strip("./*"):
            return f"writes {path}: the repository's own records"
    for command, how in found.runs:
        if not command.strip():
            continue
        if (why := acts(command)) is not None:
            return f"runs `{command}` through {how}, which {why}"
    return None


# Publishers whose `--dry-run` uploads nothing: they pack, verify and report.
_DRY_PUBLISH = {"npm", "pnpm", "yarn", "cargo", "poetry", "uv"}
_DRY_RUN = {"--dry-run", "--dry-run=true"}


# Script and task names that rewrite files or change a database (`make fmt`, `pnpm
# db:migrate`, `mise run fmt`); `fmt-check`, `format:check`, `lint` stay checks.
_REWRITE_NAME = later(
    r"(?:^|[-_/.:])(?:fmt|format|fix|autofix|prettify|beautify)(?:$|[-_.:/])", re.I
)
_DB_NAME = later(
    r"(?:^|[-_/.:])(?:migrate|migrations?|seed|db[-_:]push|db[-_:]reset)(?:$|[-_.:/])", re.I
)
_CHECKING = later(r"check|verify|diff|dry", re.I)
# Script and task names that destroy (`./scripts/reset_db.sh`, `teardown.sh`, `python
# scripts/drop_tables.py`, `make nuke`) or install and set up (`./install.sh`, `bash
# scripts/setup.sh`, `./bootstrap.sh`, `provision.sh`): the sixteenth pass ran each as a
# check. A word of the name decides, as `deploy` and `migrate` do.
_DESTROY_NAME = later(
    r"(?:^|[-_/.:])(?:drop|truncate|wipe|destroy|teardown|tear[-_]down|nuke|purge|reset|"
    r"rollback|roll[-_]back|delete|remove|erase|cleanup|clean[-_]up|clean|prune|flush)"
    r"(?:$|[-_.:/]|s$|ing)",
    re.I,
)
_SETUP_NAME = later(
    r"(?:^|[-_/.:])(?:install|uninstall|reinstall|setup|set[-_]up|bootstrap|provision)"
    r"(?:$|[-_.:/]|s$|ing)",
    re.I,
)
# Names that say the script observes, whatever else they say (`test_reset.py`,
# `check-setup.sh`), and files named for setup whose own verbs are read (`setup.py`).
_OBSERVING_NAME = later(
    r"check|verify|valid|diff|dry|test|spec|lint|status|^setup\.(?:py|cfg)$", re.I
)


# A file a plan runs by its name: a script's extension, or a path to a program in the
# project (`./bootstrap`, `bin/setup`, `scripts/teardown`); `docs/reset.md`, `setup.rs`
# and a branch name are not run.
_SCRIPT_FILE = later(
    r"^(?:[\w.~/-]*/)?[\w.-]+\.(?:sh|bash|zsh|py|js|mjs|cjs|ts|mts|rb|pl|php|ps1|exs|lua|R|jl)$"
    r"|^(?:\./|(?:\./)?(?:bin|scripts?|tools|hack|dev)/)[\w./-]*[\w-]$"
)


def _runnable_file(word: str) -> bool:
    return _SCRIPT_FILE.match(word.strip("'\"")) is not None


def _name_acts(name: str) -> str | None:
    """What a script's or a task's name says it does, when it destroys or installs."""
    if _OBSERVING_NAME.search(name):
        return None
    if _DESTROY_NAME.search(name):
        return "deletes or resets (its name says so)"
    if _SETUP_NAME.search(name):
        return "installs or sets up (its name says so)"
    return None


def _named_target(targets: list[str]) -> str | None:
    for t in targets:
        if _CHECKING.search(t):
            continue
        if t == "clean" and len(targets) > 1:
            continue  # `./gradlew clean build`: cleans for the check after it (`make clean` acts)
        if _REWRITE_NAME.search(t):
            return f"runs the '{t}' target, which rewrites files"
        if _DB_NAME.search(t):
            return f"runs the '{t}' target, which changes a database"
        if (named := _name_acts(t)) is not None:
            return f"runs the '{t}' target, which {named}"
    return None


_PKG_ADD = {"add", "install", "i", "in", "ins", "isntall", "remove", "rm", "uninstall", "un"}
# A project's own dependencies fetched and installed (`bun install`, `npm ci`, `uv sync`,
# `bundle install`, `go mod download`): `TOOL` with one of these verbs, or bare (`yarn`).
_RESTORE: dict[str, set[str]] = {
    "npm": {"install", "i", "in", "ins", "isntall", "ci", "clean-install", "update", "up"},
    "pnpm": {"install", "i", "update", "up"},
    "yarn": {"", "install", "upgrade", "up"},
    "bun": {"install", "i", "update"},
    "uv": {"sync"},
    "poetry": {"install", "update", "lock"},
    "pdm": {"install", "sync", "update"},
    "pipenv": {"install", "sync", "update"},
    "bundle": {"", "install", "update"},
    "bundler": {"install", "update"},
    "composer": {"install", "update"},
    "cargo": {"fetch", "update", "vendor"},
    "dotnet": {"restore"},
    "conda": {"install", "create", "update"},
    "mamba": {"install", "create", "update"},
    "micromamba": {"install", "create", "update"},
    # Other languages' own (the sixteenth pass): `mix deps.get`, `lein deps`, `sbt update`,
    # `rebar3 get-deps`, `deno cache main.ts`, `swift package resolve`, `dart pub get`.
    "mix": {
        "deps.get",
        "deps.update",
        "deps.unlock",
        "local.hex",
        "local.rebar",
        "archive.install",
    },
    "lein": {"deps"},
    "sbt": {"update", "updateClassifiers"},
    "rebar3": {"get-deps", "upgrade", "update", "unlock"},
    "deno": {"install", "cache", "add", "remove", "uninstall"},
    "opam": {"install", "update", "upgrade", "pin", "remove"},
    "stack": {"setup", "install"},
    "cabal": {"update", "install"},
    "shards": {"install", "update"},
    "nimble": {"install", "refresh"},
    "elm": {"install"},
}
# `TOOL NOUN VERB` that fetch a project's dependencies (`dart pub get`, `flutter pub get`,
# `swift package resolve`).
_RESTORE_NOUNS: dict[tuple[str, str], set[str]] = {
    ("dart", "pub"): {"get", "upgrade", "downgrade", "add", "remove", "cache", "global"},
    ("flutter", "pub"): {"get", "upgrade", "downgrade", "add", "remove", "cache", "global"},
    ("swift", "package"): {"resolve", "update", "reset", "purge-cache", "edit", "unedit"},
    ("dotnet", "tool"): {"restore", "install", "update", "uninstall"},
    ("dotnet", "workload"): {"install", "restore", "update", "repair", "uninstall"},
}
# Options that make a runner fetch and install instead of checking (`clojure -P`,
# `tox --notest`, `nox --install-only`).
_FETCH_OPTIONS = {"clojure": {"-P"}, "clj": {"-P"}, "tox": {"--notest"},
                  "nox": {"--install-only"}}  # fmt: skip
# Tools whose `clean` deletes the project's build (`cargo clean`, the family of `make
# clean`); `flutter clean`, `dotnet clean`, `swift package clean`. Those that chain goals
# (`mvn clean verify`, `sbt clean test`) clean for the check after it: only a `clean` with
# nothing after it acts.
_CLEANS = {"cargo", "flutter", "dotnet", "bazel", "bazelisk", "stack", "cabal", "mix",
           "swift", "dune", "mvn", "mvnw", "sbt", "lein"}  # fmt: skip
_CHAINS_GOALS = {"mvn", "mvnw", "sbt", "lein"}


def _restores(prog: str, verb: str, pos: list[str]) -> str | None:
    """An install of the project's own dependencies, or of named packages through pip."""
    if prog in _RESTORE and verb in _RESTORE[prog]:
        return f"{f'{prog} {verb}'.strip()} installs dependencies: it fetches and writes"
    if pos[1:2] and pos[1] in _RESTORE_NOUNS.get((prog, verb), ()):
        return f"{prog} {verb} {pos[1]} installs dependencies: it fetches and writes"
    if prog in _CLEANS and "clean" in pos[:2] and (prog not in _CHAINS_GOALS or pos == ["clean"]):
        return f"{prog} clean deletes the project's build"
    if prog == "go" and verb == "mod" and pos[1:2] and pos[1] in ("download", "tidy", "vendor"):
        return f"go mod {pos[1]} installs dependencies: it fetches and writes"
    if prog in ("pip", "pip3") and verb in ("install", "uninstall"):
        return f"{prog} {verb} installs or removes packages"
    if prog == "uv" and verb == "pip" and pos[1:2] and pos[1] in ("install", "sync"):
        return f"uv pip {pos[1]} installs packages"
    return None


_JJ_READS = {"log", "status", "st", "diff", "show", "help", "version", "root", "evolog",
             "interdiff", "--help", "-h", "--version"}  # fmt: skip
_FORMAT_CHECKS = {"--check", "--diff", "-check", "--check-only", "-c", "--verify-no-changes",
                  "--set-exit-if-changed", "--dry-run", "-l", "--list-different"}  # fmt: skip


def _installs_or_rewrites(prog: str, args: list[str]) -> str | None:
    """Installs that change the project's manifest or the machine, formatters that rewrite
    files, migrations, and jj's writes: actions (found by trials on real plans, issue 19).
    A project's own install (`bun install`, `npm ci`, `pip install -r f`, `uv sync`) is one
    too: it fetches from the network and writes the environment; it does not observe."""
    pos = [a for a in args if not a.startswith("-")]
    verb = pos[0] if pos else ""
    flags = set(args)
    if (restores := _restores(prog, verb, pos)) is not None:
        return restores
    if fetching := flags & _FETCH_OPTIONS.get(prog, set()):
        return f"{prog} {min(fetching)} installs dependencies: it fetches and writes"
    if prog in ("npm", "pnpm", "yarn", "bun"):
        if verb in _PKG_ADD and (len(pos) > 1 or flags & {"-g", "--global"}):
            return "adds or removes a package (changes the project or the machine)"
        if prog == "yarn" and verb == "global":
            return "installs a program on the machine"
    if prog == "uv" and verb == "pip":  # `uv pip install X` reads as pip does
        prog, pos = "pip", pos[1:]
        verb = pos[0] if pos else ""
    if prog in ("pip", "pip3") and verb in ("install", "uninstall"):
        named = [
            p for p in pos[1:] if not p.startswith((".", "/")) and p not in ("requirements.txt",)
        ]
        if verb == "uninstall" or (
            named and not flags & {"-r", "--requirement", "-e", "--editable"}
        ):
            return "installs or removes a package"
    if prog in ("cargo", "uv", "poetry", "pdm", "pipx", "gem", "go", "dotnet", "composer"):
        if verb in ("add", "remove", "rm", "install", "uninstall", "get", "inject", "require"):
            if prog == "dotnet" and verb == "add" and pos[1:2] == ["reference"]:
                return "adds a reference to the project"
            return f"changes installed packages ({prog} {verb})"
        if prog == "uv" and verb == "tool" and pos[1:2] in (["install"], ["uninstall"]):
            return "installs or removes a program"
        if prog == "uv" and verb == "venv":
            return "creates a virtual environment"
    if (
        len(pos) >= 2
        and pos[0] in ("plugins", "plugin", "extensions", "extension")
        and pos[1] in ("install", "uninstall", "add", "remove", "enable", "disable")
    ):
        return "installs or removes a plugin"
    # Formatters that rewrite files unless told to check.
    if not flags & _FORMAT_CHECKS:
        if (prog == "cargo" and verb == "fmt") or prog == "rustfmt":
            return "rewrites files (a formatter)"
        if (prog in ("gofmt", "goimports") and "-w" in flags) or (prog == "go" and verb == "fmt"):
            return "rewrites files (a formatter)"
        if prog == "black" or (prog == "ruff" and verb == "format") or prog == "isort":
            return "rewrites files (a formatter)"
        if prog in ("terraform", "tofu") and verb == "fmt":
            return "rewrites files (a formatter)"
        if prog in ("dart", "dotnet") and verb == "format":
            return "rewrites files (a formatter)"
    if prog == "ruff" and flags & {"--fix", "--unsafe-fixes"}:
        return "rewrites files (ruff --fix)"
    if prog in ("prettier", "biome") and flags & {"--write", "-w", "--apply"}:
        return "rewrites files (a formatter)"
    if prog == "eslint" and "--fix" in flags:
        return "rewrites files (eslint --fix)"
    if prog == "clang-format" and "-i" in flags:
        return "rewrites files (a formatter)"
    if prog == "mise" and verb == "run" and (target := _named_target(pos[1:2])) is not None:
        return target
    # Migrations and remote databases.
    joined = " ".join(pos[:3])
    if prog == "prisma" and (joined.startswith(("migrate deploy", "migrate dev", "migrate reset"))
                             or joined.startswith("db push")):  # fmt: skip
        return "changes a database (prisma)"
    if prog == "supabase" and (joined.startswith(("db push", "db reset", "migration up"))
                               or verb in ("link", "deploy", "secrets")):  # fmt: skip
        return "changes a database or a project (supabase)"
    if prog == "alembic" and verb in ("upgrade", "downgrade", "stamp"):
        return "changes a database (alembic)"
    if prog in ("rails", "rake") and any(p.startswith("db:") for p in pos):
        return "changes a database"
    if (
        prog in ("knex", "sequelize", "flyway", "dbmate", "goose")
        and any("migrate" in p or p in ("up", "down", "reset", "redo") for p in pos)
        and not reads_first(args)  # `knex migrate:status`, `knex migrate:list`
    ):
        return "changes a database (a migration)"
    if prog == "vercel" and verb == "env" and pos[1:2] and pos[1] in ("add", "rm", "remove"):
        return "changes a project's settings (vercel env)"
    if prog == "jj" and verb and verb not in _JJ_READS:
        if verb in ("op", "bookmark", "branch", "workspace", "config", "file") and pos[1:2] in (
            ["log"],
            ["list"],
            ["show"],
            ["get"],
        ):
            return None
        return f"changes the repository (jj {verb})"
    return None


def _git(args: list[str]) -> str | None:
    i = 0
    while i < len(args) and args[i].startswith("-"):
        opt = args[i].split("=", 1)[0]
        i += 2 if opt in _GIT_OPTS_WITH_VALUE and "=" not in args[i] else 1
    if i >= len(args):
        return None
    sub, rest = args[i], args[i + 1 :]
    if "$" in sub or "`" in sub:
        return "its git subcommand is built at run time: it cannot be shown to observe"
    if sub == "reflog" and rest[:1] in (["expire"], ["delete"]):
        return "rewrites the reflog"
    if sub in _GIT_READS:
        return None
    if sub == "tag" and _git_tag_reads(rest):
        return None
    if sub == "branch" and _git_branch_reads(rest):
        return None
    if sub == "stash" and rest[:1] in (["list"], ["show"]):
        return None
    if sub == "remote" and (not rest or rest[0] in ("-v", "--verbose", "show", "get-url")):
        return None
    if sub == "config" and any(a in rest for a in ("--get", "--get-all", "--list", "-l")):
        return None
    if sub == "apply" and ("--check" in rest or "--stat" in rest):
        return None
    if sub == "push" and ("--dry-run" in rest or "-n" in rest):
        return None  # says what it would push: the remote is read, not written
    if sub in ("worktree", "submodule") and rest[:1] in (["list"], ["status"]):
        return None
    if sub == "notes" and rest[:1] in (["list"], ["show"]):
        return None
    why = _GIT_WHY.get(sub, "is not a read-only git command")
    return f"git {sub} {why}"


def _git_tag_reads(rest: list[str]) -> bool:
    if any(a in rest for a in ("-d", "--delete", "-f", "--force", "-a", "-s", "-m", "-u")):
        return False
    listing = ("-l", "--list", "-n", "--contains", "--no-contains", "--points-at", "--merged",
               "--sort", "-v", "--verify", "--column")  # fmt: skip
    named = [a for a in rest if not a.startswith("-")]
    return not named or any(a.split("=", 1)[0] in listing for a in rest)


def _git_branch_reads(rest: list[str]) -> bool:
    writes = ("-d", "-D", "--delete", "-m", "-M", "--move", "-c", "-C", "--copy", "-f",
              "--force", "-u", "--set-upstream-to", "--unset-upstream",
              "--edit-description")  # fmt: skip
    if any(a.split("=", 1)[0] in writes for a in rest):
        return False
    listing = ("-l", "--list", "-a", "--all", "-r", "--remotes", "--contains", "--merged",
               "--no-merged", "--show-current", "-v", "-vv", "--points-at", "--format")  # fmt: skip
    named = [a for a in rest if not a.startswith("-")]
    return not named or any(a.split("=", 1)[0] in listing for a in rest)


def _gh(args: list[str]) -> str | None:
    words = [a for a in args if not a.startswith("-")]
    if not words:
        return None
    if words[0] == "api":
        given = option_values(args, "X", ("--method",), takes=_GH_API_TAKES)
        method = given[-1].upper() if given else ""
        fields = option_values(args, "fF", ("--field", "--raw-field", "--input"),
                               takes=_GH_API_TAKES)  # fmt: skip
        if (method and method not in _HTTP_READS) or fields:
            return "gh api sends a request that changes GitHub"
        return None
    if words[0] == "auth":
        # `gh auth login`, `logout`, `refresh`, `setup-git` (git's global config), `switch`
        # change the credentials gh and git use; `status` and `token` show them.
        sub = words[1] if len(words) > 1 else ""
        return None if sub in ("status", "token", "") else f"gh auth {sub} changes credentials"
    if words[0] in ("help", "version", "browse", "search", "status"):
        return None
    verb = words[1] if len(words) > 1 else ""
    if verb in _GH_READS:
        return None
    return f"gh {words[0]} {verb} changes GitHub".replace("  ", " ")


# curl's and wget's options that send a body (`-d x`, `-sd x`, `-dX`, `--json`), read as the
# tools read a cluster of short options: the letter that takes a value ends it.
_CURL_SENDS = "dFT"
_CURL_SENDS_LONG = ("--data", "--data-raw", "--data-binary", "--data-ascii", "--data-urlencode",
                    "--form", "--form-string", "--upload-file", "--json")  # fmt: skip
_WGET_SENDS_LONG = ("--post-data", "--post-file", "--body-data", "--body-file")


def _http(prog: str, args: list[str]) -> str | None:
    method = ""
    if prog == "curl":
        given = option_values(args, "X", ("--request",), takes=CURL_TAKES)
        method = given[-1].upper() if given else ""
        if option_values(args, _CURL_SENDS, _CURL_SENDS_LONG, takes=CURL_TAKES) or any(
            _CURL_DATA.match(a) for a in args if a.startswith("--")
        ):
            method = method or "POST"
    elif prog == "wget":
        given = option_values(args, "", ("--method",))
        method = given[-1].upper() if given else ""
        if option_values(args, "", _WGET_SENDS_LONG):
            method = method or "POST"
    else:
        for k, a in enumerate(args):
            if a in ("-X", "--request", "--method") and k + 1 < len(args):
                method = args[k + 1].upper()
            elif a.startswith(("--request=", "--method=")) or re.match(r"^-X[A-Z]+$", a):
                method = a.split("=", 1)[-1].removeprefix("-X").upper()
    if prog in {"http", "https"} | _HTTPIE:
        first = next((a for a in args if not a.startswith("-")), "")
        if first.upper() in _HTTP_WRITE:
            method = first.upper()
        elif not re.fullmatch(r"[A-Za-z]+", first) and any(
            re.match(r"^[\w.-]+(?:=|:=|@)", a) for a in args[1:]
        ):
            method = method or "POST"  # data items and no method: httpie sends a POST
    if method in _HTTP_WRITE or (method and method not in _HTTP_READS):
        return f"sends an HTTP {method} request"
    return None


# Methods that only read; any other a request names (`-X PURGE`, `-X MKCOL`) may change.
_HTTP_READS = {"GET", "HEAD", "OPTIONS", "TRACE", "PROPFIND"}
# httpie's kin, which read a method as their first word (`xh post URL a=1`).
_HTTPIE = {"xh", "xhs", "httpie", "curlie"}
_POWERSHELL_HTTP = {"invoke-restmethod", "invoke-webrequest", "irm", "iwr"}
# Programs that send their input to another host; `-z` scans, `-l` listens, `-h` helps.
_NETCAT = {"nc", "ncat", "netcat", "socat"}


def _powershell_http(args: list[str]) -> str | None:
    """`Invoke-RestMethod -Method Post`: PowerShell's parameters are read without regard to
    case and may be shortened (`-Meth`), their value given after a space or a colon."""
    for k, a in enumerate(args):
        name, colon, value = a.partition(":")
        if len(name) > 2 and "-method".startswith(name.lower()):
            given = value if colon else args[k + 1] if k + 1 < len(args) else ""
            if given.strip("'\"").upper() in _HTTP_WRITE:
                return f"sends an HTTP {given.strip(chr(39) + chr(34)).upper()} request"
    return None


_SET = later(
    r"(?:^|[;&|(\n]\s*|\bexport\s+)(?P<name>[A-Za-z_]\w*)="
    r"(?P<value>\"[^\"\n]*\"|'[^'\n]*'|[^\s;&|)]*)"
)


# A file or folder `mktemp` makes for the command (`d=$(mktemp -d)`, `cd "$(mktemp -d)"`):
# new, private to the user, in the temporary folder; what the command does in it, and
# deleting it, touches nothing of anyone's (the thirteenth stop refused `d=$(mktemp -d); rm
# -rf "$d"` as changing files the shell computes). Read as a path under OWN_TEMP.
_MKTEMP = later(r"\$\(\s*mktemp\b(?P<a>[^()`;&|]*)\)|`\s*mktemp\b(?P<b>[^`;&|]*)`")
OWN_TEMP = "/tmp/.plan-own-mktemp"


def _own_temps(command: str) -> str:
    """`command` with each `$(mktemp …)` that makes its file in the temporary folder read as
    a path of its own under OWN_TEMP (one made elsewhere, `mktemp -p ~/x`, is left as it is)."""
    count = 0

    def own(m: re.Match[str]) -> str:
        nonlocal count
        for word in (m.group("a") or m.group("b") or "").split():
            word = word.strip("'\"").removeprefix("--tmpdir=").removeprefix("--suffix=")
            if "/" in word and not (
                _shared_temp(word) or _IN_PLACE.match(word) or word.startswith(OWN_TEMP)
            ):
                return m.group(0)
        count += 1
        return f"{OWN_TEMP}-{count}"

    return _MKTEMP.sub(own, command) if "mktemp" in command else command


# Text the shell prints for itself to use as words (`$(echo git) tag v1`, `` `printf %s git`
# ``): the words themselves (the fourteenth pass: `$(echo git) tag v13` made the tag).
_ECHOED = later(
    r"\$\(\s*(?:echo|printf(?:\s+(?:'%s'|\"%s\"|%s))?)\s+(?P<a>[^()`$;&|<>]*?)\s*\)"
    r"|`\s*(?:echo|printf(?:\s+(?:'%s'|\"%s\"|%s))?)\s+(?P<b>[^`$;&|<>]*?)\s*`"
)


def _echoed(command: str) -> str:
    """`command` with each `$(echo WORDS)` replaced by WORDS (quotes taken off)."""
    if "echo" not in command and "printf" not in command:
        return command

    def words(m: re.Match[str]) -> str:
        return (m.group("a") or m.group("b") or "").replace("'", "").replace('"', "")

    return _ECHOED.sub(words, command)


def _expanded(command: str) -> str:
    """`command` with the variables it sets itself (`D=../x; rm -rf $D`) replaced by their
    values, `$PWD` by `.` (the work tree, where a check starts), a file `mktemp` makes by a
    path of its own (`_own_temps`), and words the shell echoes for itself by those words."""
    command = _echoed(_own_temps(command))
    values = {m.group("name"): m.group("value").strip("'\"") for m in _SET.finditer(command)}
    values.setdefault("PWD", ".")

    def value(m: re.Match[str]) -> str:
        name = m.group(1) or m.group(2)
        return values.get(name, m.group(0))

    return re.sub(r"\$\{(\w+)\}|\$(\w+)", value, command)


def _outside(path: str) -> bool:
    """A written path the runner cannot place inside the work tree or a temporary folder:
    home, a parent, an absolute path that is not a temporary or device file, or one that
    starts with a value only the shell knows (`${PWD%/*}/f`, `"$(dirname "$PWD")/f"`,
    `$OUT/f`). `..` is resolved as written (`/tmp/../root/f` is `/root/f`, `a/../b` is `b`);
    the run layer follows the symlinks."""
    path = path.strip("'\"")
    if _UNPLACED.match(path):
        return True
    if path.startswith(("$", "`")) and not _IN_PLACE.match(path):
        return True
    if path.startswith(("~", "$HOME", "${HOME}")):
        return True
    bare = _IN_PLACE.sub("", path, count=1) if path.startswith("$") else path
    if not bare:
        return False
    normal = posixpath.normpath(bare)
    if normal == ".." or normal.startswith("../"):
        return True
    if not normal.startswith("/"):
        return False
    if path.startswith("$"):  # `$TMPDIR/../x`: out of the temporary folder
        return ".." in bare.split("/")
    if normal in ("/tmp", "/var/tmp") or normal.startswith(("/tmp/", "/var/tmp/")):
        return False
    return not _STREAM.match(normal)


# A value the shell computes, first in a path: what it names is not known here.
_UNPLACED = later(r"^(?:\$\(|`|\$\{?[A-Za-z_]\w*[^\w/}])")
# Variables that name the work tree or the user's temporary folder: a path under them is
# placed (`$PWD/out`, `${TMPDIR:-/tmp}/x`).
_IN_PLACE = later(
    r"^\$(?:PWD|\{PWD\}|TMPDIR|\{TMPDIR\}|\{TMPDIR:-/tmp\}|RUNNER_TEMP|\{RUNNER_TEMP\})(?=/|$)"
)


def _where(path: str) -> str:
    """Where a path `_outside` judged is, in words."""
    bare = path.strip("'\"")
    if bare.startswith(("$", "`")) and not bare.startswith(("$HOME", "${HOME}")):
        return "a path only the shell knows: it may be outside the work tree"
    return "outside the work tree"


_STREAM = later(r"^/dev/(?:null|stdout|stderr|tty|fd/\d+)$")


# The repository's own records, which no check deletes: `.git` in any spelling.
_GIT_FOLDER = later(r"^(?:\./)*\.git(?:/.*)?$|^(?:\./)*\.?\*$|^\.{1,2}/?$")


def _rm(args: list[str]) -> str | None:
    for a in args:
        if a.startswith("-") and not a.startswith(("/", "-/")):
            continue
        if a.startswith("$") and not a.startswith(("$PWD", "${PWD}")):
            return f"deletes {a}, a path only the environment knows: it may be outside the tree"
        if _outside(a):
            return f"deletes {a}, outside the work tree"
        if _GIT_FOLDER.match(a) or _matches_git(a):
            return f"deletes {a}: the repository's history or the whole work tree"
        if _shared_temp(a):
            return _OTHERS_TEMP.format(a)
    return None


# A temporary folder is shared by every program and person on the machine: deleting in it
# what the check did not make there itself is an act (`rm -rf /tmp/other`, `rm -rf /tmp`).
_OTHERS_TEMP = "deletes {0} in the shared temporary folder, which this check did not make"


def _shared_temp(path: str) -> bool:
    """A path in /tmp or /var/tmp (or one of them), written literally."""
    path = path.strip("'\"")
    if not path.startswith("/"):
        return False
    normal = posixpath.normpath(path)
    if normal.startswith(OWN_TEMP):
        return False  # made by the command's own `mktemp`
    return normal in ("/tmp", "/var/tmp") or normal.startswith(("/tmp/", "/var/tmp/"))


def _made_before(command: str, reason: str) -> bool:
    """Whether a temporary path a later `rm` deletes was made earlier by the same command
    (`mkdir -p /tmp/x && ... && rm -rf /tmp/x`): its own scratch, not another's."""
    m = re.fullmatch(re.escape(_OTHERS_TEMP).replace(re.escape("{0}"), "(?P<path>.+)"), reason)
    if m is None:
        return False
    path = m.group("path").strip("'\"")
    if any(c in path for c in "*?[") or posixpath.normpath(path) in ("/tmp", "/var/tmp"):
        return False
    quoted = rf"['\"]?{re.escape(path)}/?['\"]?(?=$|[\s;&|)])"
    deleted = re.search(rf"\b(?:rm|rmdir|unlink|shred)\b[^;&|]*?\s{quoted}", command)
    if deleted is None:
        return False
    before = command[: deleted.start()]
    # Named earlier as the place something is put: `> /tmp/x`, `-o /tmp/x`, `--out=/tmp/x`,
    # `of=/tmp/x`, `-C /tmp/x`, `--basetemp=/tmp/x`.
    if re.search(
        r"(?:>>?|(?:^|\s)-[oOC]\s*|--[\w-]*(?:out|dir|dest|target|temp|tmp)[\w-]*[=\s]|of=)\s*"
        + quoted,
        before,
    ):
        return True
    # Or by a program that makes it (`mkdir -p /tmp/x`, `touch /tmp/x`, `cp a /tmp/x`): a path
    # only read before (`ls /tmp/x; rm -rf /tmp/x`) is another's (the thirteenth stop's loose
    # reading took any mention).
    for part in re.split(r"[;&|\n]+", before):
        words = [w.strip("'\"").rstrip("/") for w in part.split()]
        if not words:
            continue
        prog = words[0].rsplit("/", 1)[-1]
        args = [w for w in words[1:] if not w.startswith("-")]
        if path.rstrip("/") in args and prog in _MAKERS:
            return True
        if args and args[-1] == path.rstrip("/") and prog in _COPIERS:
            return True
    return False


# Programs that make the paths they are given, and those that make their last one.
_MAKERS = frozenset({"mkdir", "touch", "tee", "mktemp", "mkfifo", "truncate"})
_COPIERS = frozenset({"cp", "mv", "ln", "install", "rsync", "git", "tar", "unzip", "curl", "wget"})


def _matches_git(pattern: str) -> bool:
    """Whether a glob reaches `.git` (`.g*`, `.[g]it`, `./.gi?`)."""
    import fnmatch

    first = pattern.lstrip("./").split("/", 1)[0] if not pattern.startswith("..") else ""
    stripped = pattern[2:] if pattern.startswith("./") else pattern
    head = stripped.split("/", 1)[0]
    return bool(first) and any(c in head for c in "*?[") and fnmatch.fnmatch(".git", head)


# Programs that write the paths they are given: the destination (the last path) for those
# that copy, every path for the others.
_COPIES = {"cp", "mv", "install", "ln", "rsync"}
_WRITES = {"tee", "touch", "mkdir", "chmod", "chown", "chgrp", "truncate", "shred", "rmdir"}
_WRITES |= {"unlink", "rename", "srm", "wipe"}
# Those of them that take away what is there (in a shared temporary folder: another's).
_DESTROYS = {"shred", "truncate", "rmdir", "unlink", "srm", "wipe"}


def _writes_paths(prog: str, args: list[str]) -> str | None:
    paths = [a for a in args if not a.startswith("-")]
    if prog in ("chmod", "chown", "chgrp") and paths:
        paths = paths[1:]  # the mode or owner comes first
    # `mv` takes its sources away too; the others copy from theirs.
    targets = paths[-1:] if prog in _COPIES and prog != "mv" else paths
    if prog == "dd":
        targets = [a[3:] for a in args if a.startswith("of=")]
    for t in targets:
        if _outside(t):
            return f"writes {t}, {_where(t)}"
        if prog in _DESTROYS and _shared_temp(t):
            return _OTHERS_TEMP.format(t)
        if prog in _WRITES | _COPIES and _GIT_FOLDER.match(t) and t.strip("./*"):
            return f"changes {t}: the repository's own records"
    return None


# Programs that only change a database (`pg_restore`, `mongoimport`), and database clients.
_DB_WRITERS = {"dropdb", "createdb", "dropuser", "createuser", "pg_restore", "mongorestore",
               "mongoimport", "mysqlimport"}  # fmt: skip
_DATABASES = _DB_WRITERS | {
    "psql", "mysql", "mariadb", "redis-cli", "mongo", "mongosh", "sqlite3", "duckdb",
    "clickhouse-client", "cqlsh", "sqlcmd", "snowsql", "usql", "pgcli", "mycli", "litecli",
}  # fmt: skip
# Their options that name a file of statements to run.
_SQL_FILE_OPTIONS = ("-f", "--file", "--queries-file", "-i", "--input-file", "-init")
_SQL_WRITE = later(
    r"\b(?:drop|truncate|delete|update|insert|alter|create|grant|revoke|flushall|flushdb|"
    r"del|set|dropDatabase|drop\(\))\b",
    re.IGNORECASE,
)


def _database(prog: str, args: list[str]) -> str | None:
    if prog in _DB_WRITERS:
        return "changes a database"
    if prog == "redis-cli":
        return _redis(args)
    if any(a.startswith("<") and not a.startswith("<<<") for a in args):
        return f"{prog} runs statements from a file it reads: it cannot be shown to observe"
    options = _SQL_FILE_OPTIONS if prog in ("sqlcmd", "duckdb") else _SQL_FILE_OPTIONS[:4]
    if prog not in ("mongo", "mongosh") and _option_values(args, options):
        return f"{prog} runs statements from a file: it cannot be shown to observe"
    if prog in ("mongo", "mongosh") and (
        _option_values(args, ("-f", "--file"))
        or any(a.endswith(".js") and not a.startswith("-") for a in args)
    ):
        return f"{prog} runs a script from a file: it cannot be shown to observe"
    text = " ".join(args)
    if _SQL_FILE.search(text):
        return f"{prog} runs statements from a file: it cannot be shown to observe"
    if prog in ("mongo", "mongosh") and _MONGO_WRITE.search(text):
        return "changes a database"
    return "changes a database" if _SQL_WRITE.search(text) else None


# A file of statements run from inside the client: psql's `\i`, mysql's `source`, sqlite's
# `.read` and `.import` (which writes a table).
_SQL_FILE = later(
    r"(?:^|[\s;])(?:\\i|\\ir|\\include(?:_relative)?|source|\\\.|\.read|\.import)\s+\S"
)
# mongosh's writing methods (`db.x.insertOne(...)`, `db.dropDatabase()`).
_MONGO_WRITE = later(
    r"\.(?:insert|update|delete|replace|drop|remove|rename|create|bulkWrite|findOneAnd|"
    r"findAndModify|save)\w*\s*\(",
)
# redis commands that only read; any other command changes the data or the server.
_REDIS_READS = frozenset(
    """get mget getrange strlen exists keys scan type ttl pttl expiretime dbsize info ping
    echo time hget hmget hgetall hkeys hvals hlen hexists hscan hstrlen lrange llen lindex
    lpos smembers sismember smismember scard srandmember sscan sunion sinter sdiff zrange
    zrangebyscore zrevrange zrevrangebyscore zcard zscore zmscore zrank zrevrank zcount
    zscan zlexcount xrange xrevrange xlen xinfo xpending pfcount bitcount getbit bitpos
    object memory dump lastsave role command randomkey geopos geodist geohash geosearch
    georadius_ro georadiusbymember_ro json.get json.type json.mget slowlog""".split()  # noqa: SIM905
)
# redis-cli's options that take a value (`-h host -p 6379 -n 2`).
_REDIS_VALUES = {"-h", "-p", "-a", "-n", "-u", "-s", "-r", "-i", "-d", "--user", "--pass",
                 "--cacert", "--cert", "--key", "--sni"}  # fmt: skip


def _redis(args: list[str]) -> str | None:
    """redis-cli runs one command, named after its options: a read, or a change."""
    k = 0
    while k < len(args) and args[k].startswith("-"):
        k += 2 if args[k] in _REDIS_VALUES else 1
    if k >= len(args):
        if any(a.startswith("--pipe") or a in ("--eval", "--rdb", "--functions-rdb") for a in args):
            return "redis-cli runs commands it reads: it cannot be shown to observe"
        return None  # `redis-cli --scan`, `redis-cli -h host --stat`: reads (or waits)
    command = args[k].lower()
    if command in _REDIS_READS:
        return None
    return f"changes a database (redis {args[k].upper()})"


def _find(args: list[str]) -> str | None:
    """`find` with `-delete` under git's folder or outside the tree, or `-exec` of an action."""
    roots = []
    for a in args:
        if a.startswith("-") or a in ("(", ")", "!"):
            break
        roots.append(a)
    if "-delete" in args and any(_outside(r) or _GIT_FOLDER.match(r) for r in roots):
        return f"deletes files under {roots[0]}, outside the work tree or in git's own folder"
    if "-delete" in args and (shared := [r for r in roots if _shared_temp(r)]):
        return _OTHERS_TEMP.format(f"files under {shared[0]}")
    acting_exec = any(a in ("-exec", "-execdir", "-ok", "-okdir") for a in args)
    if acting_exec and any(_outside(r) for r in roots):
        return f"runs commands on files under {roots[0]}, outside the work tree"
    for i, a in enumerate(args):
        if a in ("-exec", "-execdir", "-ok", "-okdir"):
            rest = []
            for w in args[i + 1 :]:
                if w in (";", "\\;", "+"):
                    break
                rest.append(w)
            inner = _simple(" ".join(shlex.quote(w) for w in rest), rest)
            if inner is not None:
                return inner
    return None


# Code given to an interpreter on its command line that calls git or removes files.
_CODE_ACTS = later(
    r"\b(?:git|gh)\s+(?:-\S+\s+)*(?P<sub>[a-z-]+)|\brm\s+-[a-zA-Z]*[rf]|shutil\.rmtree|os\.remove"
    r"|shutil\.move|os\.rename|os\.replace|\bunlink\s+[\"'$(]|\brmtree\b|\bFileUtils\.(?:mv|rm)"
    r"|\b(?:rmSync|rmdirSync|unlinkSync|unlink|rmdir|rmtree|remove_dir_all|remove_file|rm_rf|rm_r)\s*\("
    r"|\bfs(?:\.promises)?\.(?:rm|unlink|rmdir)\b|\bFileUtils\.rm|\bFile\.delete|\bDir\.delete"
)


# Interpreter code that names a path out of the work tree, or in git's own folder (a hook,
# `.git/config`: the eighth pass planted a post-commit hook), in a string (`open('../v/f',
# 'w')`, `Path('../x').write_text`, `unlink glob("../v/f")`), or runs git through a list
# of words (`subprocess.run(['git', 'tag', 'v1'])`): the seventh pass ran both as checks.
_CODE_OUTSIDE = later(
    r"""['"](?:\.\./|~/|/(?!tmp/|dev/|proc/)[\w.-]+/|(?:\./)?\.git/)[^'"]*['"]|expanduser"""
    r"""|['"]\.\.['"]|\bpardir\b"""
    # The user's home, however the language asks for it (`Path.home()`, `os.homedir()`,
    # `Dir.home`, `$ENV{HOME}`, `os.environ['HOME']`, `getenv("HOME")`).
    r"""|\bhome\s*\(\s*\)|\bhomedir\b|\bDir\.home\b|\bENV\s*[\[{]\s*['"]?HOME\b"""
    r"""|\benviron(?:\.get\s*\(|\s*\[)\s*['"]HOME['"]|\bgetenv\s*\(\s*['"]HOME['"]"""
    # A link made to a folder out of the tree (`os.symlink('/etc', '/tmp/x')`): a write
    # through it leaves the tree, as `ln -s /etc /tmp/x` does.
    r"""|\bsymlink(?:Sync)?\s*\(\s*['"](?:/(?!tmp/|tmp['"])|\.\.|~)"""
)
_CODE_GIT_LIST = later(r"""\[\s*['"]git['"]\s*,\s*['"](?P<sub>[\w-]+)['"]""")
_CODE_READS_ONLY = later(
    r"\b(?:open|read_text|read_bytes|exists|is_file|is_dir|stat|listdir|glob|readFile|"
    r"readFileSync|existsSync)\b"
)
_CODE_WRITES = later(
    r"""\b(?:write_text|write_bytes|unlink|remove|rmtree|rmdir|rename|replace|move|copy\w*|"""
    r"""writeFile\w*|appendFile\w*|rmSync|unlinkSync|mkdir|makedirs|touch|chmod|truncate|"""
    r"""extract\w*|unpack_archive|symlink|link|createWriteStream)(?:Sync)?\b|"""
    r"""\bopen(?:Sync)?\s*\(.{0,200}?,\s*['"][wax+]"""
)


# Interpreter code that installs packages (`install.packages("x")`, `remotes::install_github`,
# `renv::restore()`, `pak::pak`, julia's `Pkg.add`/`Pkg.instantiate`): the sixteenth pass
# ran `R -e`, `Rscript -e` and `julia -e` installs as checks.
_CODE_INSTALLS = later(
    r"(?:\b[\w.]+::)?\binstall(?:[._]\w+)*\s*\(|\b\w+_install\s*\(|\bpak::pak\b"
    r"|\brenv::(?:restore|install|update|init|hydrate|rebuild)\b|\bpacman::p_load\b"
    r"|\bPkg\.(?:add|rm|remove|update|up|instantiate|develop|dev|build|pin|free|resolve)\b"
)


def _code_acts(code: str) -> str | None:
    if (installs := _CODE_INSTALLS.search(code)) is not None:
        return f"its code installs packages ({installs.group(0).rstrip('( ')}…)"
    if _CODE_OUTSIDE.search(code) and _CODE_WRITES.search(code):
        return "its code writes or deletes a path outside the work tree or in git's own folder"
    if (sends := _code_sends(code)) is not None:
        return sends
    if (runs := _code_runs(code)) is not None:
        return runs
    for g in _CODE_GIT_LIST.finditer(code):
        if g.group("sub") not in _GIT_READS:
            return f"its code runs git {g.group('sub')}"
    for m in _CODE_ACTS.finditer(code):
        sub = m.group("sub")
        if sub is None:
            return "its code deletes files"
        if sub not in _GIT_READS:
            return f"its code runs git {sub}"
    return None


def _runs_what_it_writes(command: str) -> str | None:
    """Why a command that writes a file and then runs it as a script acts (None: it runs
    nothing it wrote, or what it wrote observes)."""
    for m in _redirects(command):
        target = m.group("target").strip("'\"")
        name = target.removeprefix("./")
        if not name or target.startswith("&"):
            continue
        runs = re.search(_RUNS_FILE.format(name=re.escape(name)), command[m.end() :])
        if runs is None:
            continue
        written = [w for w in _WRITTEN.finditer(command) if w["target"].strip("'\"") == target]
        if not written:
            return f"runs {target}, a script it writes at run time: it cannot be shown to observe"
        for w in written:
            text = w.group("text")
            if w.group("prog") == "printf" or "-e" in command[w.start() : w.start("q")]:
                text = text.replace("\\n", "\n").replace("\\t", "\t")
            why = _code_acts(text) or next(
                (r for line in text.splitlines() if (r := acts(line)) is not None), None
            )
            if why is not None:
                return f"runs {target}, a script it writes, which {why}"
    return None


# Container runners' options that take a value (`docker run -e X=1 -v a:b IMAGE CMD`), and
# compose's own before its subcommand (`docker compose -f f.yml run SERVICE CMD`).
_CONTAINER_VALUES = {
    "-e", "--env", "-v", "--volume", "-p", "--publish", "-w", "--workdir", "--name", "--network",
    "--net", "-u", "--user", "--env-file", "--mount", "-l", "--label", "-h", "--hostname",
    "--platform", "--pull", "--restart", "--cpus", "-m", "--memory", "--add-host", "--device",
    "--gpus", "--ipc", "--pid", "--cap-add", "--cap-drop", "--security-opt", "--tmpfs",
    "--ulimit", "--log-driver", "--log-opt", "--shm-size", "--dns", "--link", "--volumes-from",
    "--cidfile", "--stop-signal", "--stop-timeout", "--index", "-f", "--file",
    "--project-name", "--profile", "--project-directory", "-c", "--context", "--runtime",
}  # fmt: skip
_CONTAINER_RUNNERS = {"docker", "podman", "nerdctl", "docker-compose", "podman-compose"}


def _in_container(prog: str, args: list[str]) -> list[str] | None:
    """The command a container runner runs inside (`docker run IMAGE CMD`, `docker compose
    exec SERVICE CMD`, `--entrypoint sh ... -c CMD`), or None when it runs none written here."""
    if prog not in _CONTAINER_RUNNERS:
        return None
    k = 0
    running = False
    entrypoint: list[str] = []
    while k < len(args):
        a = args[k]
        if a.startswith("--entrypoint"):
            given = a.partition("=")[2] if "=" in a else args[k + 1] if k + 1 < len(args) else ""
            entrypoint = [given] if given else []
            k += 1 if "=" in a else 2
        elif a.startswith("-"):
            k += 2 if a in _CONTAINER_VALUES else 1
        elif running:
            return (entrypoint + args[k + 1 :]) or None  # after the image or the service
        elif a in ("compose", "container") and prog in ("docker", "podman", "nerdctl"):
            k += 1
        elif a in ("run", "exec"):
            running = True
            k += 1
        else:
            return None
    return None


# A container engine's verbs that change images, containers, volumes, networks, contexts
# or the engine itself, as the first word (`docker pull`) or after a noun (`docker volume
# prune`, `docker compose rm`, `docker context use`): the twelfth attacker ran these.
_ENGINE_ACTS = frozenset(
    """push pull tag rm rmi kill stop start restart pause unpause prune reset create up down
    load import commit rename update use login logout deploy init join leave cp scale
    rollback promote demote install enable disable upgrade rmp stopp runp""".split()  # noqa: SIM905
)
_ENGINES = {"docker", "podman", "nerdctl", "docker-compose", "podman-compose", "ctr", "crictl"}
_ENGINE_NOUNS = frozenset(
    """compose image container volume network system context builder buildx plugin node
    service stack secret config swarm machine manifest trust images i containers c tasks t
    snapshots snapshot content namespaces ns leases""".split()  # noqa: SIM905
)


def _docker(args: list[str], engine: str = "docker") -> bool:
    words = [a for a in args if not a.startswith("-")]
    if words[:1] and words[0] in _ENGINE_NOUNS:
        words = words[1:]
    if words[:1] in (["run"], ["exec"]) and any(a in ("-d", "--detach") for a in args):
        return True  # `run -d`: a container left running
    if words[:1] in (["run"], ["exec"], ["attach"]) and engine in ("ctr", "crictl"):
        return True  # containerd's own: what runs inside is not read
    return bool(words[:1]) and words[0] in _ENGINE_ACTS


def extractions(command: str) -> tuple[tuple[str, str], ...]:
    """The archives a command unpacks, each with the folder it unpacks into (`tar -xf a.tar
    -C out`, `unzip -o a.zip -d out`): the run layer reads their members, since a committed
    archive can hold `.git/hooks/post-commit` or `../x` (the ninth pass planted a hook)."""
    found: list[tuple[str, str]] = []
    for piece in _SPLIT.split(command):
        words = _strip(_words(piece))
        if not words:
            continue
        prog, args = words[0].rsplit("/", 1)[-1], words[1:]
        if prog in ("tar", "gtar", "bsdtar"):
            archive = _tar_extracts(args)
            if archive is not None:
                folders = option_values(args, "C", ("--directory",), takes=TAR_TAKES)
                found.append((archive, folders[-1] if folders else "."))
        elif prog == "unzip":
            named = _unzip_archive(args)
            folders = option_values(args, "d", (), takes="P")
            dest = folders[-1] if folders else "."
            if named:
                found.append((named[0], dest))
    return tuple(found)


def _unzip_archive(args: list[str]) -> list[str]:
    """unzip's archive, first of the words that are not options nor their values (`-d DIR`,
    `-qd DIR`, `-P PW`); what follows `-x` is a list of names left out."""
    named: list[str] = []
    skip = False
    for a in args:
        if skip:
            skip = False
        elif a == "-x":
            break
        elif a.startswith("-") and len(a) > 1:
            at = next((k for k, ch in enumerate(a[1:], 1) if ch in "dP"), None)
            skip = at == len(a) - 1
        else:
            named.append(a)
    return named


def _tar_extracts(args: list[str]) -> str | None:
    """The archive `tar ARGS` extracts, or None when it does not extract (or names none)."""
    first = args[0] if args else ""
    old_style = bool(re.match(r"^[A-Za-z]+$", first)) and "x" in first
    extracting = old_style or any(
        a in ("--extract", "--get") or re.match(r"^-[A-Za-z]*x[A-Za-z]*$", a) for a in args
    )
    if not extracting:
        return None
    for k, a in enumerate(args):
        if a.startswith("--file="):
            return a.split("=", 1)[1]
        clustered = re.match(r"^-?[A-Za-z]*f([^\s]*)$", a) and (a.startswith("-") or k == 0)
        if a in ("-f", "--file") or clustered:
            rest = "" if a in ("-f", "--file") else a[a.index("f") + 1 :]
            if rest:
                return rest
            return args[k + 1] if k + 1 < len(args) else None
    return None


# Interpreter code that talks to the network (an HTTP library, fetch, a socket) and, in the
# same code, sends something that changes what is there: a POST/PUT/PATCH/DELETE named as
# a method or a call (`requests.post`, `->post`, `{method:'POST'}`), a body (`data=`,
# `json=`, `body:`), or bytes written to a socket. A GET reads: `urlopen(u).read()` stays
# a check, as `curl -s URL` does.
_CODE_NET = later(
    r"urllib|urlopen|\brequests\b|httpx|aiohttp|http\.client|HTTPS?Connection|\bfetch\s*\("
    r"|axios|\bhttps?\.(?:request|get|post)|LWP|HTTP::|Net::HTTP|Faraday|RestClient|curl_init"
    r"|stream_context|file_get_contents|\bsocket\b|WebSocket|XMLHttpRequest|\bgot\b|needle"
    r"|superagent|ftplib|smtplib|telnetlib|paramiko|IO::Socket|TCPSocket|UDPSocket|\bnet\."
    r"|\bdgram\b|HTTP::Tiny|Mojo::UserAgent|undici"
)
_CODE_SENDS = later(
    r"(?i:\.(?:post|put|patch|delete|del)\s*\(|->\s*(?:post|put|patch|delete|request)\b"
    r"|['\"](?:post|put|patch|delete)['\"]|\bmethod\s*(?:=>|[:=])\s*['\"]?(?:post|put|patch|delete))"
    r"|[(,]\s*(?:data|json|files|body)\s*=(?!\s*None\b)(?!=)|\bbody\s*:|\bPOST\s*(?:=>|\(|,)"
    r"|\b(?:send|sendall|sendto|sendmail|send_message|storbinary|storlines|syswrite)\s*\("
    r"|Net::HTTP::(?:Post|Put|Patch|Delete)|CURLOPT_(?:POST|CUSTOMREQUEST|UPLOAD|PUT)"
)


def _code_sends(code: str) -> str | None:
    """Why interpreter code sends a request that changes something elsewhere (None: it
    makes none, or only reads)."""
    if not _CODE_NET.search(code):
        return None
    if (m := _CODE_SENDS.search(code)) is not None:
        return f"its code sends data over the network ({m.group(0).strip()}…)"
    return None


# Interpreter code that runs a program: Python's os.exec*/os.spawn*/subprocess, node's
# child_process, Perl's and Ruby's system/exec/spawn, PHP's exec family, pip.main. The
# program's words are read from the call's literal strings (a list or one shell string) and
# judged as a command of their own; a word the code computes is read as unknown.
_CODE_EXEC = later(
    r"(?P<name>\bos\.(?:exec|spawn|posix_spawn)\w*|\bos\.(?:system|popen)|\bpty\.spawn"
    r"|\bpip\.main|\bsubprocess\.\w+|\b(?:Open3|IO|Process|Kernel)\.(?:popen\w*|spawn|exec"
    r"|system|capture\w*|pipeline\w*)|\bBun\.spawn(?:Sync)?|\bDeno\.(?:run|Command)"
    r"|(?:\b(?:child_process|cp|childProcess)|\))\.(?:spawn|spawnSync|exec|execSync|execFile"
    r"|execFileSync|fork)"
    r"|(?<![\w.$>:])(?:system|exec|spawn|spawnSync|execSync|execFile|execFileSync|shell_exec"
    r"|passthru|proc_open|popen|pcntl_exec)"
    r"|(?<![\w.])(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput))"
    r"\s*\("
)
# Perl's and Ruby's calls without brackets, a list of words after them (`exec "git", "tag"`,
# `system "git", "push"`): Python has no such statement, so no language test is needed.
_CODE_EXEC_BARE = later(r"(?<![\w.$>:@%])(?P<name>system|exec|spawn)[ \t]+(?=[\"'\[(])")
_BARE_SUBPROCESS = {"run", "call", "check_call", "check_output", "Popen", "getoutput",
                    "getstatusoutput"}  # fmt: skip
_LITERAL = later(
    r"^(?P<prefix>[fFrRbBuU]{0,2})(?P<q>['\"`])(?P<text>(?:\\.|(?!(?P=q)).)*)(?P=q)"
    r"(?P<split>\s*\.split\(\s*\))?$",
    re.S,
)
_NOT_AN_ARGUMENT = later(
    r"^(?:os\.)?P_\w+$|^\w+\s*=(?!=)|^\{.*\}$|^(?:os\.)?environ\b|^%?ENV\b|^None$|^True$"
    r"|^False$|^env\b",
    re.S,
)
_RUN_AS_SELF = {"sys.executable": "python3", "process.execPath": "node", "$^X": "perl",
                "PHP_BINARY": "php", "RbConfig.ruby": "ruby"}  # fmt: skip
# Code in a language where a bare `exec(`/`popen(` runs a program, not code of its own.
_SHELLING_LANGUAGE = later(r"child_process|\bmy\b|\$\w|<\?php|\bputs\b|\buse\s+\w|\bdo\b")


def _code_runs(code: str) -> str | None:
    """Why interpreter code runs a command that acts (None: it runs none, or each it runs
    observes)."""
    for m in _CODE_EXEC.finditer(code):
        name = m.group("name")
        if name.startswith(")."):
            if "child_process" not in code:
                continue  # `/re/.exec(s)`, `x().fork(`: not node's child_process
            name = name[2:]  # `require('child_process').spawnSync`
        if name in _BARE_SUBPROCESS and "subprocess" not in code:
            continue  # `asyncio.run(main())`, `call(x)`: not a process
        if name.startswith("subprocess.") and name.split(".", 1)[1] not in _BARE_SUBPROCESS:
            continue  # subprocess.PIPE and the like: not a run
        if name in ("exec", "popen") and not _SHELLING_LANGUAGE.search(code):
            continue  # Python's exec(code): Python, not a process
        words = _call_words(_call_text(code, m.end()))
        if name == "pip.main":
            words = ["pip", *words]
        if not words or words[0] == _FROM_INPUT:
            return f"its code runs a command it builds ({name}): it cannot be shown to observe"
        execs = name.startswith(("os.exec", "os.spawn", "os.posix_spawn", "pcntl_exec"))
        if execs and len(words) > 1 and program_name(words[0]) == program_name(words[1]):
            words = words[1:]  # `execlp('git', 'git', 'tag')`: the file, then argv[0]
        command = words[0] if len(words) == 1 else " ".join(shlex.quote(w) for w in words)
        if (why := acts(command)) is not None:
            return f"its code runs `{command}` ({name}), which {why}"
    for m in _CODE_EXEC_BARE.finditer(code):
        words = _call_words(_statement_text(code, m.end()))
        if not words or words[0] == _FROM_INPUT:
            continue  # read as the bracketed call is, where it has brackets
        command = words[0] if len(words) == 1 else " ".join(shlex.quote(w) for w in words)
        if (why := acts(command)) is not None:
            return f"its code runs `{command}` ({m.group('name')}), which {why}"
    return None


def _statement_text(code: str, start: int) -> str:
    """The text of a statement from `start` to its unquoted `;`, `}`, newline or end."""
    depth = 0
    for i, c in _unquoted(code, start):
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth < 0:
                return code[start:i]
        elif c in ";\n" and depth == 0:
            return code[start:i]
    return code[start:]


def _unquoted(text: str, start: int = 0) -> Iterator[tuple[int, str]]:
    """Each character of `text` from `start` that is outside a quoted string, with its
    index (a backslash in a string escapes the next character)."""
    i, quote = start, ""
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = ""
        elif c in "'\"`":
            quote = c
        else:
            yield i, c
        i += 1


def _call_text(code: str, start: int) -> str:
    """The text of a call's arguments from `start` (after its `(`) to its `)`."""
    depth = 1
    for i, c in _unquoted(code, start):
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                return code[start:i]
    return code[start:]


def _top_level(text: str) -> list[str]:
    """`text` cut at its top-level commas (brackets and quotes kept whole)."""
    parts: list[str] = []
    depth, last = 0, 0
    for i, c in _unquoted(text):
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(text[last:i])
            last = i + 1
    parts.append(text[last:])
    return [p.strip() for p in parts if p.strip()]


def _call_words(text: str) -> list[str]:
    """The words a call runs: literal strings kept, lists and tuples opened, keyword
    arguments, spawn modes and environments left out, anything computed `_FROM_INPUT`."""
    words: list[str] = []
    for part in _top_level(text):
        if part[:1] in "[(" and part[-1:] in "])":
            words += _call_words(part[1:-1])
            continue
        if part in _RUN_AS_SELF:
            words.append(_RUN_AS_SELF[part])
            continue
        if _NOT_AN_ARGUMENT.match(part):
            continue
        lit = _LITERAL.match(part)
        if lit is None:
            words.append(_FROM_INPUT)
            continue
        value = lit.group("text")
        if "f" in lit.group("prefix").lower() or lit.group("q") == "`":
            value = re.sub(r"\$?\{[^}]*\}", _FROM_INPUT, value)
        words += value.split() if lit.group("split") else [value]
    return words
