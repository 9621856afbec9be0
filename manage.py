#!/usr/bin/env python
"""Django's command-line utility for Power Play."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "powerplay.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import OperationalError

    # A configuration mistake or an unreachable database deserves one sentence, not a
    # traceback.
    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        sys.exit(f"Power Play cannot start: {exc}")
    except OperationalError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        sys.exit(f"Power Play cannot use its database: {reason}")


if __name__ == "__main__":
    main()
