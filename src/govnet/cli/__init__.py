"""The command line: argument parsing, printing and exit codes (the only place that prints or exits)."""
