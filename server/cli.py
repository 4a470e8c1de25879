"""``kiosk-server``: the reference intake server's command line.

The intake server (sync protocol, enrolment, back office) is the sync capability's work and
is not built yet; this entry point exists so the console script is installed with the package
and tells an operator so plainly instead of failing with a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="kiosk-server", description="参考受理服务器 / reference intake server"
    )
    parser.parse_args(argv)
    print(
        "参考受理服务器尚未包含在此版本中。/ The reference intake server is not in this release.",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    sys.exit(main())
