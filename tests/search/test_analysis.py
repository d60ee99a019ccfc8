"""The shared analyser: CJK bigrams, whole English words with light stemming, synonyms, hostile input."""

import pytest

from search.analysis import MAX_QUERY_CHARS, MAX_QUERY_TOKENS, analyse, parse_query, stem, synonym_groups, words_begun


def test_cjk_runs_become_overlapping_bigrams_and_single_characters_unigrams():
    assert analyse("外骨骼") == ["外骨", "骨骼"]
    assert analyse("脑 康复") == ["脑", "康复"]
    # A short query is a bigram of the longer run: it is found inside it.
    assert set(analyse("外骨")) <= set(analyse("下肢外骨骼康复机器人"))


def test_latin_words_are_whole_lowercased_and_lightly_stemmed():
    assert analyse("Signals BCI Interfaces") == ["signal", "bci", "interface"]
    # ALS is a word of its own: it never matches inside "signals".
    assert analyse("ALS")[0] not in analyse("physiological signals")


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [
        ("signals", "signal"),
        ("prosthetics", "prosthetic"),
        ("therapies", "therapy"),
        ("class", "class"),
        ("status", "status"),
        ("bci", "bci"),
        ("shoes", "shoes"),
        ("boxes", "boxe"),
        ("toes", "toes"),
    ],
)
def test_minimal_english_stemmer(word, stemmed):
    assert stem(word) == stemmed


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("signals", {"signal"}),
        ("therapi", {"therapi", "therapy"}),
        ("therapie", {"therapie", "therapy"}),
        ("therapies", {"therapy"}),
        ("ai", {"ai"}),  # too short to be the start of a "-ies" plural
        ("plai", {"plai"}),  # "-aies" is not a "-y" plural ("stem" keeps "plaies")
    ],
)
def test_words_a_prefix_may_be_spelling(typed, words):
    """Each word is indexed as ``stem`` makes it: what the visitor has typed so far, looked up whole."""
    assert words_begun(typed) == words
    for word in words - {typed}:
        assert any(stem(typed + rest) == word for rest in ("", "s", "es"))


def test_full_width_and_case_are_folded():
    assert analyse("ＢＣＩ") == analyse("bci")


def test_synonyms_file_groups_are_loaded():
    groups = synonym_groups()
    assert any(("bci",) in group and ("脑机", "机接", "接口") in group for group in groups)


def test_a_synonym_becomes_one_clause_of_alternatives():
    parsed = parse_query("BCI")
    assert len(parsed.clauses) == 1
    assert ("脑机", "机接", "接口") in parsed.clauses[0]
    assert ("brain", "computer", "interface") in parsed.clauses[0]


def test_the_bigram_across_a_synonym_edge_is_dropped():
    parsed = parse_query("脑机接口康复")
    flat = {tok for clause in parsed.clauses for alt in clause for tok in alt}
    assert "口康" not in flat
    assert [("康复",)] in parsed.clauses


@pytest.mark.parametrize(
    ("raw", "stroke", "literal"),
    [
        ("中风险", False, ["中风", "风险"]),  # medium risk: 中 + 风险, not stroke
        ("中风险等级", True, ["险等", "等级"]),  # no lone character: the synonym applies
        ("中风患者", True, ["患者"]),
        ("预防中风", True, ["预防"]),
        ("脑卒中风险", True, ["风险"]),
        ("患中风", False, ["患中", "中风"]),  # a lone character before: as written
    ],
)
def test_a_synonym_leaving_a_lone_character_in_its_run_is_searched_as_written(raw, stroke, literal):
    parsed = parse_query(raw)
    expanded = [clause for clause in parsed.clauses if ("stroke",) in clause]
    assert bool(expanded) is stroke
    singles = [clause[0][0] for clause in parsed.clauses if len(clause) == 1]
    assert singles == literal


@pytest.mark.parametrize(
    "raw",
    [
        '"',
        '"unbalanced',
        "AND (",
        "*",
        "a* OR b~2",
        "(?:.*)+$",
        "\x00\x01\x1f",
        "x" * 10_000,
        "脑" * 10_000,
        "'; DROP TABLE search_searchdocument; --",
        "\\",
        "[]{}^~:/",
    ],
)
def test_hostile_queries_are_reduced_to_bounded_tokens(raw):
    parsed = parse_query(raw)
    assert len(parsed.text) <= MAX_QUERY_CHARS
    assert len(parsed.clauses) <= MAX_QUERY_TOKENS
    for clause in parsed.clauses:
        for alternative in clause:
            for token in alternative:
                assert token and "\x00" not in token and len(token) <= 40
                assert not set(token) & set('"()*\\[]{}^~:/')


def test_long_queries_are_flagged_as_truncated():
    assert parse_query("x " * 200).truncated
    assert not parse_query("脑机接口").truncated
