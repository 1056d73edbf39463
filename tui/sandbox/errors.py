"""WordPress-style error answers: `{"code", "message", "data": {"status", ...}}`.

Clients written for a real store parse exactly this shape, so the sandbox's API sends
it for every failure: never a traceback or an empty body.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.requests import Request
from starlette.responses import JSONResponse


class ApiFailure(Exception):
    """A failed request, raised anywhere in a handler and answered as JSON."""

    def __init__(
        self, status: int, code: str, message: str, params: Mapping[str, str] | None = None,
        details: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.params = dict(params or {})
        self.details = dict(details or {})

    def response(self) -> JSONResponse:
        data: dict[str, object] = {"status": self.status}
        if self.params:
            data["params"] = self.params
        if self.details:
            data["details"] = self.details
        return JSONResponse(
            {"code": self.code, "message": self.message, "data": data}, status_code=self.status
        )


def invalid_params(problems: Mapping[str, str]) -> ApiFailure:
    """Each offending parameter or field, named, with what is wrong with it."""
    return ApiFailure(
        400, "rest_invalid_param", f"Invalid parameter(s): {', '.join(problems)}", problems
    )


def out_of_bounds(name: str, low: int, high: int) -> ApiFailure:
    """A number outside the range its route declares, refused as WordPress refuses it
    (`rest_validate_value_from_schema`): the reason under `params` and `details`."""
    reason = f"{name} must be between {low} (inclusive) and {high} (inclusive)"
    return ApiFailure(400, "rest_invalid_param", f"Invalid parameter(s): {name}", {name: reason},
                      {name: {"code": "rest_out_of_bounds", "message": reason, "data": None}})


def no_route() -> ApiFailure:
    """An unknown path, or a method the path does not take (WordPress answers 404 to both)."""
    return ApiFailure(
        404, "rest_no_route", "No route was found matching the URL and request method."
    )


async def failure_response(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiFailure)
    return exc.response()


async def no_route_response(request: Request, exc: Exception) -> JSONResponse:
    return no_route().response()


async def internal_error_response(request: Request, exc: Exception) -> JSONResponse:
    return ApiFailure(500, "rest_internal_error", "The sandbox store failed to answer.").response()
