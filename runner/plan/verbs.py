"""Subcommands that act (docs/format.md, "Checks and actions"; issue 19, the tenth pass):
`sam deploy`, `cf push`, `railway up`, `vault kv put`, `glab release create`, `python
manage.py migrate`, `kubectl config use-context`, `cz bump`, `poetry version minor`.

Most command-line tools name what they do with a verb after the program: the first
positional words (`TOOL [NOUN ...] VERB`, `TOOL NOUN:VERB`, `TOOL VERB-OBJECT`). The verb
decides, whatever the tool: a read verb (`get`, `list`, `status`, `plan`, `check`) makes the
line a check, an acting verb (`deploy`, `push`, `publish`, `put`, `apply`, `up`, `install`)
an action; a noun that is also a verb (`release`, `migrate`) acts unless a read verb
follows it (`glab release list`, `knex migrate:status`). A program whose name says it
releases (`semantic-release`, `goreleaser`, `bump2version`) acts by its name. A line that
asks for a dry run, a plan or a check only (`--dry-run`, `--plan`, `--check`) acts on
nothing. Programs whose words are data, not verbs (`echo`, `grep`, `pytest`), are not read
this way.

Pure: `acting_verb(prog, args)` reads one simple command, its program already normalised.
"""

from __future__ import annotations

import re

from runner.markdown.patterns import later

_PUBLISHES = "publishes or records a change elsewhere (a release, an upload, a commit)"
_DEPLOYS = "deploys or changes a service, a cluster or its settings"
_CHANGES = "creates, changes, deletes or sends data outside the work tree"
_INSTALLS = "installs or removes software"
_MIGRATES = "changes a database (a migration)"
_BUMPS = "bumps the project's version"

# Verbs that act, each with why. `release` and `migrate` are nouns too: see _NOUN_VERBS.
_ACTS: dict[str, str] = {
    **dict.fromkeys(
        ("push", "publish", "upload", "release", "tag", "untag", "commit", "promote",
         "mirror", "shipit", "ship"),
        _PUBLISHES,
    ),
    **dict.fromkeys(
        ("deploy", "up", "down", "destroy", "rollback", "restart", "start", "stop",
         "kill", "terminate", "apply", "sync", "use", "set", "unset", "enable", "disable",
         "login", "logout", "configure", "provision", "redeploy", "undeploy"),
        _DEPLOYS,
    ),
    **dict.fromkeys(
        ("create", "delete", "del", "remove", "rm", "drop", "purge", "prune", "reset",
         "update", "upgrade", "patch", "edit", "import", "insert", "write", "put", "post",
         "send", "invoke", "trigger", "dispatch", "copy", "cp", "mv", "move", "flush",
         "rename", "register", "deregister", "cancel", "submit", "seed", "truncate",
         "restore", "rsync", "modify", "attach", "detach", "grant", "revoke", "ch",
         "execute", "wipe", "nuke", "teardown", "erase", "load", "produce"),
        _CHANGES,
    ),
    # A machine started or stopped (`multipass launch`, `lxc launch`, `vagrant halt`).
    **dict.fromkeys(("launch", "halt", "suspend"), _DEPLOYS),
    **dict.fromkeys(("install", "uninstall", "reinstall"), _INSTALLS),
    "migrate": _MIGRATES,
    "migration": _MIGRATES,
    "bump": _BUMPS,
}  # fmt: skip
# Nouns that are verbs too: they act when nothing after them says what is done with them
# (`cargo release`, `python manage.py migrate`), and read when a read verb follows.
_NOUN_VERBS = {"release", "migrate", "migration"}
# Tools whose own verbs act where the same word elsewhere creates files in the work tree
# (`plan new`, `cargo new`): `terraform workspace new` makes remote state.
_TOOL_ACTS: dict[str, dict[str, str]] = {
    "terraform": {"new": _DEPLOYS, "select": _DEPLOYS},
    "tofu": {"new": _DEPLOYS, "select": _DEPLOYS},
    "sentry-cli": {"new": _PUBLISHES, "finalize": _PUBLISHES},
    # `nats pub subj hi` publishes (`dart pub` is a noun: only these tools' `pub` acts).
    "nats": {"pub": _CHANGES, "req": _CHANGES, "request": _CHANGES},
    "ntfy": {"pub": _CHANGES},
    **dict.fromkeys(
        ("manage.py", "django-admin"),
        dict.fromkeys(
            ("loaddata", "flush", "createsuperuser", "changepassword", "createcachetable",
             "clearsessions", "collectstatic", "shell", "dbshell", "runscript"),
            "changes the database or the site (a Django command that acts)",
        ),
    ),
}  # fmt: skip
# Verbs that only read (or build and test inside the work tree): the line is a check.
_READS = frozenset(
    """get list ls show view describe status info inspect check validate verify lint test
    tests diff plan preview template history current log logs help whoami doctor search
    find cat print explain outdated audit build tree why ping health healthcheck top events
    output graph schema about completion man download query fetch-only dry-run dryrun
    summary report compare lookup read watch env-list""".split()  # noqa: SIM905
)
# Options that ask for a dry run, a plan or a check only: nothing is changed.
# Read words that are nouns as often as verbs: followed by an acting verb, they name what
# it acts on (`atlas schema apply`, `tool report delete`, `x env-list set`), and the verb
# decides; alone or before a read verb (`terraform output`, `helm template`), they read.
_READ_NOUNS = frozenset(
    """status info template history log logs tree health healthcheck top events output graph
    schema about completion summary report env-list""".split()  # noqa: SIM905
)


