"""Stand-in for tyro (not installable here): tyro.cli(Args) -> Args with --field-name VALUE overrides.

Only what CleanRL's ppo.py and dqn.py use: a dataclass of str/int/float/bool fields, kebab-case flags.
"""
import dataclasses
import sys


def cli(cls):
    values = {}
    argv = sys.argv[1:]
    fields = {f.name: f for f in dataclasses.fields(cls)}
    i = 0
    while i < len(argv):
        key = argv[i][2:].replace("-", "_")
        if key not in fields:
            raise SystemExit(f"unknown flag {argv[i]}")
        raw = argv[i + 1]
        kind = type(fields[key].default)
        values[key] = (raw.lower() in ("1", "true", "yes")) if kind is bool else kind(raw)
        i += 2
    return cls(**values)
