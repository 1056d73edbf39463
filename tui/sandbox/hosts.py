"""What the web servers and plugins of real WordPress hosts do to the API (DESIGN §1,
"What real hosts do to it"), each as ASGI middleware the sandbox puts in front of
the store when its options ask for it (`tui.sandbox.options`)."""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware import Middleware
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tui.sandbox.options import SandboxOptions

#: What a plugin's PHP warning prints before the JSON (PHP 8's markup, as it shows
#: when `display_errors` is on).
NOTICE = ('<br />\n<b>Warning</b>:  Undefined array key "currency" in '
          "<b>/var/www/html/wp-content/plugins/shop-extras/extras.php</b> on line "
          "<b>42</b><br />\n")
#: What a cache plugin prints after it.
CACHE_COMMENT = "\n<!-- Page cached by Shop Cache on 2025-01-02 03:04:05 -->\n"
#: WordPress's critical-error message (`WP_Fatal_Error_Handler`), which its REST API
#: answers as `internal_server_error` JSON, and any other request as an HTML page.
FATAL_MESSAGE = ('<p>There has been a critical error on this website.</p><p><a href="'
                 'https://wordpress.org/documentation/article/faq-troubleshooting/">'
                 "Learn more about troubleshooting WordPress.</a></p>")
FATAL_JSON = {"code": "internal_server_error", "message": FATAL_MESSAGE,
              "data": {"status": 500}, "additional_errors": []}
FATAL_PAGE = (
    '<!DOCTYPE html>\n<html lang="en-US">\n<head>\n\t<meta http-equiv="Content-Type" '
    'content="text/html; charset=utf-8" />\n\t<meta name="viewport" '
    'content="width=device-width">\n\t<title>WordPress &rsaquo; Error</title>\n'
    '\t<style type="text/css">html { background: #f1f1f1; } body { color: #3c434a; }'
    '</style>\n</head>\n<body id="error-page">\n\t<div class="wp-die-message">'
    f"{FATAL_MESSAGE}</div></body>\n</html>\n"
)


def host_middleware(options: SandboxOptions) -> list[Middleware]:
    """The middleware `options` ask for, the outermost first: printed text wraps
    every answer, a fatal error stops every request, and the web server drops the
    header before PHP (and so the store) sees the request."""
    layers: list[Middleware] = []
    if options.print_around_json is not None:
        before = NOTICE if options.print_around_json in ("before", "both") else ""
        after = CACHE_COMMENT if options.print_around_json in ("after", "both") else ""
        layers.append(Middleware(PrintAroundAnswers, before=before, after=after))
    if options.fatal_error:
        layers.append(Middleware(FatalError))
    if options.drop_authorization:
        layers.append(Middleware(DropAuthorization))
    return layers


class DropAuthorization:
    """Apache without `CGIPassAuth On` (or WordPress's rewrite rule): the request
    reaches PHP without its Authorization header, whatever the scheme."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = [(name, value) for name, value in scope["headers"]
                       if name.lower() != b"authorization"]
            scope = {**scope, "headers": headers}
        await self.app(scope, receive, send)


class PrintAroundAnswers:
    """A plugin that prints into every answer: `before` the body (a PHP warning) and
    `after` it (a cache plugin's comment). The status stays, and a write is made."""

    def __init__(self, app: ASGIApp, before: str, after: str) -> None:
        self.app = app
        self.before = before.encode()
        self.after = after.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: Message = {}
        body = bytearray()

        async def held(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            body.extend(message.get("body", b""))
            if message.get("more_body"):
                return
            printed = self.before + bytes(body) + self.after
            headers = MutableHeaders(raw=list(start["headers"]))
            headers["content-length"] = str(len(printed))
            await send({**start, "headers": headers.raw})
            await send({"type": "http.response.body", "body": printed})

        await self.app(scope, receive, held)


class FatalError:
    """PHP stopped with a fatal error (a plugin's bug): WordPress's shutdown handler
    answers 500, as JSON to a request that accepts JSON, else as its HTML page."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        wants_json = any("json" in headers.get(name, "") for name in ("accept", "content-type"))
        answer: Response = (
            JSONResponse(FATAL_JSON, status_code=500) if wants_json
            else HTMLResponse(FATAL_PAGE, status_code=500)
        )
        await answer(scope, receive, send)