def _noun_then_act(path: list[str], kinds: list[str | None]) -> bool:
    """Whether the first word that says anything is a read noun an acting verb follows."""
    for k, kind in enumerate(kinds):
        if kind is not None:
            return kind == "read" and path[k] in _READ_NOUNS and "act" in kinds[k + 1 :]
    return False


_CHECK_ONLY = {"--dry-run", "--dryrun", "--dry_run", "--check", "--plan", "--noop",
               "--no-op", "--what-if", "--whatif", "-whatif", "--simulate", "--help",
               "--snapshot", "--preview", "--pretend"}  # fmt: skip
_NOT_DRY = {"false", "0", "no", "off", "none"}
# Options that are the acting verb (`overcommit --install`).
_ACTING_OPTIONS = {"--install": _INSTALLS, "--uninstall": _INSTALLS, "--deploy": _DEPLOYS,
                   "--upload": _PUBLISHES, "--push": _PUBLISHES,
                   "--publish": _PUBLISHES}  # fmt: skip
# Of them, those that act whatever verb they follow (`ko build --push`, `docker buildx build
# --push`): a build that pushes is a push. `--deploy` is a read's option too (`manage.py
# check --deploy`).
_STRONG_OPTIONS = {"--push", "--upload", "--publish"}
# A subcommand word as tools spell them: `deploy`, `use-context`, `db:migrate`.
_VERB_SHAPED = later(r"^[a-z][a-z0-9]*(?:[-_:][a-z0-9]+)*$")
# A program whose name says it releases or bumps (`semantic-release`, `release-it`,
# `goreleaser`, `bumpversion`, `bump2version`, `bump-my-version`).
_ACTING_NAME = later(
    r"(?:^|[-_.:])(?:deploy|release|publish|upload|bump)(?:$|[-_.:\d]|s$|ing|version)|releaser$"
    r"|^(?:np|standard-version|shipit)$"
    # A message producer or sender (`mosquitto_pub`, `kafka-console-producer`,
    # `amqp-publish`, `notify-send`): the sixteenth pass ran these as checks.
    r"|(?:^|[-_.:])(?:pub|producer|produce|publisher|sender|send)(?:$|[-_.:\d])",
    re.I,
)
_CHECKING_NAME = later(r"check|verify|valid|lint|test|diff|dry|status", re.I)

