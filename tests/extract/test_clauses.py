"""clause_triples on hand-written sentences: one table per grammar rule."""
from __future__ import annotations

import pytest

from kg.extract.clauses import Triple, clause_triples


def _core(doc) -> list[tuple[str, str, str]]:
    return [(t.arg1, t.relation, t.arg2) for t in clause_triples(doc)]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # SV: no second argument
        ("The company collapsed.", [("The company", "collapsed", "")]),
        # SVO
        ("Elon Musk bought Twitter.", [("Elon Musk", "bought", "Twitter")]),
        # SVC: copula + complement
        ("The minister is a lawyer.", [("The minister", "is", "a lawyer")]),
        # SVA: the preposition joins the relation
        ("She lives in Paris.", [("She", "lives in", "Paris")]),
        # SVOO: indirect object first, direct object as extra argument
        ("He gave the reporter a statement.", [("He", "gave", "the reporter")]),
        # SVOA: object + adverbial
        ("They put the money in the bank.", [("They", "put", "the money")]),
        # light verb: the object noun moves into the relation
        ("Musk made an offer on the company.", [("Musk", "made an offer on", "the company")]),
        # control verb folded into the relation
        ("Musk wants to buy the company.", [("Musk", "wants to buy", "the company")]),
    ],
)
def test_clause_types(nlp, sentence, expected):
    assert _core(nlp(sentence))[: len(expected)] == expected


@pytest.mark.parametrize(
    "sentence, ctype",
    [
        ("The company collapsed.", "SV"),
        ("Elon Musk bought Twitter.", "SVO"),
        ("The minister is a lawyer.", "SVC"),
        ("She lives in Paris.", "SVA"),
        ("He gave the reporter a statement.", "SVOO"),
        ("They put the money in the bank.", "SVOA"),
    ],
)
def test_clause_type_label(nlp, sentence, ctype):
    assert next(iter(clause_triples(nlp(sentence)))).clause_type == ctype


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # adverbials become extra arguments
        ("Elon Musk bought Twitter in 2022.", ("in 2022",)),
        ("They put the money in the bank.", ("in the bank",)),
        ("He gave the reporter a statement.", ("a statement",)),
    ],
)
def test_extra_arguments(nlp, sentence, expected):
    assert next(iter(clause_triples(nlp(sentence)))).extra == expected


@pytest.mark.parametrize(
    "sentence, arg1, relation, arg2, agent",
    [
        ("Twitter was bought by Elon Musk.", "Twitter", "was bought by", "Elon Musk", "Elon Musk"),
        ("The report was published on Monday.", "The report", "was published on", "Monday", None),
    ],
)
def test_passive(nlp, sentence, arg1, relation, arg2, agent):
    triple = next(iter(clause_triples(nlp(sentence))))
    assert (triple.arg1, triple.relation, triple.arg2) == (arg1, relation, arg2)
    assert triple.passive and triple.agent == agent


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # coordinated objects
        ("Musk met Li and Wang in Shanghai.", [("Musk", "met", "Li"), ("Musk", "met", "Wang")]),
        # coordinated subjects
        ("Musk and Li met in Shanghai.", [("Musk", "met in", "Shanghai"), ("Li", "met in", "Shanghai")]),
        # coordinated verbs share the subject
        ("Musk visited Beijing and met the foreign minister.",
         [("Musk", "visited", "Beijing"), ("Musk", "met", "the foreign minister")]),
    ],
)
def test_coordination(nlp, sentence, expected):
    assert _core(nlp(sentence)) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The engineer who designed the bridge won an award.",
         [("The engineer", "designed", "the bridge"), ("The engineer", "won", "an award")]),
        ("The report, which criticised the regulator, was leaked.",
         [("The report", "criticised", "the regulator")]),
        # participial modifier
        ("Officials arrested a man carrying a gun.",
         [("Officials", "arrested", "a man carrying a gun"), ("a man", "carrying", "a gun")]),
    ],
)
def test_relative_and_participial_clauses(nlp, sentence, expected):
    found = _core(nlp(sentence))
    assert all(t in found for t in expected), found


@pytest.mark.parametrize(
    "sentence, expected, ctype",
    [
        ("Elon Musk, the owner of Twitter, visited China.",
         ("Elon Musk", "is", "the owner of Twitter"), "APPOS"),
        ("President Biden signed the bill.", ("Biden", "is", "President"), "TITLE"),
        ("China's foreign minister met Musk.", ("China", "has", "foreign minister"), "POSS"),
        ("The ministry regulates several sectors, including finance and health.",
         ("several sectors", "include", "finance"), "INCL"),
    ],
)
def test_nominal_facts(nlp, sentence, expected, ctype):
    found = {(t.arg1, t.relation, t.arg2): t.clause_type for t in clause_triples(nlp(sentence))}
    assert found.get(expected) == ctype, found


@pytest.mark.parametrize(
    "sentence, relation, negated, modality",
    [
        ("The company did not comment on the report.", "did not comment on", True, None),
        ("The bank never paid the fine.", "never paid", True, None),
        ("China will regulate artificial intelligence.", "will regulate", False, "will"),
        ("The firm may sell its stake.", "may sell", False, "may"),
        ("The firm could not sell its stake.", "could not sell", True, "could"),
    ],
)
def test_negation_and_modality(nlp, sentence, relation, negated, modality):
    triple = next(iter(clause_triples(nlp(sentence))))
    assert (triple.relation, triple.negated, triple.modality) == (relation, negated, modality)


def test_offsets_point_at_the_arguments(nlp):
    doc = nlp("Yesterday Elon Musk met Li Qiang in Beijing.")
    triple = next(iter(clause_triples(doc)))
    assert doc.text[slice(*triple.arg1_chars)] == triple.arg1 == "Elon Musk"
    assert doc.text[slice(*triple.arg2_chars)] == triple.arg2 == "Li Qiang"
    assert [doc.text[slice(*c)] for c in triple.extra_chars] == list(triple.extra)
    assert [doc[i].text for i in triple.rel_tokens] == ["met"]


def test_confidence_ranks_main_clause_object_above_nominal_guess(nlp):
    by_type = {t.clause_type: t.confidence for t in clause_triples(
        nlp("China's foreign minister, a veteran diplomat, met Musk."))}
    assert 0.0 <= min(by_type.values()) and max(by_type.values()) <= 1.0
    assert by_type["SVO"] > by_type["APPOS"] > by_type["POSS"]


def test_works_on_a_span_and_yields_named_tuples(nlp):
    doc = nlp("The firm collapsed. Musk bought Twitter.")
    triples = list(clause_triples(list(doc.sents)[1]))
    assert [(t.arg1, t.relation, t.arg2) for t in triples] == [("Musk", "bought", "Twitter")]
    assert isinstance(triples[0], Triple) and triples[0].predicate == "buy"


def test_unparsed_text_yields_nothing(nlp):
    assert list(clause_triples(nlp.make_doc("Musk bought Twitter."))) == []
