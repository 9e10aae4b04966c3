"""Issue 19, rule 6 (the tenth pass): a tool whose subcommand acts is an action.

Each command below ran as a check before: a migration (`python manage.py migrate`), a
deploy or a change of state (`sam deploy`, `cf push`, `kubectl config use-context`), a
version bump or a release (`cz bump`, `poetry version minor`, `goreleaser`), a publish or
an upload (`glab release create`, `vault kv put`, `hg push`), a data write (`psql -f`,
`mongosh --eval 'db.x.insertOne(...)'`, `xh post`, `nc`), a task runner's acting target
(`tox -e release`, `bash deploy.sh`). They are read as families: the verb a tool is given
(`TOOL [NOUN] VERB`, `NOUN:VERB`, `VERB-OBJECT`), the name of a program or a script, a
task runner's target however it is named, the statements a database client is given.
Each test runs `plan run` in a real repository, with every tool on PATH a stand-in that
leaves a mark when it runs, and proves the command never ran; the checks beside them
(`kubectl get`, `terraform plan`, `manage.py migrate --check`) still run and pass.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from runner.errors import EXIT_MANUAL
from tests.helpers import plan, row, write_plan

TOOLS = """alembic rails rake flyway prisma knex sequelize dbmate az cf sam railway fly vercel
netlify kubectl helm terraform pulumi semantic-release cz bumpversion bump2version
bump-my-version npm poetry cargo goreleaser lerna changeset release-it glab hub flutter pdm
maturin hatch skopeo crane buildah s3cmd azcopy gsutil rclone svn hg dvc vault etcdctl
redis-cli psql mysql sqlite3 mongosh http xh Invoke-RestMethod aws nc tox nox poe make just
overcommit pre-commit argocd supabase mix go deno surge terragrunt flask diesel sqlx
pg_restore clickhouse-client sqlcmd pwsh gcloud yarn standard-version np auto op doppler
aws-vault pixi""".split()  # noqa: SIM905


@pytest.fixture
def ran(tmp_path: Path, repo: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every tool above on PATH as a stand-in that appends its words to a file and exits 0,
    and the repository's own scripts (`manage.py`, `deploy.sh`) that do the same."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    sentinel = tmp_path / "ran"
    for name in TOOLS:
        script = bin_dir / name
        script.write_text(f'#!/bin/sh\necho "{name} $*" >> "{sentinel}"\n', encoding="utf-8")
        script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    (repo / "manage.py").write_text(
        f"import sys\nopen({str(sentinel)!r}, 'a').write(' '.join(sys.argv) + '\\n')\n",
        encoding="utf-8",
    )
    (repo / "scripts").mkdir()
    for name in ("deploy.sh", "scripts/release.sh", "scripts/test.sh", "scripts/migrate.sh",
                 "scripts/seed.sh"):  # fmt: skip
        (repo / name).write_text(f'#!/bin/sh\necho "{name} $*" >> "{sentinel}"\n')
        (repo / name).chmod(0o755)
    return sentinel


def run_one(repo: Path, command: str) -> tuple[int, str]:
    write_plan(repo, [row("T1", "`" + command.replace("|", "\\|") + "`")])
    r = plan("run", "T1", "--json")
    return r.code, r.out + r.err


def never_runs(repo: Path, ran: Path, command: str) -> None:
    code, out = run_one(repo, command)
    assert code == EXIT_MANUAL, out
    assert not ran.exists(), ran.read_text()
    shown = plan("show", "--json").json()["tasks"][0]
    assert shown["manual"]
    assert shown["actions"][0]["command"] == command


@pytest.mark.parametrize(
    "command",
    [
        "python3 manage.py migrate",
        "python3 manage.py migrate app 0002 --noinput",
        "python3 -m django migrate",
        "knex migrate:latest",
        "dbmate up",
        "alembic upgrade head",
        "rails db:migrate",
        "python3 manage.py loaddata fixtures.json",
        "python3 manage.py flush --noinput",
        "diesel migration run",
        "sqlx migrate run",
        "pg_restore -d db x.dump",
        "clickhouse-client --query 'INSERT INTO t VALUES (1)'",
        "sqlcmd -i x.sql",
        "./scripts/migrate.sh",
        "bash scripts/seed.sh",
    ],
)
def test_a_migration_never_runs_as_a_check(repo: Path, ran: Path, command: str) -> None:
    never_runs(repo, ran, command)


@pytest.mark.parametrize(
    "command",
    [
        "az webapp up --name x",
        "cf push",
        "sam deploy --guided",
        "railway up",
        "kubectl config use-context prod",
        "kubectl --context prod config set-context x",
        "kubectl -n prod apply -f k8s/",
        "helm --namespace x upgrade a ./chart",
        "argocd app sync web",
        "supabase start",
    ],
)
def test_a_deploy_or_a_change_of_state_never_runs_as_a_check(
    repo: Path, ran: Path, command: str
) -> None:
    never_runs(repo, ran, command)


@pytest.mark.parametrize(
    "command",
    [
        "semantic-release",
        "cz bump",
        "bumpversion patch",
        "bump2version minor",
        "bump-my-version bump patch",
        "poetry version minor",
        "poetry version 1.2.0",
        "cargo release",
        "goreleaser",
        "goreleaser release --clean",
        "lerna publish",
        "lerna version",
        "changeset version",
        "changeset publish",
        "release-it",
    ],
)
def test_a_version_bump_or_a_release_never_runs_as_a_check(
    repo: Path, ran: Path, command: str
) -> None:
    never_runs(repo, ran, command)


@pytest.mark.parametrize(
    "command",
    [
        "glab release create v1",
        "hub release create v1",
        "hub pull-request -m x",
        "glab ci run",
        "glab mr create --fill",
        "flutter pub publish",
        "pdm publish",
        "maturin publish",
        "skopeo copy docker://a docker://b",
        "crane push img.tar reg/x",
        "buildah push x",
        "s3cmd put f s3://b/",
        "azcopy copy f https://x.invalid/c",
        "svn commit -m x",
        "hg push",
        "hg commit -m x",
        "dvc push",
        "vault kv put secret/x a=1",
        "etcdctl put k v",
        "redis-cli -h h incr k",
    ],
)
def test_a_publish_or_an_upload_never_runs_as_a_check(repo: Path, ran: Path, command: str) -> None:
    never_runs(repo, ran, command)


@pytest.mark.parametrize(
    "command",
    [
        "psql -f x.sql",
        "psql -c '\\i x.sql'",
        "mysql db < dump.sql",
        "sqlite3 db .read x.sql",
        "mongosh --eval 'db.x.insertOne({a: 1})'",
        "xh post example.invalid a=1",
        "Invoke-RestMethod -Method Post -Uri https://example.invalid",
        "Invoke-RestMethod -Uri https://example.invalid -Meth:PUT",
        "aws sqs send-message --queue-url u --message-body x",
        "nc example.invalid 80",
    ],
)
def test_a_data_write_never_runs_as_a_check(repo: Path, ran: Path, command: str) -> None:
    (repo / "x.sql").write_text("select 1;\n")
    (repo / "dump.sql").write_text("select 1;\n")
    never_runs(repo, ran, command)


@pytest.mark.parametrize(
    "command",
    [
        "bash deploy.sh",
        "sh -e ./scripts/release.sh",
        "tox -e release",
        "tox -e py312,release",
        "nox -s publish",
        "nox --session=publish",
        "poe publish",
        "overcommit --install",
    ],
)
def test_an_acting_target_never_runs_as_a_check(repo: Path, ran: Path, command: str) -> None:
    never_runs(repo, ran, command)


@pytest.mark.parametrize(
    "command",
    [
        "vercel",
        "vercel --yes",
        "surge",
        "mix ecto.migrate",
        "mix hex.publish",
        "go run ./cmd/migrate up",
        "go run . migrate",
        "deno run -A scripts/deploy.ts",
        "cargo run --bin deploy -- --prod",
        "terragrunt run-all apply",
        "terraform workspace new staging",
        "flask db upgrade",
        "aws s3 rb s3://b --force",
        "pwsh -c 'Invoke-RestMethod -Method Post -Uri https://example.invalid'",
        "pwsh -File deploy.ps1",
        "az rest --method post --url https://example.invalid",
        "gcloud functions call f",
        "yarn workspace app deploy",
        "npm run-script deploy",
        "standard-version",
        "np patch",
        "auto shipit",
        "op run -- cf push",
        "doppler run -- npm publish",
        "aws-vault exec prod -- terraform apply",
        "hatch run python3 manage.py migrate",
        "pixi run deploy",
        "printf 'touch ran' | bash -s stable",
    ],
)
def test_the_same_families_in_other_spellings_never_run(
    repo: Path, ran: Path, command: str
) -> None:
    never_runs(repo, ran, command)


@pytest.mark.parametrize(
    "command",
    [
        "vercel ls",
        "op run -- pytest -q",
        "hatch run lint:check",
        "pwsh -c Get-ChildItem",
        "az rest --url https://example.invalid",
        "yarn workspace app test",
        "mix test",
        "go run .",
        "go run ./cmd/server --help",
        "terragrunt run-all plan",
        "flask db current",
        "python3 manage.py migrate --check",
        "python3 manage.py check --deploy",
        "diesel migration list",
        "clickhouse-client --query 'select 1'",
        "python3 manage.py migrate --plan",
        "python3 manage.py showmigrations",
        "alembic current",
        "knex migrate:status",
        "dbmate status",
        "kubectl get pods",
        "kubectl -n deploy get pods",
        "kubectl config current-context",
        "terraform plan",
        "terraform validate",
        "helm template x ./chart",
        "pulumi preview",
        "glab release list",
        "glab ci view",
        "hub status",
        "hub release",
        "npm version",
        "poetry version --short",
        "goreleaser check",
        "semantic-release --dry-run",
        "cz bump --dry-run",
        "hg status",
        "svn info",
        "dvc status",
        "vault kv get secret/x",
        "redis-cli -h h get k",
        "psql -c 'select 1'",
        "http GET example.invalid",
        "xh get example.invalid",
        "nc -z example.invalid 80",
        "tox -e lint",
        "nox -s tests",
        "bash scripts/test.sh",
        "bash -n deploy.sh",
    ],
)
def test_checks_beside_them_still_run(repo: Path, ran: Path, command: str) -> None:
    code, out = run_one(repo, command)
    assert code == 0, out
    assert '"status": "passed"' in out
    assert ran.exists() or command.startswith("bash -n")


@pytest.fixture
def container_tools(ran: Path) -> Path:
    """`docker` and `heroku` stand-ins beside the others."""
    bin_dir = Path(os.environ["PATH"].split(os.pathsep)[0])
    for name in ("docker", "docker-compose", "podman", "heroku"):
        script = bin_dir / name
        script.write_text(f'#!/bin/sh\necho "{name} $*" >> "{ran}"\n', encoding="utf-8")
        script.chmod(0o755)
    return ran


@pytest.mark.parametrize(
    "command",
    [
        "docker compose run --rm app python manage.py migrate",
        "docker compose exec app git push",
        "docker-compose run web rake db:migrate",
        "docker run --rm -e X=1 -v a:/a img cf push",
        "docker container run img git push",
        "docker compose -f x.yml run --rm --entrypoint sh app -c 'git push'",
        "podman run img npm publish",
        "heroku run python manage.py migrate",
    ],
)
def test_what_a_container_or_a_remote_app_runs_is_read(
    repo: Path, container_tools: Path, command: str
) -> None:
    never_runs(repo, container_tools, command)


@pytest.mark.parametrize(
    "command",
    [
        "docker compose run --rm app pytest -q",
        "docker run --rm img python3 manage.py migrate --check",
        "docker compose exec -T db psql -c 'select 1'",
    ],
)
def test_checks_in_a_container_still_run(repo: Path, container_tools: Path, command: str) -> None:
    code, out = run_one(repo, command)
    assert code == 0, out
    assert '"status": "passed"' in out


def test_a_gate_whose_tool_acts_by_its_subcommand_is_not_run(repo: Path, ran: Path) -> None:
    write_plan(
        repo,
        [row("T1", "`true`")],
        gates=[
            "| Deploy | `sam deploy` | exit 0 |",
            "| Migrate | `python3 manage.py migrate` | exit 0 |",
            "| Bump | `poetry version minor` | exit 0 |",
            "| Plan | `terraform plan` | exit 0 |",
        ],
    )
    doc = plan("gates", "--json").json()
    by_name = {r["name"]: r for r in doc["results"]}
    for name in ("Deploy", "Migrate", "Bump"):
        assert by_name[name]["not_run"] is True, by_name[name]
        assert "it acts" in by_name[name]["reason"]
    assert by_name["Plan"]["status"] == "passed"
    assert ran.read_text() == "terraform plan\n"
