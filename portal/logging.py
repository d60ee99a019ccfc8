"""Keep passwords, tokens, keys and identity numbers out of the logs (PIPL).

``RedactingFilter`` is attached to every handler in ``LOGGING`` (``portal/settings/log_config.py``;
production reuses that dict), so whatever logger a record comes from — ours, Django's request
logging of 4xx/5xx (``"Not Found: <path>"``), runserver's request lines, Celery, allauth — it is
cleaned before any handler writes or e-mails it. The filter renders the record's message with
its arguments and replaces:

* the value of anything named like a secret: ``password``, ``token``, ``secret``, ``key``,
  ``authorization``, ``cookie``, the session and CSRF cookies (``name=value``, ``name: value``,
  ``"name": "value"``, ``'name': 'value'``, query strings, header lines);
* the keys in allauth's links: ``/accounts/confirm-email/<key>/``,
  ``/accounts/password/reset/key/<uidb36>-<key>/`` (also percent-encoded, as in ``?next=``),
  and invitation tokens in ``/invitations/<token>/``;
* Chinese resident identity numbers (18 characters: region, birth date, sequence, check
  character), whether or not the check character is right — a mistyped number is still someone's.

Tracebacks (``exc_info``) and stack traces are rendered and cleaned the same way, as are string
``extra`` attributes; an ``extra`` attribute named like a secret is replaced whole.
``RedactingExceptionReporter`` cleans the error e-mails ``AdminEmailHandler`` sends (the request's
URL, GET and POST data are in them). The filter never drops a record.

Celery's worker replaces the root logger's handlers with its own unless told not to; connect
``redact_celery_handlers`` to ``celery.signals.after_setup_logger`` and
``after_setup_task_logger`` so the worker's handlers get the filter too.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.views.debug import ExceptionReporter

REDACTED = "[REDACTED]"

#: Names whose values are secrets. Matched anywhere in a name: ``api_key``, ``X-Auth-Token``,
#: ``HTTP_COOKIE``, ``csrfmiddlewaretoken``, ``password1``, ``old_password``...
SENSITIVE_WORDS = (
    "password",
    "passwd",
    "pwd",
    "token",
    "secret",
    "key",
    "authorization",
    "cookie",
    "sessionid",
    "csrftoken",
    "signature",
)

#: LogRecord attributes set by ``logging`` itself; anything else came in through ``extra``.
_STANDARD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}

_SLASH = r"(?:/|%2[Ff])"
#: Path segments that are secrets: the allauth keys and the portal's invitation tokens.
_KEY_IN_PATH = re.compile(
    r"(?P<prefix>"
    rf"{_SLASH}accounts{_SLASH}confirm-email{_SLASH}"
    rf"|{_SLASH}accounts{_SLASH}password{_SLASH}reset{_SLASH}key{_SLASH}"
    rf"|{_SLASH}invitations{_SLASH}"
    r")"
    r"(?P<secret>(?:[^/?#&\s\"'<>%]|%3[Aa])+)"
)

#: A Chinese resident identity number (GB 11643-1999): 6-digit region code, birth date
#: YYYYMMDD (1800-2099), 3-digit sequence, check character 0-9 or X.
RESIDENT_ID = re.compile(
    r"(?<![0-9A-Za-z])"
    r"[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]"
    r"(?![0-9A-Za-z])"
)
_RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RESIDENT_ID_CHECK = "10X98765432"


def resident_id_is_valid(number: str) -> bool:
    """True when ``number`` is an 18-character resident identity number with a correct check character."""
    number = number.upper()
    if not RESIDENT_ID.fullmatch(number):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _RESIDENT_ID_WEIGHTS, strict=True))
    return _RESIDENT_ID_CHECK[total % 11] == number[17]


def _extra_cookie_names() -> list[str]:
    """The project's session and CSRF cookie names, if settings are available."""
    try:
        return [settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME]
    except Exception:  # noqa: BLE001 - logging must work before (and without) settings
        return []


