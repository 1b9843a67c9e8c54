"""kg.ingest: every input kind, credit lines, datelines, boilerplate, stdin. No model needed."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import clean_text, read_articles

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "musk-china-ai.txt"

WIRE = """WASHINGTON, June 5, 2023 (Reuters) - The senator met the minister on Monday.
The two discussed trade and security in a meeting that lasted two hours.
(Reporting by Jane Roe and Max Mustermann in Washington; Additional reporting by Li Wei; Writing by Ann Lee; Editing by Bo Chan and Cy Young)
Sign up for our daily newsletter.
Okay, Thanks!
"""


def write(tmp_path, name, content):
    p = tmp_path / name
    p.write_bytes(content) if isinstance(content, bytes) else p.write_text(content, encoding="utf-8")
    return str(p)


def test_example_credit_line_goes_to_metadata():
    (art,) = read_articles([str(EXAMPLE)], published="2023-06-05")
    assert art.published == "2023-06-05"
    assert art.metadata["authors"] == ["Kanishka Singh"]
    assert art.metadata["editors"] == ["Leslie Adler", "Lisa Shumaker"]
    assert art.metadata["reporting_location"] == "Washington"
    assert art.metadata["publisher"] == "Reuters"  # "Reuters was not immediately able to reach ..."
    for gone in ("Reporting by", "Minutehack", "Okay, Thanks", "Brilliant editorials"):
        assert gone not in art.text
    assert art.text.endswith("training data, it said.")


def test_example_offsets_match_the_original_file():
    # Nothing before the credit line changes, so offsets into Article.text are offsets into the file.
    (art,) = read_articles([str(EXAMPLE)])
    assert EXAMPLE.read_text(encoding="utf-8").startswith(art.text)


def test_wire_dateline_and_all_credit_roles():
    text, meta = clean_text(WIRE)
    assert text.startswith("The senator met the minister on Monday.")
    assert meta["publisher"] == "Reuters"
    assert meta["dateline_place"] == "Washington"
    assert meta["date"] == "2023-06-05"
    assert meta["authors"] == ["Jane Roe", "Max Mustermann", "Li Wei", "Ann Lee"]
    assert meta["editors"] == ["Bo Chan", "Cy Young"]
    assert meta["reporting_location"] == "Washington"
    assert "newsletter" not in text and "Thanks" not in text


def test_dateline_without_year_gives_no_date():
    text, meta = clean_text("BEIJING, June 5 (AFP) - Officials met on Monday to discuss the plan.")
    assert meta["publisher"] == "AFP" and "date" not in meta
    assert text == "Officials met on Monday to discuss the plan."


def test_dateline_date_is_the_article_date_only_without_another(tmp_path):
    p = write(tmp_path, "a.txt", "LONDON, May 2, 2023 (Reuters) - Rain fell across the city on Tuesday.")
    assert read_articles([p])[0].published == "2023-05-02"
    assert read_articles([p], published="2023-05-03")[0].published == "2023-05-03"


def test_unparenthesised_credits_and_inline_credit_tail():
    text, meta = clean_text("The deal closed on Friday after months of talks.\n"
                            "Reporting by X Ample and Y Ample; Editing by Z Ample")
    assert text == "The deal closed on Friday after months of talks."
    assert meta["authors"] == ["X Ample", "Y Ample"] and meta["editors"] == ["Z Ample"]
    text, meta = clean_text("The deal closed on Friday. (Reporting by Q Writer; Editing by R Editor)")
    assert text == "The deal closed on Friday."
    assert meta["authors"] == ["Q Writer"] and meta["editors"] == ["R Editor"]


def test_boilerplate_and_short_non_sentence_lines_dropped():
    raw = ("Headline About The Deal\nThe company agreed to buy its rival for $2 billion on Monday.\n"
           "Advertisement\nShare this article\nThe deal needs approval from regulators in three countries.\n"
           "We use cookies to improve your experience.\nRelated stories\n")
    text, meta = clean_text(raw)
    assert meta["title"] == "Headline About The Deal"
    assert text == ("The company agreed to buy its rival for $2 billion on Monday.\n"
                    "The deal needs approval from regulators in three countries.")


def test_long_text_after_credit_line_is_kept():
    body = " ".join(["The second story continues with a long paragraph of real reporting."] * 12)
    text, _ = clean_text("First story ends here.\n(Reporting by A Person)\n" + body)
    assert body in text


def test_byline_becomes_author():
    text, meta = clean_text("By Jane Roe and John Doe\nThe council voted to approve the budget on Tuesday.")
    assert meta["authors"] == ["Jane Roe", "John Doe"]
    assert text == "The council voted to approve the budget on Tuesday."


def test_hard_wrapped_paragraphs_are_joined(tmp_path):
    raw = ("The minister said the new rules would take effect\nnext year after a consultation with\n"
           "industry groups.\n\nA second paragraph follows here.\n")
    p = write(tmp_path, "w.txt", raw)
    assert read_articles([p])[0].text == ("The minister said the new rules would take effect next year after a "
                                          "consultation with industry groups.\nA second paragraph follows here.")


def test_html_main_text_and_metadata(tmp_path):
    html = """<html><head><title>Deal | Example News</title>
    <meta property="og:site_name" content="Example News"><meta name="author" content="Jane Roe">
    <meta property="article:published_time" content="2023-06-05T10:00:00Z">
    <link rel="canonical" href="https://news.example.com/deal"></head>
    <body><nav><a href="/">Home</a> | <a href="/world">World</a></nav><article><h1>Company buys rival</h1>
    <p>The company agreed to buy its rival for two billion dollars on Monday, its chief executive said.</p>
    <p>The deal needs approval from regulators in three countries before it can close next year.</p>
    <p>(Reporting by John Doe in London; Editing by Bo Chan)</p></article>
    <footer><p>Sign up for our newsletter</p><p>All rights reserved.</p></footer></body></html>"""
    (art,) = read_articles([write(tmp_path, "a.html", html)])
    assert art.title == "Company buys rival"
    assert art.published == "2023-06-05"
    assert art.text.startswith("The company agreed to buy its rival")
    assert "Reporting by" not in art.text and "newsletter" not in art.text and "Home" not in art.text
    assert art.metadata["authors"][:1] == ["John Doe"] and "Jane Roe" in art.metadata["authors"]
    assert art.metadata["editors"] == ["Bo Chan"]
    assert art.metadata["url"] == "https://news.example.com/deal"
    assert art.metadata["publisher"] == "Example News"


def test_jsonl_lines(tmp_path):
    lines = [{"text": "The mayor opened the bridge on Friday.", "title": "Bridge", "published": "2023-06-02T08:00:00Z",
              "url": "https://x.example/1"},
             {"text": "The council met again on Monday to vote on the budget."}]
    p = write(tmp_path, "a.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n\n")
    a, b = read_articles([p])
    assert (a.title, a.published, a.metadata["url"]) == ("Bridge", "2023-06-02", "https://x.example/1")
    assert a.source.endswith("a.jsonl:1") and b.source.endswith("a.jsonl:2") and b.published is None


@pytest.mark.parametrize("line, detail", [("{not json", "line 1"), ("[1, 2]", "line 1"),
                                          ('{"title": "no text"}', '"text"')])
def test_bad_jsonl(tmp_path, line, detail):
    with pytest.raises(InputError, match=r"E005") as e:
        read_articles([write(tmp_path, "bad.jsonl", line + "\n")])
    assert detail in str(e.value)


def test_folder_recursive_sorted_and_skips_bad_files(tmp_path, caplog):
    write(tmp_path, "b.txt", "The second article says the team won the final match.")
    (tmp_path / "sub").mkdir()
    write(tmp_path, "sub/a.txt", "A nested article says the vote was postponed again.")
    write(tmp_path, "a.txt", "The first article says the market rose on Tuesday.")
    write(tmp_path, "empty.txt", "")
    write(tmp_path, "notes.md", "ignored: not an article type")
    arts = read_articles([str(tmp_path)])
    assert [a.text.split()[1] for a in arts] == ["first", "second", "nested"]
    assert any("empty.txt" in r.getMessage() for r in caplog.records)


def test_folder_without_articles(tmp_path):
    write(tmp_path, "notes.md", "nothing here")
    with pytest.raises(InputError, match=r"\[E008\]"):
        read_articles([str(tmp_path)])


def test_stdin_text_and_jsonl():
    (a,) = read_articles(["-"], stdin=io.StringIO("The board met on Monday to approve the merger."))
    assert a.source == "-" and a.text == "The board met on Monday to approve the merger."
    arts = read_articles(["-"], stdin=io.StringIO('{"text": "One story ran."}\n{"text": "Another story ran."}\n'))
    assert [x.text for x in arts] == ["One story ran.", "Another story ran."]


@pytest.mark.parametrize("content, code", [
    (None, "E001"), ("", "E002"), ("  \n\n", "E002"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "E003"),
    (bytes(range(256)) * 4, "E003"), ("café au lait was served at noon.".encode("latin-1"), "E004")])
def test_bad_files(tmp_path, content, code):
    path = str(tmp_path / "missing.txt") if content is None else write(tmp_path, "x.txt", content)
    with pytest.raises(InputError, match=rf"\[{code}\]") as e:
        read_articles([path])
    assert path in str(e.value) and "\n" not in str(e.value)


@pytest.mark.parametrize("value", ["2023-13-01", "June 5", "2023-6-5", ""])
def test_bad_published(value):
    with pytest.raises(InputError, match=r"\[E007\]"):
        read_articles([str(EXAMPLE)], published=value)


@pytest.mark.parametrize("line", [
    "Ten countries signed up to the treaty on Monday.",
    "The bakery said it would stop selling cookies next year.",
    "The newsletter's editor resigned after the report.",
    "Subscribers to the service rose 10% in the quarter, the company said.",
])
def test_news_prose_with_promo_words_is_kept(line):
    text, _ = clean_text("The story begins with a full sentence here.\n" + line)
    assert text.endswith(line)


def test_agency_contributor_line():
    text, meta = clean_text("Protesters gathered in the square on Sunday.\n"
                            "Associated Press writers Jane Doe in Paris and John Roe contributed to this report.")
    assert text == "Protesters gathered in the square on Sunday."
    assert meta["authors"] == ["Jane Doe", "John Roe"] and meta["publisher"] == "Associated Press"
    assert meta["reporting_location"] == "Paris"


def test_one_line_note_without_full_stop_is_kept():
    assert read_articles(["-"], stdin=io.StringIO("Elon Musk met Ding Xuexiang"))[0].text == "Elon Musk met Ding Xuexiang"


@pytest.mark.parametrize("raw, authors", [
    ("By DANA ROE\nAP Sports Writer\nMILWAUKEE (AP) — The team agreed on Monday to a deal.", ["Dana Roe"]),
    ("By JANE ROE, AP Business Writer\nThe council voted on Tuesday.", ["Jane Roe"]),
    ("By Jane Roe and John Doe Associated Press\nThe council voted on Tuesday.", ["Jane Roe", "John Doe"]),
])
def test_wire_bylines_drop_staff_titles_and_shouting(raw, authors):
    text, meta = clean_text(raw)
    assert meta["authors"] == authors
    assert "Writer" not in text and "Associated Press" not in text


@pytest.mark.parametrize("line,expected", [
    ("NICE, France, March 3 (Reuters) - Rain fell.", {"place": "Nice", "country": "France", "region": None}),
    ("SAN JUAN, Puerto Rico (AP) — Rain fell.", {"place": "San Juan", "country": "Puerto Rico", "region": None}),
    ("PORTLAND, Ore., June 5 (AP) - Rain fell.", {"place": "Portland", "country": None, "region": "Ore."}),
    ("WASHINGTON, June 5 (Reuters) - Rain fell.", {"place": "Washington", "country": None, "region": None}),
])
def test_dateline_keeps_its_country(line, expected):
    text, meta = clean_text(line)
    assert text == "Rain fell."
    assert meta["dateline"] == expected and meta["dateline_place"] == expected["place"]
