"""Read articles (.txt, .html, .jsonl, folders, stdin) into clean :class:`~kg.model.Article` objects.

Credit lines, bylines and datelines move from the text into ``Article.metadata``; a dateline
("NICE, France, March 3 (Reuters) -") gives ``metadata["dateline"] = {"place": "Nice", "country": "France"}``
(country None when it names none; an abbreviated US state such as "Ore." goes to ``region``), ``dateline_place``, ``reporting_location`` and ``publisher``;
web boilerplate is dropped. ``Article.text`` is exactly the text extraction sees,
so every character offset downstream points into it.
"""
from __future__ import annotations

import json
import logging
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any, Iterable, TextIO

from .errors import Errors, InputError
from .model import Article

__all__ = ["read_articles", "clean_text", "parse_published", "SUFFIXES"]

SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
log = logging.getLogger("kg")

_MONTHS = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
# "WASHINGTON, June 5 (Reuters) -", "SAN FRANCISCO/BEIJING (AP) —", "(Reuters) -": place in capitals,
# optional date, the wire's name in parentheses, then a dash. Only the opening of the first paragraph.
_DATELINE = re.compile(
    r"^(?:(?P<place>[A-Z][A-Z.'’/ -]*[A-Z.])(?:,\s*(?P<country>[A-Z][a-z]+\.?(?:\s[A-Z][a-z]+)?))?,?\s+)?"
    r"(?:(?P<date>" + _MONTHS + r"\s+\d{1,2}(?:,?\s+(?P<year>\d{4}))?)\s*)?"
    r"\((?P<pub>[A-Z][\w.&'’ -]{0,40}?)\)\s*[-–—]+\s*")
# Credit roles: which metadata list each one feeds.
_ROLES = {"reporting": "authors", "additional reporting": "authors", "writing": "authors",
          "written": "authors", "reported": "authors", "compiled": "authors", "editing": "editors",
          "edited": "editors"}
_ROLE_RE = r"(?:additional reporting|reporting|writing|written|reported|compiled|editing|edited)"
_CREDIT_PART = re.compile(r"^\s*(?P<role>" + _ROLE_RE + r")\s+by\s+(?P<names>.+?)\s*$", re.I)
# A whole line of credits, or credits in parentheses closing the last paragraph.
_CREDIT_LINE = re.compile(r"^\(?\s*" + _ROLE_RE + r"\s+by\s+[^()]+\)?\s*\.?$", re.I)
_CREDIT_TAIL = re.compile(r"\s*\(\s*" + _ROLE_RE + r"\s+by\s+[^()]+\)\s*$", re.I)
_BYLINE = re.compile(r"^By\s+(?P<names>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+)+(?:\s*(?:,|and)\s*[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+)+)*)$")
# A staff title after the names ("By JANE ROE, AP Sports Writer", "By Jane Roe Associated Press"), or on the
# line below the byline: not part of anyone's name.
_STAFF_TITLE = re.compile(
    r"(?:^|,?\s+)(?:(?:The\s+)?Associated\s+Press|AP|Reuters|AFP|Bloomberg)?\s*"
    r"(?:(?:Chief|Senior|Staff|Sports|Business|Political|Medical|Science|Technology|Entertainment|Economics|"
    r"Diplomatic|Legal|White\s+House|National|Foreign)\s+)*(?:Writer|Correspondent|Reporter|Editor)s?$"
    r"|(?:^|,?\s+)(?:The\s+)?Associated\s+Press$")
# Newsrooms name themselves when they fail to reach someone: "Reuters was not immediately able to reach ...".
_SELF_REF = re.compile(
    r"\b(?P<pub>[A-Z][\w&.]*(?:\s+[A-Z][\w&.]*){0,2})\s+(?:was|were|is|has)\s+(?:not|unable)\s+"
    r"(?:immediately\s+|independently\s+|yet\s+)?(?:able\s+to\s+|been\s+able\s+to\s+)?"
    r"(?:reach|verify|confirm|contact)")
