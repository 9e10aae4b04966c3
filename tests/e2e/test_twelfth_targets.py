"""Issue 19, rule 6: task names written in camelCase act as their words say; a dry run of a
tool that only renders is an observation.

Before, `./gradlew publishToMavenLocal`, `gradle deployToStaging`, `sbt publishLocal`,
`npm run deployProd` and `./gradlew uploadArchives` ran as checks (only `publish-x`,
`deploy_x` were read), and `make clean build deploy` read only its first two targets. And
`kubectl apply --dry-run=client`, `helm upgrade --dry-run`, `git push --dry-run` were refused
as actions, though each only says what it would change. Every tool is a stand-in on PATH
that leaves a mark when it runs.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from runner.errors import EXIT_MANUAL
from tests.helpers import plan, row, write_plan

TOOLS = [
    "docker",
    "podman",
    "nerdctl",
    "docker-compose",
    "gradle",
    "sbt",
    "mill",
    "make",
    "npm",
    "pnpm",
    "gh",
    "kubectl",
    "helm",
    "oc",
    "atlas",
    "tool",
    "gpg",
    "keytool",
    "update-alternatives",
    "ssh-add",
    "sysctl",
    "cmake",
    "code",
    "poetry",
]


@pytest.fixture
def ran(tmp_path: Path, repo: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    sentinel = tmp_path / "ran"
    for name in TOOLS:
        script = bin_dir / name
        script.write_text(f'#!/bin/sh\necho "{name} $*" >> "{sentinel}"\n', encoding="utf-8")
        script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    gradlew = repo / "gradlew"
    gradlew.write_text(f'#!/bin/sh\necho "gradlew $*" >> "{sentinel}"\n', encoding="utf-8")
    gradlew.chmod(0o755)
    return sentinel


def run_one(repo: Path, command: str) -> tuple[int, str]:
    write_plan(repo, [row("T1", "`" + command + "`")])
    r = plan("run", "T1", "--json")
    return r.code, r.out + r.err


@pytest.mark.parametrize(
    "command",
    [
        "./gradlew publishToMavenLocal",
        "gradle deployToStaging",
        "./gradlew publishPlugins",
        "./gradlew :app:publishReleasePublicationToSonatypeRepository",
        "./gradlew clean build uploadArchives",
        "sbt publishLocal",
        "sbt +publishSigned",
        "sbt ';clean;publish'",
        "mill foo.publishLocal",
        "npm run deployProd",
        "npm run prodDeploy",
        "make clean build deploy",
        "kubectl apply --dry-run=none -f k8s/",
        "kubectl apply -f k8s/ --dry-run=false",
        "kubectl exec pod -- tool apply --dry-run=client",
        # A read word that is a noun names what the verb after it acts on.
        "atlas schema apply -u sqlite://x.db --to file://schema.hcl",
        "tool report delete 3",
        # Credentials: npm's registry account, gh's login (and git's global config).
        "npm login",
        "npm adduser",
        "npm token create",
        "npm profile set fullname x",
        "pnpm login",
        "gh auth login --with-token",
        "gh auth setup-git",
        # The machine's own state: a keyring, a key store, alternatives, an agent, the kernel,
        # an install prefix, an editor's extensions, poetry's global config.
        "gpg --import key.asc",
        "keytool -importcert -file c.pem -keystore ks",
        "update-alternatives --set java /opt/jdk/bin/java",
        "ssh-add id_test",
        "sysctl -w vm.swappiness=1",
        "cmake --install build",
        "code --install-extension ms-python.python",
        "poetry config virtualenvs.in-project true",
        # A container engine's acting verbs, after a noun too (the twelfth attacker's F6x).
        "docker volume prune -f",
        "docker image prune -af",
        "podman system reset -f",
        "docker-compose rm -f",
        "docker start x",
        "docker context use x",
        "docker pull alpine",
        "docker tag a b",
        "nerdctl run -d alpine",
        "podman run -d alpine sleep 1",
    ],
)
def test_an_acting_task_name_never_runs_as_a_check(repo: Path, ran: Path, command: str) -> None:
    code, out = run_one(repo, command)
    assert code == EXIT_MANUAL, out
    assert not ran.exists(), ran.read_text()


@pytest.mark.parametrize(
    "command",
    [
        "./gradlew checkFormat testDebugUnitTest lintKotlin",
        "./gradlew assembleRelease bundleRelease testReleaseUnitTest",
        "./gradlew verifyPaparazziDebug",
        "npm run testPushNotifications",
        "sbt test",
        "kubectl apply --dry-run=client -f k8s/",
        "kubectl apply --dry-run=server -f k8s/",
        "kubectl apply -f k8s/ --dry-run",
        "helm upgrade app ./chart --dry-run",
        "helm install app ./chart --dry-run=server",
        "atlas schema inspect -u sqlite://x.db",
        "tool report show 3",
        "npm token list",
        "npm profile get",
        "npm whoami",
        "gh auth status",
        "gpg --verify x.sig x",
        "keytool -list -keystore ks",
        "ssh-add -l",
        "cmake --build build",
        "poetry config --local virtualenvs.in-project true",
        "docker ps",
        "docker compose ps",
        "docker compose exec app pytest",
        "docker inspect x",
    ],
)
def test_a_build_a_test_or_a_dry_run_still_runs(repo: Path, ran: Path, command: str) -> None:
    code, out = run_one(repo, command)
    assert code == 0, out
    assert ran.exists()


def test_git_push_dry_run_observes(repo: Path, tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    subprocess.run(["git", "-C", str(repo), "remote", "add", "origin", str(remote)], check=True)
    for command in ("git push --dry-run origin HEAD:main", "git push -n origin HEAD:main"):
        code, out = run_one(repo, command)
        assert code == 0, out
    heads = subprocess.run(
        ["git", "-C", str(remote), "for-each-ref"], capture_output=True, text=True, check=True
    )
    assert heads.stdout == ""  # nothing was pushed
    code, out = run_one(repo, "git push origin HEAD:main")
    assert code == EXIT_MANUAL, out
