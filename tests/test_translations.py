"""Every user-visible string exists in zh-hans (and en); the committed catalogues match the source.

The check extracts strings from a copy of the source tree, so a string added in code but
never run through ``make messages`` fails here too.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
SKIP_DIRS = {".venv", "var", ".git", ".noida-db", "node_modules", "tests", "bench", "__pycache__", ".pytest_cache"}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[str, polib.POFile]:
    copy = tmp_path_factory.mktemp("source")
    for item in ROOT.iterdir():
        if item.name in SKIP_DIRS:
            continue
        if item.is_dir():
            shutil.copytree(item, copy / item.name, ignore=shutil.ignore_patterns(*SKIP_DIRS, "*.mo"))
        else:
            shutil.copy2(item, copy / item.name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "-l", "en", "--no-obsolete", "-v", "0"],
        cwd=copy,
        check=True,
        env={"DJANGO_SETTINGS_MODULE": "portal.settings.dev", "PATH": "/usr/bin:/bin"},
        timeout=300,
    )
    return {lang: polib.pofile(str(copy / "locale" / lang / "LC_MESSAGES" / "django.po")) for lang in ("zh_Hans", "en")}


def committed(lang: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / lang / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("lang", ["zh_Hans", "en"])
def test_every_source_string_is_translated(extracted, lang):
    translated = {
        (entry.msgctxt, entry.msgid)
        for entry in committed(lang)
        if not entry.fuzzy and (entry.msgstr or (entry.msgid_plural and entry.msgstr_plural.get(0)))
    }
    missing = sorted(entry.msgid for entry in extracted[lang] if (entry.msgctxt, entry.msgid) not in translated)
    assert missing == [], f"{len(missing)} strings lack a {lang} translation (run `make messages`): {missing[:40]}"


def test_chinese_catalogue_has_no_untranslated_or_fuzzy_entries():
    po = committed("zh_Hans")
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []


def test_chinese_translations_keep_placeholders():
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
    broken = [
        entry.msgid
        for entry in committed("zh_Hans")
        if entry.msgstr and sorted(placeholder.findall(entry.msgid)) != sorted(placeholder.findall(entry.msgstr))
    ]
    assert broken == []


def test_chinese_addresses_the_reader_politely_and_ends_sentences_with_full_width_stops():
    """您, never 你 (the portal addresses enterprises, hospitals and investors); no ASCII full stop
    right after Chinese text ("请登录." was one)."""
    import re

    ascii_stop = re.compile(r"[\u4e00-\u9fff]\.(?:\s|$)")
    entries = [entry for entry in committed("zh_Hans") if entry.msgstr]
    assert [entry.msgstr for entry in entries if "你" in entry.msgstr] == []
    assert [entry.msgstr for entry in entries if ascii_stop.search(entry.msgstr)] == []


def test_chinese_colons_brackets_and_lists_are_full_width_without_spaces():
    """A full-width colon or closing bracket is followed directly ("截止时间：2026", not "截止时间： 2026";
    "…UTC+08:00）过期"); no English colon or comma between Chinese words ("澜思: 前雇主", "康复, 养老").
    The templates' labels and lists follow the same rule through ``after_colon``, ``colon`` and ``list_comma``."""
    import re

    han = "[\u4e00-\u9fff]"
    spaced = re.compile(rf"[：）][ \u3000]|{han}[:,] ?{han}|{han}: ")
    msgstrs = [text for entry in committed("zh_Hans") for text in (entry.msgstr, *entry.msgstr_plural.values())]
    assert [text for text in msgstrs if spaced.search(text)] == []


def test_the_hand_in_files_agree_with_the_catalogue():
    """``var/translations/*.json`` (read by ``sync_translations`` to fill empty Chinese entries, in name
    order) hold what the catalogue says: an older wording left in one of them came back whenever an
    entry was blanked to be translated again ("%(time)s 已过" over "%(time)s已过", 谢绝 over 拒绝)."""
    import json

    catalogue = {
        (f"{entry.msgctxt}\x04" if entry.msgctxt else "") + entry.msgid: entry.msgstr
        for entry in committed("zh_Hans")
        if entry.msgstr and not entry.obsolete
    }
    stale = [
        (path.name, key, value, catalogue[key])
        for path in sorted((ROOT / "var" / "translations").glob("*.json"))
        for key, value in json.loads(path.read_text(encoding="utf-8")).items()
        if isinstance(value, str) and key in catalogue and catalogue[key] != value
    ]
    assert stale == []


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout")
def test_compiled_catalogues_are_built_not_committed():
    """``.mo`` files come from ``compilemessages`` in the build (``make install``, deploy): a committed
    one goes stale the moment a ``.po`` changes, and ``.gitignore`` keeps them out unless forced."""
    tracked = subprocess.run(
        ["git", "ls-files", "*.mo"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert tracked == []
