"""kg_time: normalise date expressions against the article's publication date.

``Doc._.kg_published`` (ISO date or None) is set by ``kg.extract`` before the pipeline runs.
Results go to ``Doc._.kg_time``: ``[{"start", "end", "text", "value"}]`` with char offsets;
``value`` is ISO (YYYY-MM-DD, YYYY-MM or YYYY) or None when it cannot be computed.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from .util import guarded

__all__ = ["TimeNormalizer", "make_time_normalizer", "normalize_date"]

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]
MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}
LEAD_WORDS = re.compile(r"^(on|in|at|by|since|from|during|until|earlier|later|late|early|the)\s+", re.I)
FUTURE_AUX = {"will", "shall", "'ll"}
# verbs whose "would" clause is a reported future ("said the city would ..."), not a conditional
REPORTING_VERBS = {"say", "tell", "announce", "promise", "pledge", "predict", "warn", "expect", "add", "confirm"}
FUTURE_VERBS = {"expect", "plan", "schedule", "due", "set", "aim", "intend", "prepare"}
# day counts told from the story's last date, not from publication ("the next morning", "two days later")
NARRATIVE = re.compile(r"^(?:the\s+)?(?:(?P<next>next|following)\s+(?:day|morning|evening|night|afternoon)|"
                       r"(?P<n>a|one|two|three|four|five|\d)\s+days?\s+later)$", re.I)
_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5} | {str(i): i for i in range(10)}
EXPLICIT = re.compile(r"^(?:(?P<d1>\d{1,2})\s+)?(?P<mon>[a-z]{3,9})\.?(?:\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?)?,?"
                      r"(?:\s+(?P<y>\d{4}))?$")


def normalize_date(text: str, published: str | None, future: bool = False) -> str | None:
    """ISO value of a date expression, relative to the publication date.

    text (str): the date phrase, e.g. "Wednesday", "in April", "last month", "May 31, 2023".
    published (str | None): the article's ISO date; relative phrases need it.
    future (bool): the phrase is about the future ("will meet on Friday"), so count forwards.
    RETURNS (str | None): YYYY-MM-DD, YYYY-MM or YYYY, or None.

    >>> normalize_date("Wednesday", "2023-06-05")
    '2023-05-31'
    >>> normalize_date("on Monday", "2023-06-05")
    '2023-06-05'
    >>> normalize_date("in April", "2023-06-05")
    '2023-04'
    >>> normalize_date("last month", "2023-01-10")
    '2022-12'
    >>> normalize_date("May 31, 2022", None)
    '2022-05-31'
    >>> normalize_date("next week", "2024-04-20")
    '2024-04-22/2024-04-28'
    """
    t = text.strip().lower().replace("’", "'")
    while LEAD_WORDS.match(t):
        t = LEAD_WORDS.sub("", t, count=1)
    if re.fullmatch(r"\d{4}", t):
        return t
    pub = _parse_iso(published)
    m = EXPLICIT.match(t)
    if m and (m.group("mon") in MONTHS or m.group("mon") in MONTH_ABBR):
        return _explicit(m, pub, future)
    if pub is None:
        return None
    return _relative(t, pub, future)


def _parse_iso(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _explicit(m: re.Match, pub: dt.date | None, future: bool) -> str | None:
    month = MONTH_ABBR[m.group("mon")[:3]]
    day = m.group("d1") or m.group("d2")
    year = int(m.group("y")) if m.group("y") else None
    if year is None:
        if pub is None:
            return None
        year = pub.year
        d = int(day) if day else 1
        if not future and (month, d) > (pub.month, pub.day):
            year -= 1  # a past-tense story's "in December" (told in June) is last December
        elif future and (month, int(day) if day else 31) < (pub.month, pub.day):
            year += 1
    if not day:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, int(day)).isoformat()
    except ValueError:
        return None


def _relative(t: str, pub: dt.date, future: bool) -> str | None:
    if t in WEEKDAYS:
        diff = WEEKDAYS.index(t) - pub.weekday()
        if future:
            return (pub + dt.timedelta(days=diff % 7)).isoformat()
        return (pub - dt.timedelta(days=(-diff) % 7)).isoformat()
    for word, delta in RELATIVE_DAYS.items():
        if t == word or t.startswith(word):
            return (pub + dt.timedelta(days=delta)).isoformat()
    m = re.fullmatch(r"(last|this|next|past) (month|year|week)", t)
    if m:
        return _shift(pub, m.group(1), m.group(2))
    if t.split()[0] in {"earlier", "later"}:
        return None
    return None


def _shift(pub: dt.date, which: str, unit: str) -> str | None:
    step = {"last": -1, "past": -1, "this": 0, "next": 1}[which]
    if unit == "year":
        return f"{pub.year + step:04d}"
    if unit == "month":
        idx = pub.year * 12 + pub.month - 1 + step
        return f"{idx // 12:04d}-{idx % 12 + 1:02d}"
    if unit == "week":  # a calendar week (Monday-Sunday) as an ISO interval, the gold's "A/B" form
        monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=step)
        return f"{monday.isoformat()}/{(monday + dt.timedelta(days=6)).isoformat()}"
    return None


@Language.factory("kg_time", requires=["doc.ents"], assigns=["doc._.kg_time"], default_config={})
def make_time_normalizer(nlp: Language, name: str) -> "TimeNormalizer":
    """Build the kg_time component."""
    return TimeNormalizer(nlp, name)


class TimeNormalizer:
    """Resolves DATE entities (and bare weekday/month names) to ISO values."""

    def __init__(self, nlp: Language, name: str = "kg_time") -> None:
        self.name = name
        for ext in ("kg_time", "kg_published"):
            if not Doc.has_extension(ext):
                Doc.set_extension(ext, default=None)

    def __call__(self, doc: Doc) -> Doc:
        """Normalise the dates of `doc`."""
        self.set_annotations(doc, guarded(self.name, self.find, doc, []))
        return doc

    def find(self, doc: Doc) -> list[dict[str, Any]]:
        """Date expressions with their ISO values.

        doc (Doc): a doc with `Doc._.kg_published` set (or None).
        RETURNS (list[dict]): {"start", "end", "text", "value"} per date expression.
        """
        out = []
        spans = [e for e in doc.ents if e.label_ == "DATE"]
        seen = {t.i for e in spans for t in e}
        spans += [doc[t.i:t.i + 1] for t in doc if t.i not in seen and t.lower_ in WEEKDAYS and t.text[0].isupper()]
        spans += [e for e in doc.ents if e.label_ == "TIME" and NARRATIVE.search(e.text)]  # "the next morning"
        for span in sorted(spans, key=lambda sp: sp.start_char):
            value = normalize_date(span.text, doc._.kg_published, _is_future(span))
            if value is None and NARRATIVE.search(span.text):
                value = _after_previous(doc, span, out)
            out.append({"start": span.start_char, "end": span.end_char, "text": span.text, "value": value})
        return sorted(out, key=lambda d: d["start"])

    def set_annotations(self, doc: Doc, found: list[dict[str, Any]]) -> None:
        """Store the dates on `Doc._.kg_time`."""
        doc._.kg_time = found


def _after_previous(doc: Doc, span: Span, found: list[dict[str, Any]]) -> str | None:
    """"the next morning", "two days later": a day count from the last full date of the previous two sentences.

    "X set out on July 10 ... His sister reported him missing the next morning" -> July 11.
    """
    m = NARRATIVE.search(span.text)
    days = 1 if m.group("next") else _COUNTS.get(m.group("n").lower(), 0) if m.group("n") else 0
    sents = list(doc.sents)
    k = next((i for i, s in enumerate(sents) if s.start <= span.start < s.end), 0)
    floor = sents[max(0, k - 2)].start_char
    prev = [d for d in found if floor <= d["start"] < span.start_char and d["value"] and
            re.fullmatch(r"\d{4}-\d\d-\d\d", d["value"])]
    if not prev or not days:
        return None
    return (dt.date.fromisoformat(prev[-1]["value"]) + dt.timedelta(days=days)).isoformat()


def _is_future(span: Span) -> bool:
    """The date's clause speaks of the future ("will meet ... on Friday")."""
    tok = span.root
    for _ in range(4):
        if tok.pos_ in {"VERB", "AUX"}:
            break
        tok = tok.head
    for verb in (tok, tok.head if tok.dep_ == "xcomp" else None):
        if verb is None:
            continue
        if verb.lemma_ in FUTURE_VERBS and verb is not tok:
            return True  # "is expected to report on Wednesday"
        if any(c.lower_ in FUTURE_AUX or (c.lemma_ == "go" and c.tag_ == "VBG") for c in verb.children):
            return True
        if verb.dep_ == "ccomp" and verb.head.lemma_ in REPORTING_VERBS and \
                any(c.lower_ == "would" for c in verb.children):
            return True  # "said it would open a tender in November": the future of the day it was said
    return False
