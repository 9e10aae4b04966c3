"""`python -m runner` runs the `plan` command."""

from runner.cli import main

main()
