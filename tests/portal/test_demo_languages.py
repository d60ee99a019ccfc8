"""Every demo text is in the language of its field: a Chinese field holds no English sentence, an
English one no Chinese, and a text written in one language (an entry, a meeting request, a programme
application) in one language only. The walk-through found an entry summary ending in its English
title, meeting requests and applications with an English copy under the Chinese, and products whose
Chinese description said "Functions：Motor control" (the demo loaded before the catalogue was compiled)."""

import re

from django.apps import apps
from django.db import models

from competition.models import Entry
from incubator.models import MeetingRequest, ProgrammeApplication
from tests.portal.test_load_demo import demo  # noqa: F401

CJK = re.compile(r"[\u3400-\u9fff]")
#: Three English words in a row (markup, links and addresses left out): "Motor control Application".
ENGLISH = re.compile(r"[A-Za-z][a-z]+(?:[\s,;:]+[A-Za-z][a-z]+){2,}")
NOT_WORDS = re.compile(r"<[^>]+>|https?://\S+|[\w.-]+@[\w.-]+")


def _english_in(text: str) -> str:
    found = ENGLISH.search(NOT_WORDS.sub(" ", text or ""))
    return found.group(0) if found else ""


def _bilingual_fields():
    for model in apps.get_models():
        names = {
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
        }
        pairs = sorted(name[:-3] for name in names if name.endswith("_zh") and f"{name[:-3]}_en" in names)
        if pairs:
            yield model, pairs


def test_a_chinese_field_holds_no_english_and_an_english_field_no_chinese(demo, db):  # noqa: F811
    odd = []
    for model, pairs in _bilingual_fields():
        for row in model.objects.values("pk", *(f"{base}_{lang}" for base in pairs for lang in ("zh", "en"))):
            for base in pairs:
                if _english_in(row[f"{base}_zh"]):
                    odd.append((model._meta.label, row["pk"], f"{base}_zh", _english_in(row[f"{base}_zh"])))
                if CJK.search(row[f"{base}_en"] or ""):
                    odd.append((model._meta.label, row["pk"], f"{base}_en", row[f"{base}_en"][:40]))
    assert not odd


def test_texts_written_in_one_language_are_in_one_language(demo, db):  # noqa: F811
    texts = [
        *Entry.objects.values_list("summary", flat=True),
        *MeetingRequest.objects.values_list("subject", flat=True),
        *MeetingRequest.objects.values_list("message", flat=True),
        *MeetingRequest.objects.values_list("decline_reason", flat=True),
        *ProgrammeApplication.objects.values_list("message", flat=True),
        *ProgrammeApplication.objects.values_list("decision_note", flat=True),
    ]
    assert len(texts) > 100
    assert not [text for text in texts if _english_in(text)]