#: A header line, or a header in a dict: the whole value is the secret ("Bearer abc", "a=1; b=2").
_HEADER = re.compile(
    r"(?P<lead>\b(?:[\w-]{0,40}authorization|(?:set-|http_)?cookie)(?P<quote>[\"']?)\s*[:=]\s*)"
    r"(?P<open>[\"']?)(?P<value>[^\r\n\"']*)",
    re.IGNORECASE,
)


@lru_cache(maxsize=4)
def _pair_pattern(extra_names: tuple[str, ...]) -> re.Pattern:
    """name=value, name: value, "name": "value", 'name': 'value' for every name that looks secret."""
    words = "|".join(re.escape(word) for word in (*SENSITIVE_WORDS, *extra_names) if word)
    # Bounded runs: a long base64 blob must not make the search quadratic.
    name = rf"[\w.-]{{0,40}}(?:{words})[\w.-]{{0,40}}"
    return re.compile(
        rf"(?P<lead>(?P<q>[\"']?)\b{name}(?P=q)\s*[:=]\s*)"
        r"(?P<value>\[REDACTED\]|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|[^\s&,;)\]}\"']+)",
        re.IGNORECASE,
    )


def _sensitive_name(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered for word in (*SENSITIVE_WORDS, *(n.lower() for n in _extra_cookie_names() if n)))


def _replace_header(match: re.Match) -> str:
    if not match.group("value").strip():
        return match.group(0)
    return f"{match.group('lead')}{match.group('open')}{REDACTED}"


def _replace_pair(match: re.Match) -> str:
    value = match.group("value")
    if value in (REDACTED, f'"{REDACTED}"', f"'{REDACTED}'"):
        return match.group(0)
    quote = value[0] if value[:1] in ("'", '"') else ""
    return f"{match.group('lead')}{quote}{REDACTED}{quote}"


def redact(text: str) -> str:
    """``text`` with secrets, keys in links and resident identity numbers replaced by ``[REDACTED]``."""
    if not text:
        return text
    text = _KEY_IN_PATH.sub(lambda m: m.group("prefix") + REDACTED, text)
    text = _HEADER.sub(_replace_header, text)
    text = _pair_pattern(tuple(_extra_cookie_names())).sub(_replace_pair, text)
    return RESIDENT_ID.sub(REDACTED, text)


def redact_record(record: logging.LogRecord) -> None:
    """Clean ``record`` in place: message and arguments, traceback, stack, ``extra`` attributes."""
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a bad format string: keep what can be shown, cleaned
        message = f"{record.msg} {record.args!r}"
    cleaned = redact(message)
    if cleaned != message or not isinstance(record.msg, str):
        # The arguments are rendered into the message: none of them survives uncleaned.
        record.msg, record.args = cleaned, ()
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    for attribute, value in list(vars(record).items()):
        if attribute in _STANDARD_ATTRIBUTES:
            continue
        if _sensitive_name(attribute):
            setattr(record, attribute, REDACTED)
        elif isinstance(value, str):
            setattr(record, attribute, redact(value))


class RedactingFilter(logging.Filter):
    """A handler filter that cleans every record (see the module docstring); it never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record)
        return True


class RefusalFilter(logging.Filter):
    """On ``django.request``: a 403 (``PermissionDenied``) keeps its one line, without the traceback.

    A refusal is the permission checks doing their work (a member trying another organisation's
    URL); Django logs each with its traceback, which buried the warnings that matter.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], PermissionDenied):
            record.exc_info = None
            record.exc_text = None
        return True


class RedactingExceptionReporter(ExceptionReporter):
    """The error report ``AdminEmailHandler`` e-mails, cleaned like log records.

    Django's ``SafeExceptionReporterFilter`` already hides settings and request headers
    whose names look secret; this also cleans the URL (allauth keys), query strings,
    POST data and exception messages.
    """

    def get_traceback_text(self):
        return redact(super().get_traceback_text())

    def get_traceback_html(self):
        return redact(super().get_traceback_html())


def redact_celery_handlers(logger=None, **kwargs) -> None:
    """Receiver for Celery's ``after_setup_logger`` / ``after_setup_task_logger``: filter its handlers too."""
    if logger is None:
        return
    for handler in logger.handlers:
        if not any(isinstance(existing, RedactingFilter) for existing in handler.filters):
            handler.addFilter(RedactingFilter())
