"""`python -m rnnprog` runs the CLI."""

from rnnprog.cli import main

main()