_NOT_PUBLISHERS = {"he", "she", "it", "they", "we", "the", "this", "that", "officials", "police"}
# Lines that are site furniture, not news: sign-up and cookie banners, share buttons, promos.
# Phrased the way sites address readers ("your inbox", "our newsletter") so news prose about
# cookies or treaties that countries "signed up to" is kept.
_PROMO = re.compile(
    r"^(?:advertisement|sponsored(?: content)?|related(?: \w+)?:?|read more\b.*|share(?: (?:this|on|via|article|story)\b.*)?|"
    r"follow us\b.*|click here\b.*|ok(?:ay)?[,!.]? thanks?[!.]*|thanks?(?: you)?[!.]*|got it[!.]*|"
    r"accept(?: all)?(?: cookies)?|skip to (?:main )?content|back to top|sign up\b.*|subscribe\b.*|"
    r"register (?:now|today|for free)\b.*|download (?:our|the) app\b.*)$"
    r"|\b(?:(?:our|daily|weekly|free|email) newsletters?\b|sign(?:ing)? up (?:for|to) (?:our|the)\b|"
    r"subscrib(?:e|ing) (?:to|for) (?:our|the)\b|(?:we|this (?:site|website)) uses? cookies|"
    r"cookie (?:policy|settings|preferences|consent)|privacy (?:policy|notice)|"
    r"terms (?:of|and) (?:use|service|conditions)|all rights reserved|opens new tab|trust principles|"
    r"thanks? (?:you )?for (?:signing|subscribing|reading|registering)|heading your way|"
    r"(?:to|in) your inbox|download (?:our|the) app)", re.I)
# AP style: "Associated Press writers Jane Doe in Paris and John Roe contributed to this report."
_CONTRIBUTED = re.compile(r"^(?P<pub>[A-Z][\w.&' ]+?)\s+(?:staff\s+)?(?:writers?|reporters?|correspondents?)\s+"
                          r"(?P<names>[A-Z].+?)\s+contributed(?:\s+to\s+this\s+(?:report|story))?\.?$")
_TERMINAL = tuple(".!?:;\"'”’)…")
_SHORT = 7          # words: a shorter line with no closing punctuation is a heading or a button
_PROMO_MAX = 25     # words: longer lines are prose even if they mention a newsletter
_TAIL_MAX = 80      # words after a credit line that are still treated as promo, not article


def read_articles(paths: Iterable[str], published: str | None = None,
                  stdin: TextIO | None = None) -> list[Article]:
    """Read every article in ``paths`` (files, folders, or "-" for stdin).

    Parameters
    ----------
    paths : files (.txt .html .htm .jsonl), folders (read recursively, sorted) or "-".
    published : "YYYY-MM-DD" that overrides every article's date.
    stdin : stream read for "-" (default ``sys.stdin``); JSON Lines or plain text, sniffed.

    Returns
    -------
    list of Article, in input order.

    Raises
    ------
    InputError
        Missing, empty, binary, non-UTF-8 or malformed input; folders with no articles.
    """
    override = parse_published(published) if published is not None else None
    articles: list[Article] = []
    for p in paths:
        articles.extend(_read_one(str(p), stdin))
    if override:
        for a in articles:
            a.published = override
    return articles


def parse_published(value: str) -> str:
    """Validate a ``--published`` date.

    >>> parse_published("2023-06-05")
    '2023-06-05'
    """
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value or ""):
        raise InputError(Errors.E007.format(value=value))
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise InputError(Errors.E007.format(value=value)) from None


