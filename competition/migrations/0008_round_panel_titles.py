# Written by hand on 2026-12-06: the judging panels of rounds opened before 897213c keep the titles
# written then: the English one without the stage (a track's two rounds read the same) and the Chinese
# one with the stage in the language of the staff member who opened the round. They are titled as
# competition.rounds._title titles a round opened now. A title staff changed since is left alone.

from django.db import migrations

#: The stage's name in each language, as competition.vocabulary.StageKind and its Chinese say it.
STAGES = {
    "preliminary": {"zh": "初审", "en": "Preliminary review"},
    "final": {"zh": "决赛（路演）", "en": "Final (roadshow)"},
}


def _titles(judging_round):
    competition, track, kind = judging_round.stage.competition, judging_round.track, judging_round.stage.kind
    zh = (competition.name_zh, track.name_zh)
    en = (competition.name_en or competition.name_zh, track.name_en or track.name_zh)
    old_zh = {" · ".join((*zh, name)) for name in STAGES[kind].values()}
    old_en = " · ".join(en)
    return old_zh, old_en, " · ".join((*zh, STAGES[kind]["zh"])), " · ".join((*en, STAGES[kind]["en"]))


def title_with_the_stage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    JudgingRound = apps.get_model("competition", "JudgingRound")
    Panel = apps.get_model("judging", "Panel")
    owner_type = ContentType.objects.filter(app_label="competition", model="judginground").first()
    if owner_type is None:
        return
    rounds = JudgingRound.objects.select_related("stage__competition", "track").in_bulk()
    for panel in Panel.objects.filter(owner_type=owner_type):
        judging_round = rounds.get(panel.owner_id)
        if judging_round is None or judging_round.stage.kind not in STAGES:
            continue
        old_zh, old_en, new_zh, new_en = _titles(judging_round)
        changed = []
        if panel.title_zh in old_zh and panel.title_zh != new_zh:
            panel.title_zh = new_zh
            changed.append("title_zh")
        if panel.title_en == old_en:
            panel.title_en = new_en
            changed.append("title_en")
        if changed:
            panel.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [
        ("competition", "0007_submission_failure_reason_bilingual"),
        ("judging", "0003_item_withdrawn_at"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(title_with_the_stage, migrations.RunPython.noop)]
