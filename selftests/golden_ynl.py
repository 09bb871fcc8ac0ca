#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# golden.sh's ynl requests in one process (ynl parses the spec once):
# each input line is "do|dump OP JSON"; each request prints as cli.py
# would be called, then the reply as sorted compact JSON (or the error),
# then "[exit 0|1]".
#   golden_ynl.py YNL_DIR SPEC <requests
import json
import sys

sys.path.insert(0, sys.argv[1])
from lib import YnlFamily, NlError  # noqa: E402


def main():
    ynl = YnlFamily(sys.argv[2], '')
    for line in sys.stdin:
        kind, op, text = line.rstrip('\n').split(' ', 2)
        print(f"$ ynl --{kind} {op} --json '{text}'")
        rc = 0
        try:
            attrs = json.loads(text)
            reply = ynl.do(op, attrs, None) if kind == 'do' else ynl.dump(op, attrs)
            print(json.dumps(reply, sort_keys=True, separators=(',', ':'),
                             default=lambda o: o.hex() if isinstance(o, bytes) else list(o)))
        except NlError as e:
            print(e)
            rc = 1
        except Exception as e:  # what ynl itself refuses to send
            print(f"{type(e).__name__}: {e}")
            rc = 1
        print(f"[exit {rc}]", flush=True)


if __name__ == '__main__':
    main()