def clean_text(raw: str) -> tuple[str, dict[str, Any]]:
    """Split ``raw`` article text into clean text and the metadata taken out of it.

    >>> text, meta = clean_text("LONDON, May 2, 2023 (Reuters) - Rain fell.\\n(Reporting by Ann Lee; Editing by Bo Chan)")
    >>> text, meta["authors"], meta["editors"], meta["publisher"], meta["date"]
    ('Rain fell.', ['Ann Lee'], ['Bo Chan'], 'Reuters', '2023-05-02')
    """
    meta: dict[str, Any] = {}
    lines = _units(raw)
    title = _take_title(lines)
    if title:
        meta["title"] = title
    lines = _take_credits(lines, meta)
    if lines:
        lines[0] = _take_dateline(lines[0], meta)
    kept = [ln for ln in lines if ln and not _is_furniture(ln)]
    if not kept:  # a one-line note with no full stop is still the user's article
        kept = [ln for ln in lines if ln and not _PROMO.search(ln)]
    text = "\n".join(kept)
    if "publisher" not in meta and meta.get("_credit_style") == "wire":
        pub = _self_reference(text)
        if pub:
            meta["publisher"] = pub
    meta.pop("_credit_style", None)
    return text, meta


# -- reading ---------------------------------------------------------------------------------------

def _read_one(path: str, stdin: TextIO | None) -> list[Article]:
    if path == "-":
        return _read_stdin(stdin)
    p = Path(path)
    if p.is_dir():
        return _read_folder(p)
    if not p.exists():
        raise InputError(Errors.E001.format(path=path))
    return _read_file(p)


def _read_folder(folder: Path) -> list[Article]:
    files = sorted(f for f in folder.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES
                   and not any(part.startswith(".") for part in f.relative_to(folder).parts))
    articles: list[Article] = []
    for f in files:
        try:
            articles.extend(_read_file(f))
        except InputError as e:  # one bad file in a corpus is skipped, not fatal
            log.warning("skipping %s", e)
    if not articles:
        raise InputError(Errors.E008.format(path=folder))
    return articles


def _read_file(p: Path) -> list[Article]:
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(Errors.E009.format(path=p, detail=e.strerror or e)) from None
    text = _decode(data, str(p))
    suffix = p.suffix.lower()
    if suffix == ".jsonl":
        return _from_jsonl(text, str(p))
    if suffix in (".html", ".htm"):
        return [_from_html(text, str(p))]
    return [_from_text(text, str(p))]


def _read_stdin(stdin: TextIO | None) -> list[Article]:
    if stdin is None and hasattr(sys.stdin, "buffer"):
        text = _decode(sys.stdin.buffer.read(), "<stdin>")
    else:
        text = (stdin or sys.stdin).read()
        if not text.strip():
            raise InputError(Errors.E002.format(path="<stdin>"))
    first = text.lstrip()[:1]
    if first == "{":
        try:  # sniff: a first line that parses as a JSON object means JSON Lines
            if isinstance(json.loads(text.lstrip().splitlines()[0]), dict):
                return _from_jsonl(text, "-")
        except ValueError:
            pass
    if first == "<" and re.search(r"<(?:html|body|p|article)\b", text[:2000], re.I):
        return [_from_html(text, "-")]
    return [_from_text(text, "-")]


