"""Serve the planner's workbench: `python -m analysis.workbench [--host H] [--port P] [--workspace DIR]`.

On 127.0.0.1 by default, so only this machine reaches it; with another --host every request needs
the random token printed in the address. Every file the page reads or writes lies in the workspace
(default: workbench/ in the current folder). Stop it with Ctrl-C; studies under way go on, and the
next start finds them.
"""

from __future__ import annotations

import argparse
import socket
import sys
from pathlib import Path

from analysis.workbench.guard import is_local, new_token


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.workbench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this machine only; any other needs the token)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000; 0: any free one)")
    parser.add_argument("--workspace", default="workbench", help="the folder every file lies in (default workbench/)")
    args = parser.parse_args(argv)
    if not 0 <= args.port <= 65535:
        print(f"workbench: --port {args.port}: must be from 0 to 65535", file=sys.stderr)
        return 2
    workspace = Path(args.workspace)
    if workspace.exists() and not workspace.is_dir():
        print(f"workbench: --workspace {workspace}: is a file, not a folder", file=sys.stderr)
        return 2
    try:
        listener = socket.create_server((args.host, args.port), family=_family(args.host))
    except OSError as error:
        print(f"workbench: cannot listen on {args.host}:{args.port} ({error.strerror or error})", file=sys.stderr)
        return 2
    port = listener.getsockname()[1]
    token = None if is_local(args.host) else new_token()

    import uvicorn

    from analysis.workbench.app import build_app

    app = build_app(workspace, args.host, port, token)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    address = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    print(f"workbench: open {address}  (workspace {app.state.workspace.root}; Ctrl-C stops the page, not the "
          "studies under way)", flush=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    server.run(sockets=[listener])
    return 0


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


if __name__ == "__main__":
    sys.exit(main())
