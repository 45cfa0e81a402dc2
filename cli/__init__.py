"""The headless verbs of main.py: each module in VERBS adds one subcommand.

Every verb follows DESIGN.md's conventions: --json output on stdout and nothing else
there, messages on stderr, exit 0 on success, 2 for bad input, 1 for our own fault.
"""
