"""Refresh ``locale/`` from the source and pre-fill what can be filled mechanically.

* runs ``makemessages`` for zh_Hans and en (project strings only: .venv, var and tests are ignored);
* English: msgids are English, so every entry's msgstr is set to its msgid (the catalogue stays complete),
  except the allauth strings the portal words its own way (``portal.i18n_overrides.ENGLISH``: "Sign in",
  not "Sign In");
* Chinese: an empty msgstr is taken from Django's, Wagtail's or allauth's own zh_Hans catalogue when
  the same msgid exists there; everything else must be translated by hand;
* Chinese: translations written to ``var/translations/*.json`` (``{"msgid": "译文"}``; a key with
  a context is the context, U+0004, then the msgid) fill empty entries too, so people working on different
  apps side by side can hand in their strings without editing the same ``.po`` file;
* prints what is still untranslated in zh_Hans (``make test`` fails on any).

The whole run holds an exclusive lock on ``var/locale.lock``: two runs never interleave.
"""

import fcntl
import importlib
import json
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import BaseCommand, call_command

from portal.i18n_overrides import ENGLISH

PACKAGE_CATALOGUES = ["django", "wagtail", "allauth"]


def _package_translations() -> dict[tuple[str | None, str], str]:
    known: dict[tuple[str | None, str], str] = {}
    for package in PACKAGE_CATALOGUES:
        root = Path(importlib.import_module(package).__file__).parent
        candidates = list(root.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))
        candidates += list(root.glob("**/locale/zh_CN/LC_MESSAGES/django.po"))
        for po_path in candidates:
            for entry in polib.pofile(str(po_path)):
                if entry.msgstr and not entry.fuzzy and not entry.msgid_plural:
                    known.setdefault((entry.msgctxt, entry.msgid), entry.msgstr)
    return known


def _handed_in_translations() -> dict[tuple[str | None, str], str]:
    known: dict[tuple[str | None, str], str] = {}
    for path in sorted((Path(settings.BASE_DIR) / "var" / "translations").glob("*.json")):
        for key, msgstr in json.loads(path.read_text(encoding="utf-8")).items():
            context, _, msgid = key.rpartition("\u0004")
            if msgstr:
                known[(context or None, msgid)] = msgstr
    return known


class Command(BaseCommand):
    help = "Run makemessages for zh_Hans and en, fill English, pre-fill Chinese from the frameworks' catalogues."

    def handle(self, *args, **options):
        lock_path = Path(settings.BASE_DIR) / "var" / "locale.lock"
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with lock_path.open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            self._sync()

    def _sync(self) -> None:
        call_command(
            "makemessages",
            locale=["zh_Hans", "en"],
            ignore_patterns=[".venv/*", "var/*", "tests/*", "bench/*", ".noida-db/*"],
            no_obsolete=True,
            verbosity=0,
        )
        locale_dir = Path(settings.LOCALE_PATHS[0])
        self._fill_english(locale_dir / "en" / "LC_MESSAGES" / "django.po")
        missing = self._prefill_chinese(locale_dir / "zh_Hans" / "LC_MESSAGES" / "django.po")
        if missing:
            self.stdout.write(self.style.WARNING(f"{len(missing)} zh_Hans strings still need a translation:"))
            for msgid in missing:
                self.stdout.write(f"  {msgid!r}")
        else:
            self.stdout.write(self.style.SUCCESS("zh_Hans and en catalogues are complete."))

    def _fill_english(self, path: Path) -> None:
        po = polib.pofile(str(path))
        for entry in po:
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
            if entry.msgid_plural:
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
            else:
                entry.msgstr = ENGLISH.get(entry.msgid, entry.msgid) if entry.msgctxt is None else entry.msgid
            if entry.fuzzy:
                entry.flags.remove("fuzzy")
        po.save()

    def _prefill_chinese(self, path: Path) -> list[str]:
        po = polib.pofile(str(path))
        known = _package_translations()
        known.update(_handed_in_translations())
        missing = []
        for entry in po:
            # msgmerge's fuzzy guesses are discarded below; drop their "#|" notes too.
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
            if entry.fuzzy:
                entry.flags.remove("fuzzy")
                entry.msgstr = ""
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: ""}
            handed_in = known.get((entry.msgctxt, entry.msgid), "")
            if entry.msgid_plural:
                # Chinese has one plural form; a handed-in string is keyed by the singular msgid.
                if not entry.msgstr_plural.get(0) and handed_in:
                    entry.msgstr_plural = {0: handed_in}
                if not entry.msgstr_plural.get(0):
                    missing.append(entry.msgid)
                continue
            if not entry.msgstr and handed_in:
                entry.msgstr = handed_in
            if not entry.msgstr:
                missing.append(entry.msgid)
        po.metadata["Language"] = "zh_Hans"
        po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
        po.save()
        return missing
