"""A small HTTP client for the drills: cookies, CSRF, forms, timings (stdlib only, one connection per request).

gunicorn's sync workers close the connection after each response, so each request opens
its own; that is also what 32 independent visitors do.
"""

from __future__ import annotations

import http.client
import re
import secrets
import string
import time
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urlencode, urlsplit


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    ms: float
    error: str = ""  # a connection failure: no HTTP status at all

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


def csrf_secret() -> str:
    """A CSRF cookie value Django accepts (32 characters of its alphabet), also sent as the form token."""
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(32))


@dataclass
class Browser:
    port: int
    host: str = "127.0.0.1"
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 60

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> Response:
        headers = {"Host": f"{self.host}:{self.port}", "Accept-Language": "zh-hans", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        path = quote(path, safe="/?=&%:;,+@#")  # non-ASCII characters percent-encoded, as a browser sends them
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        started = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            data = raw.read()
            ms = (time.perf_counter() - started) * 1000
            response = Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, data, ms)
            for name, value in raw.getheaders():
                if name.lower() == "set-cookie":
                    self._store_cookie(value)
            return response
        except (OSError, http.client.HTTPException) as exc:
            return Response(
                0, {}, b"", (time.perf_counter() - started) * 1000, error=f"{exc.__class__.__name__}: {exc}"
            )
        finally:
            conn.close()

    def _store_cookie(self, header: str) -> None:
        pair = header.split(";", 1)[0]
        name, _, value = pair.partition("=")
        name, value = name.strip(), value.strip().strip('"')
        if "max-age=0" in header.lower() or value == "":
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value

    def get(self, path: str, headers: dict | None = None) -> Response:
        return self.request("GET", path, headers=headers)

    def ensure_csrf(self) -> str:
        if "csrftoken" not in self.cookies:
            self.cookies["csrftoken"] = csrf_secret()
        return self.cookies["csrftoken"]

    def post(self, path: str, data: dict | list, files: dict | None = None) -> Response:
        """POST a form (``data`` a dict or a list of pairs; ``files``: name → list of (filename, bytes, type))."""
        token = self.ensure_csrf()
        pairs = list(data.items()) if isinstance(data, dict) else list(data)
        pairs = [(k, v) for k, v in pairs if k != "csrfmiddlewaretoken"] + [("csrfmiddlewaretoken", token)]
        referer = {"Referer": f"http://{self.host}:{self.port}{urlsplit(path).path}"}
        if files:
            body, content_type = multipart(pairs, files)
        else:
            body, content_type = urlencode(pairs, doseq=True).encode(), "application/x-www-form-urlencoded"
        return self.request("POST", path, body=body, headers={"Content-Type": content_type, **referer})


def multipart(pairs, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = []
    for name, value in pairs:
        values = value if isinstance(value, list) else [value]
        for item in values:
            out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
            out.append(str(item).encode() + b"\r\n")
    for name, items in files.items():
        for filename, content, content_type in items:
            out.append(
                (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                    f"Content-Type: {content_type}\r\n\r\n"
                ).encode()
            )
            out.append(content + b"\r\n")
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out), f"multipart/form-data; boundary={boundary}"


class FormParser(HTMLParser):
    """The fields of every ``<form>`` of a page, as a browser would submit them (no JavaScript)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._option_value: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    @property
    def _fields(self) -> list:
        return self.forms[-1]["fields"]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                {"action": a.get("action") or "", "method": (a.get("method") or "get").lower(), "fields": []}
            )
            return
        if not self.forms:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self._fields.append((name, a.get("value") or ("on" if kind in {"checkbox", "radio"} else "")))
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
            self._multiple = "multiple" in a
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None and not self._multiple:
                self._select_first = value
            if "selected" in a:
                self._fields.append((self._select, value))
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None:
                self._fields.append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._fields.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def forms_of(html: str) -> list[dict]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms


def form_with(html: str, field_name: str) -> list[tuple[str, str]]:
    """The fields of the first form that has ``field_name``."""
    for form in forms_of(html):
        if any(name == field_name for name, _ in form["fields"]):
            return form["fields"]
    raise LookupError(f"no form with a field {field_name!r}")


def form_posting_here(html: str) -> list[tuple[str, str]]:
    """The fields of the first POST form that submits to the page's own URL (no ``action``)."""
    for form in forms_of(html):
        if form["method"] == "post" and not form["action"]:
            return form["fields"]
    raise LookupError("no form that posts to this page")


def replace(fields: list[tuple[str, str]], **values) -> list[tuple[str, str]]:
    """``fields`` with the named fields set to ``values`` (added when absent)."""
    out = [(k, v) for k, v in fields if k not in values]
    out += list(values.items())
    return out


VOLATILE = [
    re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"'),
    re.compile(rb'name="creation_token" value="[^"]*"'),
    re.compile(rb'nonce="[^"]*"'),
]
