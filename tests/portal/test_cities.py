"""An organisation's city in both languages (``portal.organisations.cities``): English pages used to say
"City 上海". A city the table knows gets its other name filled in; one it does not keeps what was typed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation

from incubator.matching import scoring
from portal.organisations import cities, services
from tests import factories


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (("杭州", ""), ("杭州", "Hangzhou")),
        (("上海市", ""), ("上海市", "Shanghai")),
        ((" 苏州 ", " "), ("苏州", "Suzhou")),
        (("", "hong kong"), ("香港", "hong kong")),
        (("", "XI'AN"), ("西安", "XI'AN")),
        (("杭州", "Hangzhou City"), ("杭州", "Hangzhou City")),
        (("乌镇", ""), ("乌镇", "")),
        (("", "Atlantis"), ("", "Atlantis")),
        (("", ""), ("", "")),
    ],
)
def test_the_missing_side_is_filled_in_only_from_the_table(typed, stored):
    assert cities.complete(*typed) == stored


@pytest.mark.parametrize(
    ("city", "region"),
    [("", scoring.SHANGHAI), ("Shanghai", scoring.SHANGHAI), ("上海市", scoring.SHANGHAI), ("Kunshan", scoring.DELTA),
     ("无锡", scoring.DELTA), ("Singapore", scoring.ABROAD), ("北京", scoring.CHINA), ("乌镇", scoring.CHINA)],
)  # fmt: skip
def test_the_matching_reads_regions_from_the_same_table(city, region):
    assert scoring.region_of(city) == region


@pytest.mark.django_db
def test_registering_with_the_chinese_city_names_it_in_english_too(user):
    organisation = services.create_organisation(
        creator=user, name_zh="苏州脑机科技", name_en="Suzhou BCI", kind="startup", city_zh="苏州", city_en=""
    )
    assert (organisation.city_zh, organisation.city_en) == ("苏州", "Suzhou")


@pytest.mark.django_db
def test_changing_the_chinese_city_does_not_keep_the_old_english_one(organisation, owner):
    services.update_organisation(actor=owner, organisation=organisation, city_zh="乌镇", city_en="")
    organisation.refresh_from_db()
    assert (organisation.city_zh, organisation.city_en) == ("乌镇", "")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["portal:organisation_detail", "catalog:enterprise_detail"])
def test_english_pages_name_the_city_in_english(client, name):
    hangzhou = factories.OrganisationFactory(**cities.both("杭州"))
    unknown = factories.OrganisationFactory(city_zh="乌镇", city_en="")
    with translation.override("en"):
        english = client.get(reverse(name, kwargs={"slug": hangzhou.slug})).content.decode()
        fallback = client.get(reverse(name, kwargs={"slug": unknown.slug})).content.decode()
    chinese = client.get(reverse(name, kwargs={"slug": hangzhou.slug})).content.decode()
    assert "<dd>Hangzhou</dd>" in english and "杭州" not in english
    assert "<dd>杭州</dd>" in chinese
    # A city only written in Chinese is shown as Chinese, marked so for screen readers.
    assert '<dd><span lang="zh-Hans">乌镇</span></dd>' in fallback


@pytest.mark.django_db
def test_the_registration_form_offers_the_city_in_both_languages(client, user):
    client.force_login(user)
    with translation.override("en"):
        html = client.get(reverse("portal:organisation_create")).content.decode()
    assert 'name="city_zh" value="上海"' in html and 'name="city_en" value="Shanghai"' in html
    assert "City (Chinese)" in html and "City (English)" in html


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="DDL inside the test's transaction: PostgreSQL")
def test_the_migration_names_existing_cities_in_english():
    executor = MigrationExecutor(connection)
    before, after = ("portal", "0008_text_limits"), ("portal", "0009_organisation_city_both_languages")
    executor.migrate([before])
    Old = executor.loader.project_state(before).apps.get_model("portal", "Organisation")
    cities_before = {"org-hz": "杭州", "org-sh": "上海", "org-wz": "乌镇"}
    for slug, city in cities_before.items():
        Old.objects.create(slug=slug, name_zh=f"{city}的公司", kind="startup", city=city)
    with connection.cursor() as cursor:  # the rows' deferred checks, which would refuse the ALTER TABLE
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([after])
    New = executor.loader.project_state(after).apps.get_model("portal", "Organisation")
    english = dict(New.objects.values_list("slug", "city_en"))
    assert english == {"org-hz": "Hangzhou", "org-sh": "Shanghai", "org-wz": ""}
