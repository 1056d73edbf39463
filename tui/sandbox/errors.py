"""WordPress-style error answers: `{"code", "message", "data": {"status", ...}}`.

Clients written for a real store parse exactly this shape, so the sandbox sends it for
every failure: never a traceback, an HTML page or an empty body.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.requests import Request
from starlette.responses import JSONResponse


class ApiFailure(Exception):
    """A failed request, raised anywhere in a handler and answered as JSON."""

    def __init__(
        self, status: int, code: str, message: str, params: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.params = dict(params or {})

    def response(self) -> JSONResponse:
        data: dict[str, object] = {"status": self.status}
        if self.params:
            data["params"] = self.params
        return JSONResponse(
            {"code": self.code, "message": self.message, "data": data}, status_code=self.status
        )


def unauthorized(message: str = "Unauthorized") -> ApiFailure:
    """Bad or missing credentials: the reference documents 400 for these, not 401."""
    return ApiFailure(400, "rest_forbidden", message)


def invalid_params(problems: Mapping[str, str]) -> ApiFailure:
    """Each offending parameter or field, named, with what is wrong with it."""
    return ApiFailure(
        400, "rest_invalid_param", f"Invalid parameter(s): {', '.join(problems)}", problems
    )


def not_found() -> ApiFailure:
    return ApiFailure(404, "rest_not_found", "No download with that id.")


async def failure_response(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiFailure)
    return exc.response()


async def no_route_response(request: Request, exc: Exception) -> JSONResponse:
    """Unknown path, or a method the path does not take (WordPress answers 404 to both)."""
    return ApiFailure(
        404, "rest_no_route", "No route was found matching the URL and request method."
    ).response()


async def internal_error_response(request: Request, exc: Exception) -> JSONResponse:
    return ApiFailure(500, "rest_internal_error", "The sandbox store failed to answer.").response()
