"""Who may use the page: the token for a server reachable from other machines, and requests from
the page itself only.

Bound to localhost the page needs no token (only this machine reaches it). Bound to another address
the operator gave with --host, every request must carry the random token printed at start, in the
URL (`?token=...`) the first time; the page then keeps it in a cookie. Two more checks:
bound to localhost, the Host header must name the address served (so a web page elsewhere cannot
reach the server through a DNS name it points at 127.0.0.1), and a form sent from another site's page (its Origin is
not this server) is refused, so no other page can start a study or upload a file here.
"""

from __future__ import annotations

import secrets

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
COOKIE = "workbench_token"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def is_local(host: str) -> bool:
    return host in LOCAL_HOSTS


class Guard:
    """ASGI middleware: the Host, Origin and token checks above; a refused request gets 403 and one line."""

    def __init__(self, app: ASGIApp, host: str, port: int, token: str | None) -> None:
        self.app, self.token = app, token
        names = set(LOCAL_HOSTS) | {host}
        self.hosts = {f"{name}:{port}" for name in names} | {f"[{name}]:{port}" for name in names}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        problem = self._problem(scope, headers)
        if problem:
            await PlainTextResponse(problem + "\n", status_code=403)(scope, receive, send)
            return
        if self.token is None or secrets.compare_digest(self._cookie(headers), self.token):
            await self.app(scope, receive, send)
            return

        async def set_cookie(message):   # the token came in the URL: keep it for the page's next requests
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"set-cookie", (
                    f"{COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict").encode())]
            await send(message)

        await self.app(scope, receive, set_cookie)

    def _problem(self, scope: Scope, headers: dict[str, str]) -> str:
        if self.token is None and headers.get("host", "") not in self.hosts:
            return f"refused: the Host header {headers.get('host', '')!r} is not this server's address"
        origin = headers.get("origin")
        if scope["method"] not in ("GET", "HEAD") and origin is not None and \
                origin.split("://", 1)[-1] != headers["host"]:
            return f"refused: a form sent from {origin}, not from this page"
        if self.token is None:
            return ""
        given = _query_token(scope) or self._cookie(headers)
        if not given or not secrets.compare_digest(given, self.token):
            return "refused: this server needs the token it printed when it started: open the address it printed"
        return ""

    @staticmethod
    def _cookie(headers: dict[str, str]) -> str:
        for part in headers.get("cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == COOKIE:
                return value
        return ""


def _query_token(scope: Scope) -> str:
    from urllib.parse import parse_qs

    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [])
    return values[0] if values else ""
