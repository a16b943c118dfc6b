#!/usr/bin/env python3
"""Thin launcher of the rnnprog CLI (the installed `rnnprog` command does the same)."""

from rnnprog.cli import main

if __name__ == "__main__":
    main()
