"""Text analysis shared by both search engines.

The same analysis runs when a document is indexed and when a query is parsed, in the
database engine and (as Elasticsearch's own analyser chain, which this module mirrors:
``standard`` tokenizer + ``cjk_width`` + ``lowercase`` + ``cjk_bigram`` +
``minimal_english`` stemmer) in the Elasticsearch engine, so both find the same documents:

* Chinese (and other CJK) runs become overlapping character bigrams; a run of one
  character stays a unigram. 外骨 (外骨) therefore finds 外骨骼 (外骨, 骨骼), and a
  two-character query such as 康复 matches inside any longer run.
* Latin text becomes lowercased whole words with light English stemming (plural ``s``),
  so "ALS" (als) never matches "signals" (signal).
* Synonyms (``search/synonyms.txt``) are expanded at query time only: a query becomes a
  list of clauses that must all match, each clause a list of alternatives (token lists
  that must all be present).
* English stop words ("and", "the", ``STOP_WORDS``) are dropped from a query (not from the
  index, so both engines keep the same tokens): "AND (" does not match every document that
  says "and". A query of stop words only searches for nothing and the visitor is told.
* Normalisation is for matching only: ``display_tokens`` gives the tokens of a text with
  their offsets in the text *as written*, so a snippet shows "：" and "（" as they are.

Hostile input never reaches an engine: a query is reduced to tokens, capped in length.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

#: Characters of a query that are analysed; the rest is dropped (and the visitor told).
MAX_QUERY_CHARS = 200
#: Tokens of a query that are used.
MAX_QUERY_TOKENS = 24
#: Longest token kept (a 10,000-letter "word" is not a word).
MAX_TOKEN_CHARS = 40

SYNONYMS_FILE = Path(__file__).with_name("synonyms.txt")

#: Lucene's English stop words (Elasticsearch's ``_english_``), dropped from queries.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "if",
        "in",
        "into",
        "is",
        "it",
        "no",
        "not",
        "of",
        "on",
        "or",
        "such",
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "will",
        "with",
    ]
)

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
# UAX #29 (Lucene's standard tokenizer) in short: letters and digits, joined by . ' ’ :
# when letters or digits stand on both sides; CJK ideographs one by one.
_TOKEN_RE = re.compile(rf"([{_CJK}]+)|([^\W{_CJK}]+(?:[.'’:][^\W{_CJK}]+)*)")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    cjk: bool


def normalise(text: str) -> str:
    """NFKC (full-width Latin → ASCII, as ``cjk_width``), no control characters, lowercase."""
    text = unicodedata.normalize("NFKC", text or "")
    if not text.isprintable():  # printable: no character of a control ("C") category, nothing to replace
        text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    return text.lower()


@lru_cache(maxsize=4096)
def _normalised_piece(piece: str) -> str:
    """``normalise`` of one character with its combining marks: a snippet's text repeats the same few hundred."""
    return normalise(piece)


def stem(word: str) -> str:
    """Lucene's ``EnglishMinimalStemmer`` (Elasticsearch's ``minimal_english``): plurals only."""
    n = len(word)
    if n < 3 or word[-1] != "s":
        return word
    before = word[-2]
    if before in "us":
        return word
    if before == "e":
        if n > 3 and word[-3] == "i" and word[-4] not in "ae":
            return word[:-3] + "y"
        if word[-3] in "iaoe":
            return word
    return word[:-1]


def words_begun(prefix: str) -> set[str]:
    """The whole indexed words a visitor typing ``prefix`` may be spelling, besides those the
    prefix begins (autocomplete): the index holds ``stem``'s forms, so "signals" is looked up
    as "signal", and an unfinished "-ies" plural ("studi", "studie") as the "-y" word it is
    indexed as ("study")."""
    words = {stem(prefix)}
    for ending in ("i", "ie"):
        base = prefix[: -len(ending)]
        # ``stem``'s rule for "-ies": not after "a" or "e" ("aies", "eies" are not "-y" plurals).
        if prefix.endswith(ending) and len(base) > 1 and base[-1] not in "ae":
            words.add(base + "y")
    return words


