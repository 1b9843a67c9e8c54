"""The kg pipeline as a whole: loading, serialisation, multiprocessing, robustness.

Speed is measured by benchmarks/speed.py, not by a timed unit test (timings on a shared machine are noise).
"""
from __future__ import annotations

import pytest
import spacy

from kg.errors import ModelError
from kg.nlp import PIPELINE, load_nlp

TEXT = ("Japanese Prime Minister Kenji Arata met with French President Claire Dubois in Paris on Thursday. "
        "Arata said the talks were useful.")


def test_pipeline_has_components_in_order(nlp):
    assert [n for n in nlp.pipe_names if n.startswith("kg_")] == list(PIPELINE)


def test_load_nlp_is_cached(nlp):
    assert load_nlp() is nlp


@pytest.mark.parametrize("name", ["no_such_model_xyz", "/nonexistent/model/path"])
def test_bad_model_raises_one_line_error(name):
    with pytest.raises(ModelError) as info:
        load_nlp(name)
    msg = str(info.value)
    assert msg.startswith("[E041]") and "\n" not in msg and name in msg


def test_to_disk_from_disk_round_trip(nlp, tmp_path):
    nlp.to_disk(tmp_path / "model")
    assert (tmp_path / "model" / "kg_relations" / "titles.jsonl").exists()
    nlp2 = spacy.load(tmp_path / "model")
    doc = nlp2(TEXT)
    assert [r["predicate"] for r in doc._.kg_relations] == [r["predicate"] for r in nlp(TEXT)._.kg_relations]


def test_pipe_with_two_processes(nlp):
    texts = [TEXT, "Nortex Inc said on Monday it would buy Veltran Systems."] * 2
    single = [d._.kg_relations for d in nlp.pipe(texts)]
    multi = [d._.kg_relations for d in nlp.pipe(texts, n_process=2, batch_size=2)]
    assert multi == single and any(single)


@pytest.mark.parametrize("text", ["", "\n\n", '"" "', ")))", "said said said , , ,", "a" * 500,
                                  "\u201c Unclosed quote, he said and"])
def test_messy_text_does_not_fail(nlp, text):
    doc = nlp(text)
    assert isinstance(doc._.kg_relations, list)
