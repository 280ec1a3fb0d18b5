"""Errors as a Chinese page, or as JSON {"error": "…"} for the API and JSON requests."""

from flask import jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from kb.errors import KbError

MESSAGES = {
    400: "请求无效",
    404: "找不到该页面",
    405: "不支持该请求方法",
    413: "请求内容过大",
    414: "网址过长",
    431: "请求头过大",
    500: "服务器内部错误，请稍后再试",
    503: "服务暂不可用",
}
API_PREFIX = "/api/"


def register(app):
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(KbError, _kb_error)


def _http_error(error):
    message = MESSAGES.get(error.code, error.name)
    # Our own aborts carry a Chinese description; werkzeug's defaults are English.
    if error.description and error.description != type(error).description \
            and not isinstance(error, InternalServerError):
        message = error.description
    response = error_response(error.code, message)
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _kb_error(error):
    """A knowledge base that cannot answer yet (no index, damaged manifest): say why."""
    return error_response(503, str(error))


def error_response(code, message):
    if wants_json():
        response = jsonify(error=message)
    else:
        response = make_response(render_template("error.html", code=code, message=message))
    response.status_code = code
    return response


def wants_json():
    return request.path.startswith(API_PREFIX) or request.is_json