def tokens(text: str) -> list[Token]:
    """The index tokens of ``text``, with their offsets in the normalised text."""
    return _tokens_of_normalised(normalise(text))


def _tokens_of_normalised(text: str) -> list[Token]:
    out: list[Token] = []
    for match in _TOKEN_RE.finditer(text):
        cjk_run, word = match.group(1), match.group(2)
        if cjk_run:
            start = match.start()
            if len(cjk_run) == 1:
                out.append(Token(cjk_run, start, start + 1, True))
            for i in range(len(cjk_run) - 1):
                out.append(Token(cjk_run[i : i + 2], start + i, start + i + 2, True))
        else:
            word = word.replace("’", "'")
            if len(word) > MAX_TOKEN_CHARS:
                continue
            out.append(Token(stem(word), match.start(), match.end(), False))
    return out


def display_tokens(text: str) -> list[Token] | None:
    """The tokens of ``text`` with offsets in ``text`` itself (not in its normalised form).

    Each starter character with its combining marks is normalised on its own and the offsets
    mapped back, so full-width "：" or "ＢＣＩ" keep their width on screen while matching as
    ":" and "bci". ``None`` when normalising piecewise differs from normalising the whole text
    (rare compositions): the caller then shows the text without marks.
    """
    text = text or ""
    if not any(map(unicodedata.combining, text)):
        pieces = [_normalised_piece(ch) for ch in text]
        if all(len(piece) == 1 for piece in pieces):  # one character each: the offsets are the text's own
            normalised = "".join(pieces)
            return _tokens_of_normalised(normalised) if normalised == normalise(text) else None
    pieces: list[str] = []
    starts: list[int] = []  # original start of the piece each normalised character comes from
    ends: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        piece = _normalised_piece(text[i:j])
        pieces.append(piece)
        starts += [i] * len(piece)
        ends += [j] * len(piece)
        i = j
    normalised = "".join(pieces)
    if normalised != normalise(text):
        return None
    return [Token(tok.text, starts[tok.start], ends[tok.end - 1], tok.cjk) for tok in _tokens_of_normalised(normalised)]


def analyse(text: str) -> list[str]:
    """Token strings of ``text`` (what both engines index)."""
    return [token.text for token in tokens(text)]


# --- Synonyms ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def synonym_groups() -> tuple[tuple[tuple[str, ...], ...], ...]:
    """Each group: the token sequences of its terms (``脑机接口`` → (脑机, 机接, 接口))."""
    groups = []
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or "=>" in line:
            continue
        terms = [tuple(analyse(term)) for term in line.split(",")]
        terms = [term for term in terms if term]
        if len(terms) > 1:
            groups.append(tuple(dict.fromkeys(terms)))
    return tuple(groups)


@lru_cache(maxsize=1)
def _synonym_index() -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    index: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
    for group in synonym_groups():
        for term in group:
            index[term] = group
    return index


# --- Queries ------------------------------------------------------------------------------


@dataclass
class ParsedQuery:
    """A query reduced to tokens: every clause must match, any one alternative of a clause will do."""

    text: str
    clauses: list[list[tuple[str, ...]]] = field(default_factory=list)
    truncated: bool = False

    def __bool__(self) -> bool:
        return bool(self.clauses)

    @property
    def all_tokens(self) -> list[str]:
        return list(dict.fromkeys(tok for clause in self.clauses for alt in clause for tok in alt))

    @property
    def latin_words(self) -> list[str]:
        """The query's own Latin tokens, stop words left out (candidates for "did you mean")."""
        return [tok.text for tok in tokens(self.text) if not tok.cjk and tok.text not in STOP_WORDS]

    @property
    def lone_characters(self) -> list[str]:
        """The query's Chinese characters that stand alone (脑 in "脑", or in "脑 BCI"): an index of
        bigrams finds them only where they stand alone in a text too, so the visitor is told why."""
        return [tok.text for tok in tokens(self.text) if tok.cjk and len(tok.text) == 1]

    @property
    def only_stop_words(self) -> bool:
        """The visitor typed words, but only words such as "and" or "the" (ignored)."""
        return not self.clauses and any(not tok.cjk for tok in tokens(self.text))