# Programs whose words are data (text, patterns, paths, test names), not subcommands, and
# programs read elsewhere by tables of their own.
_DATA_PROGRAMS = frozenset(
    """echo printf grep egrep fgrep rg ag ack cat ls head tail wc sort uniq cut tr sed gsed
    awk gawk mawk nawk jq yq find test [ [[ diff cmp file stat which type command hash
    basename dirname realpath readlink touch mkdir cp mv rm ln tee xargs expr seq date sleep
    true false printenv env id whoami uname hostname du df tree less more column paste join
    comm fold fmt nl od xxd hexdump strings base64 md5sum sha1sum sha256sum sha512sum tar
    zip unzip gzip gunzip zcat bzip2 xz chmod chown chgrp wait read let local declare exit
    return shift trap getopts pgrep ps lsof ss netstat ping dig nslookup host man help info
    cd pushd popd export source . set unset alias pytest py.test jest vitest mocha ava tap
    phpunit rspec behave nosetests git gh curl wget http https xh xhs docker podman
    docker-compose nerdctl sudo doas ssh scp rsync sftp psql mysql mariadb redis-cli mongo
    mongosh sqlite3 dropdb createdb rclone cmake ninja time timeout nice nohup parallel
    shellcheck hadolint markdownlint cspell codespell vale tsc eslint prettier ruff mypy
    pyright black isort flake8 pylint bandit stylelint biome""".split()  # noqa: SIM905
)
# Tools whose bare `version` bumps the version (elsewhere a bare `version` prints it).
_BARE_VERSION_BUMPS = {"lerna", "changeset", "changesets", "yarn"}
_BUMP_WORD = later(
    r"^(?:major|minor|patch|premajor|preminor|prepatch|prerelease|pre|from-git|micro|"
    r"release|alpha|beta|rc|dev|post|fix|feat|v?\d+(?:\.\d+)*(?:[-.+]\w+)*)$",
    re.I,
)


def _check_only(args: list[str]) -> bool:
    for a in args:
        name, eq, value = a.partition("=")
        if name in _CHECK_ONLY and not (eq and value.strip().lower() in _NOT_DRY):
            return True
    return False


# Tools whose tasks are dotted names (`mix ecto.migrate`, `mix hex.publish`).
_DOTTED_TASKS = {"mix"}


def subcommand(args: list[str], limit: int = 3) -> list[str]:
    """The first positional words of `args` that look like subcommands, up to `limit`,
    each cut at `:` (`db:migrate` is `db`, `migrate`): options are passed over, the reading
    stops at `--` or at the first word that is a path, a number or a value. A word right
    after an option may be its value (`kubectl -n deploy get pods`): it counts only when no
    other word says anything."""
    found: list[tuple[str, bool]] = []
    after_option = False
    for a in args:
        if a == "--" or len(found) >= limit:
            break
        if a.startswith("-"):
            after_option = "=" not in a
            continue
        if not _VERB_SHAPED.match(a):
            break
        found.extend((part, after_option) for part in a.split(":") if part)
        after_option = False
    sure = [w for w, maybe in found if not maybe]
    if any(_verb_kind(w) is not None for w in sure):
        return sure
    return [w for w, _ in found]


def _verb_kind(word: str) -> str | None:
    """`read`, `act`, `noun` (a noun that is a verb too) or None for a word that says
    nothing; a hyphenated word by its first part (`use-context`, `get-contexts`)."""
    for w in (word, re.split(r"[-_]", word, maxsplit=1)[0]):
        if w in _READS or w == "current":
            return "read"
        if w in _NOUN_VERBS:
            return "noun"
        if w in _ACTS:
            return "act"
    return None


def verb_acts(word: str) -> bool:
    """Whether a word read as a verb acts (`delete_all`, `destroy`, `truncate`, `migrate`)."""
    return _verb_kind(word) in ("act", "noun")


def entrypoint_verb_acts(word: str) -> bool:
    """Whether the first word a container is given is an acting verb for its entrypoint
    (`docker run img migrate`), not a program of its own (`docker run img rm -f x`)."""
    return word not in _DATA_PROGRAMS and verb_acts(word)


def _gives_no(args: list[str], k: int) -> bool:
    """Whether the option at `k` is told no (`--push=false`, `--publish never`)."""
    _, eq, value = args[k].partition("=")
    if eq:
        return value.lower() in _NOT_DRY | {"never"}
    nxt = args[k + 1].lower() if k + 1 < len(args) else ""
    return nxt in _NOT_DRY | {"never"}


def bumps(prog: str, args: list[str]) -> str | None:
    """`TOOL version KIND` (`npm version patch`, `poetry version minor`, `hatch version
    1.2.0`), or a bare `lerna version`: the version is bumped (None otherwise)."""
    pos = [a for a in args if not a.startswith("-")]
    if not pos or pos[0] != "version" or _check_only(args):
        return None
    if pos[1:2] and _BUMP_WORD.match(pos[1]):
        return f"{prog} version {pos[1]} {_BUMPS}"
    new_version = any(a.startswith(("--new-version", "--bump", "--increment")) for a in args)
    if new_version or (not pos[1:] and prog in _BARE_VERSION_BUMPS):
        return f"{prog} version {_BUMPS}"
    return None


