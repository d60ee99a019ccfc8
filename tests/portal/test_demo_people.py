"""The demo's people are named one way (``portal.demo.people``): judges, members, investors alike.

A user has one display name, shown in both languages: a Chinese person's in Chinese characters, a
person from abroad in Latin letters; never both in one name ("顾建国 Gu Jianguo"), a title ("Prof.",
"钱教授") or a role ("浦江言语解码队队长", the team's captain), which the walk-through found."""

import re

import pytest

from portal.demo.people import is_conventional, person_name
from portal.demo.registry import demo_email
from portal.models import User
from tests.portal.test_load_demo import demo  # noqa: F401

CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.mark.parametrize(
    ("name", "conventional"),
    [
        ("顾建国", True),
        ("韩立", True),
        ("Sarah Whitfield", True),
        ("Jean-Luc O'Neill", True),
        ("顾建国 Gu Jianguo", False),
        ("Prof. Sarah Whitfield", False),
        ("Dr. Priya Raman", False),
        ("钱教授", False),
        ("浦江言语解码队队长", False),
        ("Grace", False),
        ("", False),
    ],
)
def test_the_convention(name, conventional):
    assert is_conventional(name) is conventional


def test_an_invented_name_is_the_same_for_its_key_and_conventional():
    names = {person_name(f"bci-team-{n:02d}@example.com") for n in range(62)}
    assert person_name("a") == person_name("a") and all(is_conventional(name) for name in names)
    assert len(names) >= 55  # hardly any two captains share a name


def test_every_demo_person_follows_the_convention(demo, db):  # noqa: F811
    """Judges, team members and captains, organisations' members and contacts, investors: every account
    but the superuser's (a system account, "系统管理员"). A name in Latin letters is a person's from
    abroad, who reads the portal in English (a Chinese judge in pinyin only was one of the three styles)."""
    people = User.objects.exclude(email=demo_email("admin"))
    assert people.count() > 150
    odd = [(user.email, user.display_name) for user in people if not is_conventional(user.display_name)]
    assert not odd
    latin = people.exclude(first_name__regex=r"[\u4e00-\u9fff]")
    assert latin.exists() and not latin.exclude(preferred_language="en").exists()