def parse_query(raw: str) -> ParsedQuery:
    """Analyse a visitor's query into clauses; synonyms become alternatives of one clause.

    A synonym is found on the token sequence (longest first). Inside a CJK run the bigram
    that straddles a synonym's edge (口康 in 脑机接口康复) is dropped, so "BCI 康复" still
    matches 脑机接口康复. Without a dictionary the run is not segmented into words, so a
    synonym that would leave a single character of its run on either side is taken for a
    piece of another word and the run is searched as written: 中风险 ("medium risk") is
    中 + 风险, not 中风 ("stroke") + 险.
    """
    raw = raw or ""
    truncated = len(raw) > MAX_QUERY_CHARS
    text = raw[:MAX_QUERY_CHARS]
    toks = tokens(text)
    index = _synonym_index()
    longest = max((len(term) for term in index), default=1)
    clauses: list[list[tuple[str, ...]]] = []
    covered: list[tuple[int, int]] = []  # character spans replaced by a synonym group
    i = 0
    pending: list[Token] = []
    while i < len(toks):
        found = None
        for size in range(min(longest, len(toks) - i), 0, -1):
            window = toks[i : i + size]
            key = tuple(tok.text for tok in window)
            if key in index and _contiguous(window) and not _leaves_one_character(toks, i, size):
                found = (size, index[key], window)
                break
        if found:
            size, group, window = found
            clauses.append([tuple(term) for term in group])
            covered.append((window[0].start, window[-1].end))
            i += size
        else:
            pending.append(toks[i])
            i += 1
    for tok in pending:
        if any(tok.start < end and tok.end > start for start, end in covered):
            continue  # a bigram half inside a synonym
        if not tok.cjk and tok.text in STOP_WORDS:
            continue
        clauses.append([(tok.text,)])
    clauses = _dedupe(clauses)[:MAX_QUERY_TOKENS]
    return ParsedQuery(text=text, clauses=clauses, truncated=truncated)


def _leaves_one_character(toks: list[Token], i: int, size: int) -> bool:
    """Whether ``toks[i:i+size]`` (a CJK term) sits in its run with one lone character beside it."""
    window = toks[i : i + size]
    if not window[0].cjk:
        return False
    first = i
    while first > 0 and toks[first - 1].cjk and toks[first - 1].end > toks[first].start:
        first -= 1  # CJK bigrams of one run overlap by a character
    last = i + size - 1
    while last + 1 < len(toks) and toks[last + 1].cjk and toks[last + 1].start < toks[last].end:
        last += 1
    before = window[0].start - toks[first].start
    after = toks[last].end - window[-1].end
    return 1 in (before, after)


def _contiguous(window: list[Token]) -> bool:
    """Tokens of one term: CJK bigrams overlap by one character, words follow each other."""
    return all(b.start <= a.end + 1 for a, b in itertools.pairwise(window))


def _dedupe(clauses):
    seen, out = set(), []
    for clause in clauses:
        key = tuple(clause)
        if key not in seen:
            seen.add(key)
            out.append(clause)
    return out


def prefix_query(raw: str) -> tuple[ParsedQuery, str]:
    """For autocomplete: the query without its last unfinished Latin word, and that word."""
    text = (raw or "")[:MAX_QUERY_CHARS]
    toks = tokens(text)
    if toks and not toks[-1].cjk and normalise(text).rstrip() == normalise(text):
        last = toks[-1]
        head = normalise(text)[: last.start]
        return parse_query(head), normalise(text)[last.start : last.end]
    return parse_query(text), ""
