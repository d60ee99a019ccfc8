"""The operator's and the next engineer's documents name only what exists.

README.md and docs/architecture.md are checked claim by claim where a claim is a name: every
file or folder path, every module, class or function of the project, every key of a registry
(a model label, an outbox effect, a log action, a demo loader), every make target and management
command; and the README's production section names every variable production settings read.
"""

import importlib
import importlib.util
import re
from pathlib import Path

import pytest
from celery.schedules import crontab
from django.apps import apps
from django.conf import settings
from django.core.management import get_commands
from django.utils.module_loading import autodiscover_modules
from wagtail.log_actions import registry as log_registry

from portal import outbox
from portal.demo import users as demo_users
from portal.demo.registry import get_loaders

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = ["README.md", "docs/architecture.md"]
#: The project's packages: a dotted name starting with one of these is a module path or a registry key.
PACKAGES = ("portal", "catalog", "cases", "competition", "incubator", "search")
#: Folders a path in the documents may start with (var/ is made at run time).
FOLDERS = (*PACKAGES, "tests", "bench", "templates", "static", "locale", "locale_wagtail", "requirements", "docs")
FILE_SUFFIXES = (".py", ".html", ".txt", ".toml", ".js", ".json", ".md", ".sh", ".po", ".svg", ".css")
#: Words split out of a backticked span.
WORD = re.compile(r"[^\s(),=:\[\]\"'{}]+")


def spans(document: str) -> list[tuple[int, str]]:
    """``(line, text)`` of every backticked span, URLs left out."""
    text = (ROOT / document).read_text()
    return [
        (text[: m.start()].count("\n") + 1, m.group(1))
        for m in re.finditer(r"`([^`\n]+)`", text)
        if "://" not in m.group(1)
    ]


def words(document: str):
    for line, span in spans(document):
        for word in WORD.findall(span):
            yield line, word.rstrip(".;,")


def registry_keys() -> set[str]:
    """Model labels, demo loaders and log actions (outbox effects are asked one by one)."""
    autodiscover_modules("tasks")  # the outbox's effects, as a worker registers them
    log_registry.scan_for_actions()
    return (
        {model._meta.label for model in apps.get_models()}
        | {loader.name for loader in get_loaders()}
        | set(log_registry.formatters)
    )


def resolves(name: str) -> bool:
    """Whether ``name`` is a module of the project, or an attribute reached from one."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        module = ".".join(parts[:end])
        try:
            found = importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:
            found = False
        if not found:
            continue
        if end == len(parts):
            return True  # not imported: production settings need their environment
        target = importlib.import_module(module)
        for attribute in parts[end:]:
            if not hasattr(target, attribute):
                return False
            target = getattr(target, attribute)
        return True
    return False


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_path_named_exists(document):
    missing = [
        f"{document}:{line}: {word}"
        for line, word in words(document)
        if "/" in word
        and word.split("/")[0] in FOLDERS
        and not any(mark in word for mark in ("<", "*", "…"))
        and not (ROOT / word.split("::")[0]).exists()
    ]
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_module_class_function_or_registry_key_named_exists(document):
    keys = registry_keys()
    missing = [
        f"{document}:{line}: {word}"
        for line, word in words(document)
        if re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+", word)
        and word.split(".")[0] in PACKAGES
        and not word.endswith(FILE_SUFFIXES)
        and word not in keys
        and outbox.get_effect(word) is None
        and not resolves(word)
    ]
    assert not missing, "\n".join(missing)


def test_the_readme_names_every_variable_production_reads():
    production = (ROOT / "portal/settings/production.py").read_text()
    read = set(re.findall(r"\benv(?:_list)?\(\s*\"([A-Z_]+)\"", production)) | {demo_users.PASSWORD_ENV}
    documented = {word for _line, span in spans("README.md") for word in WORD.findall(span)}
    assert read, "no variable found: the pattern no longer matches production.py"
    assert not read - documented, sorted(read - documented)


def test_the_readme_gives_the_time_of_every_daily_beat_task():
    times = {
        f"{hour:02d}:{minute:02d}"
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if isinstance(entry["schedule"], crontab)
        for hour in entry["schedule"].hour
        for minute in entry["schedule"].minute
    }
    readme = (ROOT / "README.md").read_text()
    assert times, "no daily task found: the beat schedule changed shape"
    assert not {time for time in times if time not in readme}


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_make_target_and_management_command_named_exists(document):
    text = (ROOT / document).read_text()
    code = "\n".join(re.findall(r"```\w*\n(.*?)```", text, re.S) + [span for _line, span in spans(document)])
    targets = set(re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(), re.M))
    unknown_targets = set(re.findall(r"(?:^|\s)make (\w+)", code, re.M)) - targets
    unknown_commands = set(re.findall(r"\bmanage\.py (\w+)", code)) - set(get_commands())
    assert not unknown_targets, unknown_targets
    assert not unknown_commands, unknown_commands
