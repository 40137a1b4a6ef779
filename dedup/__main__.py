"""`python -m dedup` runs the command line."""

from dedup.cli import cli

cli()