def reads_first(args: list[str]) -> bool:
    """Whether the subcommand's first word that says anything is a read verb
    (`knex migrate:status`, `dbmate status`)."""
    for word in subcommand(args):
        if (kind := _verb_kind(word)) in ("read", "act"):
            return kind == "read"
    return False


# Version control tools read as git is: only these subcommands read, any other changes the
# repository, the work tree or a remote (`hg push`, `svn commit`, `dvc push`).
_READ_ONLY_TOOLS: dict[str, frozenset[str]] = {
    "hg": frozenset(
        """status st log diff cat annotate blame heads branches tags summary sum identify id
        paths root files manifest grep incoming in outgoing out verify version help parents
        tip showconfig""".split()  # noqa: SIM905
    ),
    "svn": frozenset(
        """status st stat log diff di info cat list ls blame praise annotate ann proplist
        plist pl propget pget pg help h mergeinfo""".split()  # noqa: SIM905
    ),
    "dvc": frozenset(
        """status st diff dag ls list doctor version check-ignore help""".split()  # noqa: SIM905
    ),
}
# `hg config`, `dvc metrics show`: a noun read by the verb after it.
_READ_ONLY_NOUNS = {"config", "params", "metrics", "plots", "exp", "experiments", "data",
                    "remote", "cache", "stage"}  # fmt: skip


def _version_control(prog: str, args: list[str]) -> str | None:
    pos = [a for a in args if not a.startswith("-")]
    if not pos or pos[0] in _READ_ONLY_TOOLS[prog]:
        return None
    if pos[0] in _READ_ONLY_NOUNS and (
        pos[1:2] in (["show"], ["diff"], ["list"], ["status"], ["ls"]) or (
            pos[0] == "config" and not pos[1:] and not {"-e", "--edit"} & set(args))
    ):  # fmt: skip
        return None
    return f"{prog} {pos[0]} changes the repository, the work tree or a remote"


def acting_verb(prog: str, args: list[str]) -> str | None:
    """Why `PROG ARGS` acts by its subcommand, an acting option or its own name (None when
    nothing says so, or when the line asks for a dry run or a check only)."""
    if prog in _READ_ONLY_TOOLS:
        return _version_control(prog, args)
    if prog in _DATA_PROGRAMS or _check_only(args):
        return None
    if prog in _DOTTED_TASKS:
        args = [a.replace(".", ":") for a in args]
    if _CHECKING_NAME.search(prog):
        return None
    path = subcommand(args)
    own = _TOOL_ACTS.get(prog, {})
    kinds = ["act" if word in own else _verb_kind(word) for word in path]
    said = [k for k in kinds if k is not None]
    for k, a in enumerate(args):
        if a == "--":
            break
        name = a.partition("=")[0]
        if name in _STRONG_OPTIONS and not _gives_no(args, k):
            return f"{prog} {name} {_ACTING_OPTIONS[name]}"
    if said[:1] == ["read"] and not _noun_then_act(path, kinds):
        return None  # `manage.py check --deploy`: the subcommand reads, whatever follows
    for k, a in enumerate(args):
        if a == "--":
            break
        name = a.partition("=")[0]
        if name in _ACTING_OPTIONS and not _gives_no(args, k):
            return f"{prog} {name} {_ACTING_OPTIONS[name]}"
    if _ACTING_NAME.search(prog):
        why = _BUMPS if re.search(r"bump", prog, re.I) else _PUBLISHES
        return f"{prog} {why} (its name says so)"
    for k, (word, kind) in enumerate(zip(path, kinds, strict=True)):
        if kind == "read" and not (word in _READ_NOUNS and "act" in kinds[k + 1 :]):
            return None
        if kind == "act":
            verb = word if word in _ACTS or word in own else re.split(r"[-_]", word)[0]
            return f"`{prog} {' '.join(path[: k + 1])}` {own.get(verb) or _ACTS[verb]}"
    noun = next((w for w, kind in zip(path, kinds, strict=True) if kind == "noun"), None)
    if noun is not None:
        return f"`{prog} {' '.join(path[: path.index(noun) + 1])}` {_ACTS[noun]}"
    return None
