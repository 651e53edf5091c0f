"""Organization, unit and ROC year from the report's title line.

Titles read `經濟部標準檢驗局基隆分局110年度提升服務效能執行績效與成果`: the issuing body, the
branch, the year (also written `2021年度`, `一一〇年度` or `中華民國110年度`). The branch is
the trailing 分局/分署/辦事處… segment; the summary table's
`受考核單位：基隆分局` line stands in when the title does not name one.
"""

from __future__ import annotations

import itertools
from functools import cache

import regex

from pipeline.document import Document
from pipeline.grammar import alternation
from pipeline.numerals import NUMERAL_CHARS, chinese_number
from pipeline.results import Title
from pipeline.text import key
from pipeline.vocabulary import Vocabulary, default_vocabulary

_UNIT = regex.compile(
    r"^(?P<org>.+?[部局署院會處])(?P<unit>[^部局署院會]{1,8}(?:分局|分署|分處|辦事處|分院|分所|分會))$"
)
# The unit ends at its 分局/分署… suffix when it has one: the key has no spaces, so a label that
# follows on the same line (`受考核單位：高雄分局 考核年月：…`) would otherwise run into it.
# The year as titles write it: ROC (`110`), Gregorian (`2021`) or in Chinese numerals (`一一〇`,
# `一百一十`), after 中華民國 or 民國 where the title says it (not part of the organization).
_YEAR = rf"(?:中華民國|民國)?(?P<year>\d{{2,4}}|[{NUMERAL_CHARS}]{{2,5}})"
_BRANCH = regex.compile(r"[\p{Han}]{1,10}(?:分局|分署|分處|辦事處|分院|分所|分會)")
_BODY = regex.compile(r"[\p{Han}()]{1,30}[部局署院會處]")
#: The first year of the ROC calendar, in the Gregorian one (民國 1 = 1912).
_ROC_EPOCH = 1911
_UNIT_UNDER_REVIEW = r"(?P<unit>[\p{Han}]{1,10}(?:分局|分署|分處|辦事處|分院|分所|分會)|[\p{Han}]{2,12})"


@cache
def _patterns(vocab: Vocabulary) -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    """The title, year-first title and unit-under-review patterns in the rubric's words."""
    words, endings = alternation(vocab.title_words), alternation(vocab.title_endings)
    after_year = "|".join(p for p in (words, rf".{{0,10}}(?:{endings})" if endings else "") if p)
    title = regex.compile(rf"(?P<org>[\p{{Han}}()]{{2,40}}?){_YEAR}年度?(?:{after_year})")
    # Some offices put the year first: `110年度經濟部標準檢驗局基隆分局提升服務效能執行績效與成果`;
    # what follows the office's name is then the title's words or the start of its ending.
    starts = "|".join(p for p in (words, rf"執行(?:{endings})" if endings else "") if p)
    year_first = regex.compile(rf"^{_YEAR}年度?(?P<org>[\p{{Han}}()]{{2,40}}?[局署院會處部])(?:{starts})")
    labels = alternation(vocab.under_review_labels)
    under_review = regex.compile(rf"(?:{labels})(?:名稱)?[:：]{_UNIT_UNDER_REVIEW}")
    return title, year_first, under_review


def read_title(doc: Document, vocabulary: Vocabulary | None = None) -> Title:
    title, year_first, under_review = _patterns(vocabulary or default_vocabulary())
    texts = [p.text for p in doc.paragraphs]
    organization, unit, roc_year = "", "", None
    # A title wrapped over two paragraphs (the body's name, then `110年度提升服務效能…`) is
    # tried joined, but only when the second one starts with the year.
    candidates = [*texts, *(a + b for a, b in itertools.pairwise(texts) if key(b)[:1].isdigit())]
    for i, text in enumerate(candidates):
        m = title.search(key(text)) or year_first.search(key(text))
        if m:
            year = roc_year_of(m.group("year"))
            if year is None:
                continue
            organization, unit = split_unit(m.group("org"))
            # Wrapped after the body's name (`經濟部標準檢驗局` / `基隆分局110年度…`): the line
            # read names the branch alone, the one above it the body.
            if not unit and _BRANCH.fullmatch(organization) and 0 < i < len(texts):
                above = key(texts[i - 1])
                if _BODY.fullmatch(above):
                    organization, unit = above, organization
            roc_year = year
            break
    if not unit:
        for text in texts:
            m = under_review.search(key(text))
            if m:
                unit = m.group("unit")
                break
    return Title(organization=organization, unit=unit, roc_year=roc_year)


def roc_year_of(written: str) -> int | None:
    """The ROC year a title writes: `110`, `2021` (Gregorian), `一一〇` or `一百一十`."""
    year = int(written) if written.isdigit() else chinese_number(written)
    if year is not None and year > _ROC_EPOCH:
        year -= _ROC_EPOCH
    return year if year is not None and 1 <= year <= 200 else None


def split_unit(name: str) -> tuple[str, str]:
    """`經濟部標準檢驗局基隆分局` → (`經濟部標準檢驗局`, `基隆分局`); no branch → (name, "")."""
    m = _UNIT.match(name)
    if m:
        return m.group("org"), m.group("unit")
    return name, ""
