"""Issue 19, rule 6 (the sixteenth pass): a check observes, never acts, whatever the family.

Each command below ran as a check before (`plan status --json`: manual false, no action
named): an install or a dependency fetch in a language the tables did not hold (`nix-env
-i`, `cpanm`, `R -e 'install.packages(...)'`, `julia -e 'Pkg.add(...)'`, `mix deps.get`,
`dart pub get`, `cargo clean`), a framework's code run against its database (`rails
runner "User.delete_all"`), a script named for destroying or installing
(`./scripts/reset_db.sh`, `./install.sh`), a transfer, a message or an RPC sent elsewhere
(`lftp -c 'put x'`, `mosquitto_pub`, `nats pub`, `grpcurl ... Delete`), an image pushed
(`ko build --push`, `mvn jib:build`), a container or a VM told to act (`docker stack
deploy`, `docker run IMAGE migrate`, `--cap-add SYS_ADMIN`, `lxc exec c -- rm -rf /x`), an
output outside the work tree named by an option (`shuf -o ../x`, `xxd a ../x`, `go test -o
../x`, `cmake -B ../build`, `ruff check --cache-dir ../c`, `pnpm --dir ../other test`), and
an acting command through a wrapper (`direnv exec . git push`, `faketime ... git push`,
`expect -c 'spawn git push'`). They are read as families: the tables of installers and
fetchers, the option that names an output, the script's name, the wrapper's command.

Every tool is a stand-in on PATH that leaves a mark when it runs: each test proves the task
is manual with its action named, and that `plan run` never ran the command; the read-only
commands beside them (`cargo test`, `coverage report`, `shuf a.txt`, `docker run --rm img
pytest`) still run and pass.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from runner.errors import EXIT_MANUAL
from tests.helpers import plan, row, write_plan

TOOLS = """nix-env cpanm cpan perl R Rscript julia python mix dart flutter swift lein sbt
clojure rebar3 deno cargo tox nox rails lftp smbclient mosquitto_pub kafka-console-producer
nats grpcurl websocat apprise ko mvn docker podman ctr crictl lxc vagrant multipass
distrobox shuf xxd go webpack rollup coverage mkdocs hugo sphinx-build cmake meson ninja
bazel gradle ruff mypy eslint jest pytest pnpm yarn direnv nix-shell devbox sops faketime
watchexec expect""".split()  # noqa: SIM905


@pytest.fixture
def ran(tmp_path: Path, repo: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every tool above on PATH as a stand-in that appends its words to a file and exits 0,
    and the repository's own scripts (`./scripts/reset_db.sh`, `bin/console`) alike."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    sentinel = tmp_path / "ran"
    for name in TOOLS:
        script = bin_dir / name
        script.write_text(f'#!/bin/sh\necho "{name} $*" >> "{sentinel}"\n', encoding="utf-8")
        script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    for name in (
        "scripts/reset_db.sh", "scripts/drop-db.sh", "scripts/truncate_tables.sh",
        "scripts/teardown.sh", "scripts/nuke.sh", "scripts/rollback.sh",
        "scripts/purge-cache.sh", "scripts/cleanup.sh", "install.sh", "scripts/setup.sh",
        "bootstrap.sh", "scripts/provision.sh", "bin/console", "bin/rails", "gradlew",
        "scripts/test.sh", "scripts/check_db.sh",
    ):  # fmt: skip
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f'#!/bin/sh\necho "{name} $*" >> "{sentinel}"\n', encoding="utf-8")
        path.chmod(0o755)
    for name in ("scripts/drop_tables.py", "tools/delete_old_records.py", "scripts/verify.py"):
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"open({str(sentinel)!r}, 'a').write({name!r} + '\\n')\n")
    (repo / "scripts" / "reset-db.js").write_text(
        f"require('fs').appendFileSync({str(sentinel)!r}, 'reset-db.js\\n')\n"
    )
    (repo / "a.txt").write_text("a\nb\n")
    return sentinel


def never_runs(repo: Path, ran: Path, command: str) -> None:
    """The task is manual, names the command as its action, and `plan run` leaves it."""
    write_plan(repo, [row("T1", "`" + command.replace("|", "\\|") + "`")])
    task = plan("status", "--json").json()["tasks"][0]
    assert task["manual"], task
    assert [a["command"] for a in task["actions"]] == [command], task
    r = plan("run", "T1", "--json")
    assert r.code == EXIT_MANUAL, r.out + r.err
    assert not ran.exists(), ran.read_text()
    assert not (repo.parent / "OUTSIDE").exists()


@pytest.mark.parametrize(
    "command",
    [
        "nix-env -i hello",
        "nix-env -iA nixpkgs.hello",
        "cpanm X::Y",
        "cpan X::Y",
        "perl -MCPAN -e 'install X'",
        "R -e 'install.packages(\"x\")'",
        "Rscript -e 'install.packages(\"x\")'",
        "Rscript -e 'remotes::install_github(\"x/y\")'",
        "Rscript -e 'renv::restore()'",
        "julia -e 'using Pkg; Pkg.add(\"X\")'",
        "julia --project -e 'using Pkg; Pkg.instantiate()'",
        "python -m ensurepip",
        "mix deps.get",
        "dart pub get",
        "flutter pub get",
        "swift package resolve",
        "lein deps",
        "sbt update",
        "clojure -P",
        "rebar3 get-deps",
        "deno cache main.ts",
        "cargo clean",
        "cargo clean -p x",
        "tox --notest",
        "nox --install-only",
    ],
)
def test_an_install_or_a_dependency_fetch_never_runs_as_a_check(
    repo: Path, ran: Path, command: str
) -> None:
    never_runs(repo, ran, command)


@pytest.mark.parametrize(
    "command",
    [
        "bin/console doctrine:fixtures:load -n",
        'rails runner "User.delete_all"',
        "bin/rails runner 'User.destroy_all'",
        'mix run -e "Repo.delete_all(User)"',
        "./scripts/reset_db.sh",
        "./scripts/drop-db.sh",
        "./scripts/truncate_tables.sh",
        "./scripts/teardown.sh",
        "./scripts/nuke.sh",
        "./scripts/rollback.sh",
        "./scripts/purge-cache.sh",
        "./scripts/cleanup.sh",
        "python3 tools/delete_old_records.py",
        "node scripts/reset-db.js",
        "python3 scripts/drop_tables.py",
        "./install.sh",
        "bash scripts/setup.sh",
        "./bootstrap.sh",
        "./scripts/provision.sh",
    ],
)
def test_a_database_wipe_or_a_destroying_script_never_runs_as_a_check(
    repo: Path, ran: Path, command: str
) -> None:
    never_runs(repo, ran, command)


@pytest.mark.parametrize(
    "command",
    [
        "lftp -c 'open host.invalid; put x'",
        "smbclient //h/s -c 'put x'",
        "mosquitto_pub -t t -m hi",
        "kafka-console-producer --topic t --bootstrap-server h:9092",
        "nats pub subj hi",
        "grpcurl -d '{\"id\":1}' host:443 svc.Users/Delete",
        "websocat ws://h/x",
        "apprise -b hi mailto://x",
        "ko build --push",
        "ko build ./cmd/app",
        "mvn jib:build",
        "./gradlew jib",
    ],
)
def test_a_network_write_or_an_image_push_never_runs_as_a_check(
    repo: Path, ran: Path, command: str
) -> None:
    never_runs(repo, ran, command)


@pytest.mark.parametrize(
    "command",
    [
        "docker stack deploy -c s.yml st",
        "docker run --rm -e X=1 img migrate",
        "docker save -o ../OUTSIDE img",
        "docker cp x web:/x",
        "podman cp x web:/x",
        "docker swarm init",
        "ctr images pull docker.io/library/alpine:latest",
        "crictl rmi x",
        "lxc exec c -- rm -rf /x",
        "vagrant ssh -c 'rm -rf /x'",
        "multipass exec vm -- rm -rf /x",
        "docker run --rm --device /dev/sda alpine ls",
        "docker run --rm --cap-add SYS_ADMIN alpine ls",
    ],
)
def test_a_container_or_a_vm_told_to_act_never_runs_as_a_check(
    repo: Path, ran: Path, command: str
) -> None:
    never_runs(repo, ran, command)


@pytest.mark.parametrize(
    "command",
    [
        "shuf -o ../OUTSIDE a.txt",
        "xxd a.txt ../OUTSIDE",
        "go test -o ../OUTSIDE ./...",
        "docker build -o ../OUTSIDE .",
        "docker build --output type=local,dest=../OUTSIDE .",
        "webpack --output-path ../OUTSIDE",
        "rollup -c -o ../OUTSIDE",
        "coverage xml -o ../OUTSIDE",
        "coverage html -d ../OUTSIDE",
        "mkdocs build -d ../OUTSIDE",
        "hugo -d ../OUTSIDE",
        "sphinx-build docs ../OUTSIDE",
        "cmake -B ../OUTSIDE",
        "cmake -S . -B ~/build",
        "meson setup ../OUTSIDE",
        "ninja -C ../OUTSIDE",
        "mvn package -DoutputDirectory=../OUTSIDE",
        "bazel build //... --output_base=../OUTSIDE",
        "gradle build --project-cache-dir ../OUTSIDE",
        "ruff check --cache-dir ../OUTSIDE .",
        "mypy --cache-dir ~/.mypy .",
        "eslint --cache-location ../OUTSIDE .",
        "jest --cacheDirectory ../OUTSIDE",
        "pytest -o cache_dir=../OUTSIDE",
        "pnpm --dir ../other test",
        "yarn --cwd ../other build",
    ],
)
def test_an_output_outside_named_by_an_option_never_runs_as_a_check(
    repo: Path, ran: Path, command: str
) -> None:
    never_runs(repo, ran, command)


@pytest.mark.parametrize(
    "command",
    [
        "direnv exec . git push",
        "nix-shell --run 'git push'",
        "devbox run -- git push",
        "distrobox enter -- git push",
        "sops exec-env secrets.env 'npm publish'",
        "faketime '2020-01-01' git push",
        "watchexec -- git push",
        "expect -c 'spawn git push; expect eof'",
    ],
)
def test_an_action_through_a_wrapper_never_runs_as_a_check(
    repo: Path, ran: Path, command: str
) -> None:
    never_runs(repo, ran, command)


@pytest.mark.parametrize(
    "command",
    [
        "docker run --rm img pytest",
        "cargo test",
        "go test ./...",
        "shuf a.txt",
        "xxd a.txt",
        "cmake -B build",
        "pnpm --dir packages/a test",
        "mvn clean verify",
        "dart pub deps",
        "direnv exec . pytest",
        "faketime '2020-01-01' pytest",
        "grpcurl -d '{}' host:443 grpc.health.v1.Health/Check",
        "ko build --local ./cmd/app",
        "./scripts/test.sh",
        "./scripts/check_db.sh",
        "python3 scripts/verify.py",
        'rails runner "puts User.count"',
    ],
)
def test_a_read_only_command_beside_them_still_runs_as_a_check(
    repo: Path, ran: Path, command: str
) -> None:
    write_plan(repo, [row("T1", "`" + command.replace("|", "\\|") + "`")])
    task = plan("status", "--json").json()["tasks"][0]
    assert not task["manual"], task
    assert task["actions"] == [], task
    r = plan("run", "T1", "--json")
    assert r.code == 0, r.out + r.err
    assert ran.exists()


@pytest.mark.parametrize(
    "command", ["coverage report", "coverage xml -o cov.xml", "ruff check .", "mypy ."]
)
def test_a_read_only_tool_of_the_project_is_still_a_check(repo: Path, command: str) -> None:
    """Tools the runner finds in the project's own environment first: read, not run."""
    write_plan(repo, [row("T1", f"`{command}`")])
    task = plan("status", "--json").json()["tasks"][0]
    assert not task["manual"], task
    assert task["actions"] == [], task