def _decode(data: bytes, path: str) -> str:
    if not data.strip():
        raise InputError(Errors.E002.format(path=path))
    head = data[:8192]
    controls = sum(b < 9 or 13 < b < 32 for b in head)
    if b"\x00" in head or controls > len(head) * 0.05:
        raise InputError(Errors.E003.format(path=path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        high = sum(b > 127 for b in head)
        if high > len(head) * 0.3:  # mostly undecodable bytes: binary, not a mis-encoded article
            raise InputError(Errors.E003.format(path=path)) from None
        raise InputError(Errors.E004.format(path=path, pos=e.start)) from None
    return text


def _from_text(raw: str, source: str, title: str | None = None, published: str | None = None,
               extra: dict[str, Any] | None = None) -> Article:
    text, meta = clean_text(raw)
    if not text.strip():
        raise InputError(Errors.E002.format(path=source))
    meta_title = meta.pop("title", None)
    dateline_date = meta.pop("date", None)
    for key, value in (extra or {}).items():
        _merge(meta, key, value)
    return Article(text=text, source=source, title=title or meta_title,
                   published=published or dateline_date, metadata=meta)


def _from_html(html: str, source: str) -> Article:
    import trafilatura  # lazy: only HTML needs it

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is None or not (doc.text or "").strip():
        raise InputError(Errors.E011.format(path=source))
    text = doc.text
    first, _, rest = text.partition("\n")
    if doc.title and first.strip() == doc.title.strip():  # the headline is metadata, not a sentence
        text = rest
    extra: dict[str, Any] = {}
    if doc.author:
        extra["authors"] = [a.strip() for a in re.split(r";|,|\band\b", doc.author) if a.strip()]
    if doc.sitename:
        extra["site"] = doc.sitename
    if doc.url:
        extra["url"] = doc.url
    art = _from_text(text, source, title=doc.title, published=_iso_date(doc.date), extra=extra)
    if doc.sitename:  # a wire's own dateline or credit outranks the site that republished it
        art.metadata.setdefault("publisher", doc.sitename)
    return art


def _from_jsonl(text: str, source: str) -> list[Article]:
    articles = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as e:
            raise InputError(Errors.E005.format(path=source, line=n, detail=str(e).split(":")[0])) from None
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj["text"].strip():
            detail = "no \"text\" string" if isinstance(obj, dict) else f"got {type(obj).__name__}"
            raise InputError(Errors.E005.format(path=source, line=n, detail=detail))
        extra = {k: obj[k] for k in ("authors", "editors", "publisher", "url") if obj.get(k)}
        if obj.get("author") and "authors" not in extra:
            extra["authors"] = [obj["author"]]
        articles.append(_from_text(obj["text"], f"{source}:{n}", title=obj.get("title"),
                                   published=_iso_date(obj.get("published")), extra=extra))
    if not articles:
        raise InputError(Errors.E002.format(path=source))
    return articles


def _iso_date(value: Any) -> str | None:
    """ISO date from metadata ("2023-06-05", "2023-06-05T10:00:00Z"); None when unusable."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        return None


# -- cleaning --------------------------------------------------------------------------------------

def _units(raw: str) -> list[str]:
    """Paragraph lines; hard-wrapped paragraphs (blank-line separated) are joined back."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    out: list[str] = []
    for block in re.split(r"\n\s*\n", raw):
        lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
        # A hard wrap breaks mid-sentence: the line runs on and the next one starts in lower case.
        runs_on = sum(not a.endswith(_TERMINAL) and b[:1].islower() for a, b in zip(lines, lines[1:]))
        wrapped = len(lines) > 1 and runs_on * 2 >= len(lines) - 1
        if wrapped and not any(_CREDIT_LINE.match(ln) or _PROMO.search(ln) for ln in lines):
            out.append(" ".join(lines))
        else:
            out.extend(lines)
    return out


def _take_title(lines: list[str]) -> str | None:
    """A short first line without closing punctuation, followed by more text, is the headline."""
    if len(lines) > 1 and len(lines[0].split()) <= 20 and not lines[0].endswith(_TERMINAL) \
            and not _PROMO.search(lines[0]) and not _BYLINE.match(lines[0]) and not _DATELINE.match(lines[0]):
        return lines.pop(0)
    return None


def _take_credits(lines: list[str], meta: dict[str, Any]) -> list[str]:
    """Move credit lines and bylines to ``meta``; drop short promo text after the last credit line."""
    kept: list[str] = []
    last_credit = None
    after_byline = False
    for line in lines:
        tail = _CREDIT_TAIL.search(line)
        if _CREDIT_LINE.match(line) and _parse_credits(line, meta):
            last_credit = len(kept)
            continue
        if tail and _parse_credits(tail.group(0), meta):
            kept.append(line[:tail.start()].rstrip())
            last_credit = len(kept)
            continue
        contrib = _CONTRIBUTED.match(line)
        if contrib:
            _parse_credits(f"Additional reporting by {contrib.group('names')}", meta)
            meta.setdefault("publisher", contrib.group("pub"))
            last_credit = len(kept)
            continue
        by = _BYLINE.match(_STAFF_TITLE.sub("", line))
        if by:
            for name in re.split(r"\s*,\s*|\s+and\s+", by.group("names")):
                _merge(meta, "authors", [_name_case(name)])
            after_byline = True
            continue
        if after_byline and _STAFF_TITLE.fullmatch(line.strip()):
            continue  # "AP Sports Writer" on the line under the byline
        after_byline = False
        kept.append(line)
    if last_credit is not None:
        tail_lines = kept[last_credit:]
        words = sum(len(ln.split()) for ln in tail_lines)
        if words <= _TAIL_MAX or sum(bool(_PROMO.search(ln)) for ln in tail_lines) * 2 >= len(tail_lines):
            kept = kept[:last_credit]
    return kept


def _name_case(name: str) -> str:
    """Wire bylines shout names ("DANA WHITFIELD"); store them as written elsewhere.

    >>> _name_case("JEAN-PAUL O'NEIL"), _name_case("Jane McRoe")
    ("Jean-Paul O'Neil", 'Jane McRoe')
    """
    if not name.isupper():
        return name
    return re.sub(r"[A-Za-z]+", lambda m: m.group(0).capitalize(), name)


def _parse_credits(line: str, meta: dict[str, Any]) -> bool:
    """Parse "(Reporting by A in X; Editing by B and C)" into ``meta``; False if it is not one."""
    body = line.strip().rstrip(".").strip()
    wire = body.startswith("(") and body.endswith(")")
    parts = [m for m in (_CREDIT_PART.match(p) for p in body.strip("()").split(";")) if m]
    if not parts:
        return False
    for m in parts:
        key = _ROLES[m.group("role").lower()]
        for chunk in re.split(r"\s*,\s*|\s+and\s+|\s*&\s*", m.group("names")):
            name, _, place = chunk.partition(" in ")
            name = name.strip(" .")
            if not name:
                continue
            _merge(meta, key, [name])
            if place.strip() and key == "authors":
                meta.setdefault("reporting_location", place.strip(" ."))
    if wire:  # parenthesised credits at the foot are wire-agency style
        meta["_credit_style"] = "wire"
    return True


def _take_dateline(first: str, meta: dict[str, Any]) -> str:
    m = _DATELINE.match(first)
    if not m:
        return first
    meta["publisher"] = m.group("pub").strip()
    if m.group("place"):
        place = m.group("place").split("/")[0].strip().title()
        meta["dateline_place"] = place
        meta.setdefault("reporting_location", place)
        meta["dateline"] = _dateline_parts(place, m.group("country"))
    if m.group("year"):  # "June 5" alone is not a date: the year is unknown
        try:
            from dateutil import parser as dparser
            meta["date"] = dparser.parse(m.group("date")).date().isoformat()
        except (ValueError, OverflowError):
            pass
    return first[m.end():]


def _dateline_parts(place: str, second: str | None) -> dict[str, str | None]:
    """{"place", "country", "region"}: "NICE, France" names a country, AP's "PORTLAND, Ore." a US state."""
    second = (second or "").strip() or None
    if second and second.endswith("."):  # an abbreviated state or province
        return {"place": place, "country": None, "region": second}
    return {"place": place, "country": second, "region": None}


def _is_furniture(line: str) -> bool:
    words = len(line.split())
    if words <= _PROMO_MAX and _PROMO.search(line):
        return True
    return words < _SHORT and not line.endswith(_TERMINAL)


def _self_reference(text: str) -> str | None:
    for m in _SELF_REF.finditer(text):
        pub = m.group("pub")
        if pub.split()[0].lower() not in _NOT_PUBLISHERS:
            return pub
    return None


def _merge(meta: dict[str, Any], key: str, value: Any) -> None:
    """Add list values without duplicates; scalars only fill an empty slot."""
    if isinstance(value, str) and key in ("authors", "editors"):
        value = [value]
    if isinstance(value, list):
        items = meta.setdefault(key, [])
        items.extend(v for v in value if v not in items)
    else:
        meta.setdefault(key, value)
