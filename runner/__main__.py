"""`python -m runner` runs the `plan` command."""

from runner.cli import app

app(prog_name="plan")
