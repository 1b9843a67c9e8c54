"""kg_relations: clause, role and event relations on hand-written sentences and short articles."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text,expected", [
    # SVO, passive -> active, prepositional object with dropped "with"
    ("Nortex Inc acquired Veltran Systems in 2021.", ("Nortex Inc", "acquire", "Veltran Systems")),
    ("Veltran Systems was acquired by Nortex Inc on Monday.", ("Nortex Inc", "acquire", "Veltran Systems")),
    ("Kenji Arata met with Claire Dubois in Paris.", ("Kenji Arata", "meet", "Claire Dubois")),
    # roles: title before name, apposition, copular, possessive title
    ("Japanese Prime Minister Kenji Arata arrived late.", ("Kenji Arata", "prime minister of", "Japan")),
    ("Republican presidential candidate Tom Barker spoke.", ("Tom Barker", "presidential candidate of",
                                                             "Republican Party")),
    ("Sarah Lindqvist, chief executive of Nortex Inc, declined to comment.",
     ("Sarah Lindqvist", "chief executive of", "Nortex Inc")),
    ("Anna Berg, owner of Fabrikam and the Contoso Group chairman, spoke.",
     ("Anna Berg", "chairman of", "Contoso Group")),
    ("Anna Berg, owner of Fabrikam and the Contoso Group chairman, spoke.", ("Anna Berg", "owner of", "Fabrikam")),
    ("Sarah Lindqvist is the chief executive of Nortex Inc, the filing showed.",
     ("Sarah Lindqvist", "chief executive of", "Nortex Inc")),
    ("Maria Lopez became chief executive of Fabrikam in 2020.", ("Maria Lopez", "chief executive of", "Fabrikam")),
    ("Tom Barker was named chairman of Contoso Group on Tuesday.", ("Tom Barker", "chairman of", "Contoso Group")),
    # relative clauses, participles, SVOO (the dative is not the object)
    ("Omar Haddad, who founded Veltran Systems in 2009, resigned.", ("Omar Haddad", "found", "Veltran Systems")),
    ("Contoso Group gave investors a bigger dividend.", ("Contoso Group", "give", "bigger dividend")),
    ("Veltran Systems is expected to report earnings on Wednesday.", ("Veltran Systems", "report", "earnings")),
    # event nouns and participles
    ("Kenji Arata ended his trip to Brazil on Friday.", ("Kenji Arata", "visit", "Brazil")),
    ("Analysts cheered the launch of Nortex Inc's Photon on Monday.", ("Nortex Inc", "launch", "Photon")),
    # light verbs
    ("Kenji Arata held talks with Claire Dubois on Monday.", ("Kenji Arata", "talk with", "Claire Dubois")),
    ("Veltran Systems, based in Austin, makes sensors.", ("Veltran Systems", "based in", "Austin")),
])
def test_expected_triples(graph, triples, text, expected):
    assert expected in triples(graph(text, "2024-04-08"))


def test_coordinated_role_nouns_split(graph, triples):
    g = graph("Kenji Arata met France's finance and defence ministers in Paris.", "2024-04-08")
    got = triples(g)
    assert ("Kenji Arata", "meet", "France's finance minister") in got
    assert ("Kenji Arata", "meet", "France's defence minister") in got
    ministers = [e for e in g.entities if e.name.endswith("minister")]
    assert {e.type for e in ministers} == {"PERSON"}
    rel = next(r for r in g.relations if r.predicate == "meet")
    assert {e.id: e.name for e in g.entities}[rel.qualifiers["place"]] == "Paris"


def test_negation_marked_not_asserted(graph):
    g = graph("Nortex Inc did not buy Veltran Systems.", "2024-04-08")
    rel = next(r for r in g.relations if r.predicate == "buy")
    assert rel.negated


def test_modality_and_time(graph):
    g = graph("Nortex Inc plans to buy Veltran Systems in June.", "2024-04-08")
    rel = next(r for r in g.relations if r.predicate == "buy")
    assert rel.qualifiers["modality"] == "plan to"
    g = graph("Veltran Systems is expected to report earnings on Wednesday.", "2024-04-08")
    rel = next(r for r in g.relations if r.predicate == "report")
    assert rel.qualifiers["time"] == "2024-04-10" and rel.qualifiers["modality"] == "expect to"


def test_reported_relation_is_attributed(graph):
    g = graph("Kenji Arata met Claire Dubois on Thursday, a Japanese official said.", "2024-04-08")
    names = {e.id: e for e in g.entities}
    rel = next(r for r in g.relations if r.predicate == "meet")
    assert rel.attributed_to is not None and names[rel.attributed_to].type == "CONCEPT"
    assert rel.qualifiers["time"] == "2024-04-04"


# Short Reuters/AP-style articles on other topics, each with facts the rules must find.
ARTICLES = {
    "court": ("A federal judge in New York on Tuesday sentenced former Acme Corp chief financial officer "
              "John Harlow to five years in prison for fraud, prosecutors said. Harlow, 54, was convicted by a "
              "jury in March of defrauding investors. \"The defendant betrayed the trust of thousands of people,\" "
              "U.S. Attorney Maria Delgado said in a statement. His lawyer, Peter Quinn, said Harlow would appeal "
              "the verdict.", "2024-03-14",
              [("John Harlow", "chief financial officer of", "Acme Corp"), ("John Harlow", "appeal", "verdict")]),
    "sport": ("Brazilian striker Lucas Ferreira scored twice as Porto Alegre FC beat Rivermouth United 3-1 on "
              "Saturday to win the Continental Cup. Ferreira, who joined the club from Santos last year, was named "
              "player of the match.", "2024-05-20",
              [("Porto Alegre FC", "beat", "Rivermouth United"), ("Porto Alegre FC", "win", "Continental Cup"),
               ("Lucas Ferreira", "join", "Porto Alegre FC")]),
    "deal": ("Nortex Inc said on Monday it agreed to buy rival chipmaker Veltran Systems for $4.2 billion. "
             "Nortex Chief Executive Sarah Lindqvist said the deal would close in the third quarter. "
             "Veltran, based in Austin, Texas, makes sensors for electric vehicles.", "2024-02-12",
             [("Nortex Inc", "buy", "Veltran Systems"), ("Sarah Lindqvist", "chief executive of", "Nortex Inc"),
              ("Veltran Systems", "based in", "Austin")]),
    "diplomacy": ("Japanese Prime Minister Kenji Arata met with French President Claire Dubois in Paris on "
                  "Thursday. Arata also visited a nuclear plant in Normandy, a Japanese official said. "
                  "Dubois said France would not lift its sanctions on the regime.", "2024-04-08",
                  [("Kenji Arata", "meet", "Claire Dubois"), ("Kenji Arata", "prime minister of", "Japan"),
                   ("Claire Dubois", "president of", "France")]),
}


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_short_articles(graph, triples, name):
    text, published, expected = ARTICLES[name]
    g = graph(text, published)
    got = triples(g)
    missing = [t for t in expected if t not in got]
    assert not missing, (missing, sorted(got))
    assert all(0.0 <= r.confidence <= 1.0 for r in g.relations)


def test_no_nationality_post(graph, triples):
    g = graph(ARTICLES["sport"][0], "2024-05-20")
    assert ("Lucas Ferreira", "striker of", "Brazil") not in triples(g)


def test_time_qualifier_iso(graph):
    g = graph(ARTICLES["diplomacy"][0], "2024-04-08")
    rel = next(r for r in g.relations if r.predicate == "meet")
    assert rel.qualifiers["time"] == "2024-04-04"


def test_company_title_without_employer_is_held_at_the_story_company(graph, triples):
    g = graph("Brightwater Oil posted a loss on Monday. Brightwater Oil shares fell. Brightwater Oil will cut jobs. "
              "Chief Executive Helen Park said the cuts were needed.")
    assert ("Helen Park", "chief executive of", "Brightwater Oil") in triples(g)
    role = next(r for r in g.relations if r.predicate == "chief executive of")
    assert role.confidence < 0.85  # weaker than a title with its employer in the sentence


def test_company_title_not_guessed_without_a_dominant_company(graph, triples):
    g = graph("Brightwater Oil and Okoro Energy talked. Chief Executive Ana Ruiz said the talks went well.")
    assert not any(p == "chief executive of" for _s, p, _o in triples(g))


def test_no_descriptor_from_a_misread_verb(graph, triples):
    g = graph("Marco Bellini won on Friday. Bellini beat Felix Brandt in four sets.")
    assert not any(s == "Felix Brandt" and p == "described as" for s, p, _o in triples(g))


def test_hyphenated_object_kept_whole(graph, triples):
    g = graph("Marco Bellini and Erik Lund both won their semi-finals on Friday.")
    objs = {o for _s, p, o in triples(g) if p == "win"}
    assert "-" not in objs and "semi" not in objs and "finals" not in objs


def test_undated_event_continuing_a_dated_narrative_takes_its_date(graph):
    g = graph("Marco Bellini won his semi-final on Friday against Sam Whitby. Bellini beat Whitby in four sets.",
              published="2024-06-09")
    beat = next(r for r in g.relations if r.predicate == "beat")
    assert beat.qualifiers["time"] == "2024-06-07"


def test_dated_narrative_not_carried_to_unrelated_event(graph):
    g = graph("Marco Bellini won his semi-final on Friday against Sam Whitby. Nortex Inc bought Veltran Systems.",
              published="2024-06-09")
    assert all("time" not in r.qualifiers for r in g.relations if r.predicate in {"buy", "acquire"})


def test_nationality_group_serves_its_country(graph, triples):
    g = graph("Japanese officials rejected the proposal on Monday.")
    assert ("Japanese officials", "official of", "Japan") in triples(g)


def test_nationality_group_met_is_not_a_role(graph, triples):
    g = graph("Tom Barker met senior Japanese government officials in Tokyo.")
    assert not any(p == "official of" for _s, p, _o in triples(g))


@pytest.mark.parametrize("text,expected", [
    ("Police arrested Tom Barker on Friday.", ("Police", "arrest", "Tom Barker")),
    ("Searchers found an injured climber on Sunday. Tom Barker, 51, was flown to hospital.",
     ("Searchers", "find", "Tom Barker")),
])
def test_a_group_of_people_acting_on_a_named_person(graph, triples, text, expected):
    assert expected in triples(graph(text, "2024-07-15"))


def test_a_group_of_people_with_an_unnamed_object_is_still_too_vague(graph, triples):
    got = triples(graph("Police arrested three men on Friday.", "2024-07-15"))
    assert not any(s == "Police" for s, _p, _o in got)


def test_a_past_perfect_duration_on_the_object_dates_the_main_verb(graph):
    g = graph("Searchers found a climber who had been missing for three days alive on Sunday. "
              "Tom Barker, 51, was flown to hospital.", "2024-05-16")
    names = {e.id: e.name for e in g.entities}
    found = [r for r in g.relations if r.predicate == "find" and names.get(r.object) == "Tom Barker"]
    assert found and found[0].qualifiers.get("time") == "2024-05-12"


def test_a_measured_change_is_an_object_and_its_inner_date_word_no_time(graph):
    g = graph("Halden Textiles Inc reported a 12% rise in quarterly sales on Tuesday.", "2024-05-16")
    names = {e.id: e.name for e in g.entities}
    got = {(names[r.subject], r.predicate, names[r.object]): r.qualifiers.get("time") for r in g.relations}
    assert got.get(("Halden Textiles Inc", "report", "12% rise in quarterly sales")) == "2024-05-14"


def test_a_group_qualified_by_a_name_acts_with_an_unnamed_object(graph, triples):
    got = triples(graph("Norwegian officials rejected the proposal on Monday.", "2024-07-15"))
    assert any(s.endswith("officials") and p == "reject" and o.endswith("proposal") for s, p, o in got)


def test_a_reciprocal_object_is_no_thing(graph, triples):
    got = triples(graph("Norway and Chile will inspect each other's fishing fleets next year.", "2024-07-15"))
    assert not any("each other" in str(o) for _s, _p, o in got)


@pytest.mark.parametrize("text,expected", [
    ("Fabrikam paid 750 million dollars for the licences.", ("Fabrikam", "pay", "750 million dollars")),
    ("Contoso Group won two contracts to build bridges in Ohio.", ("Contoso Group", "win", "two contracts")),
    ("Nortex Logistics shipped 12 million tonnes of grain to Egypt in 2023.",
     ("Nortex Logistics", "ship", "12 million tonnes of grain")),
])
def test_an_amount_changing_hands_is_the_object(graph, triples, text, expected):
    assert expected in triples(graph(text, "2024-04-08"))


def test_a_count_of_games_won_is_still_a_score_line(graph, triples):
    got = triples(graph("Nortex United won their last five games before the break.", "2024-04-08"))
    assert not [t for t in got if t[1] == "win"]


@pytest.mark.parametrize("text,expected", [
    ("The Federal Aviation Administration opened an investigation into the crash on Monday.",
     ("Federal Aviation Administration", "open investigation into", "crash")),
    ("The Competition Commission launched an inquiry into Nortex Inc on Tuesday.",
     ("Competition Commission", "launch inquiry into", "Nortex Inc")),
])
def test_what_an_inquiry_looks_into_is_the_object(graph, triples, text, expected):
    got = triples(graph(text, "2024-04-08"))
    assert expected in got
    assert not [t for t in got if t[2] in {"investigation", "inquiry"}]


@pytest.mark.parametrize("text,expected", [
    ("Tom Barker, Nortex Inc's treasurer, said profits rose.", ("Tom Barker", "treasurer of", "Nortex Inc")),
    ("Nortex Inc reported a loss on Monday. Tom Barker, the company's treasurer, said demand was weak.",
     ("Tom Barker", "treasurer of", "Nortex Inc")),
])
def test_a_noun_possessed_by_a_named_owner_in_an_apposition_is_a_post(graph, triples, text, expected):
    assert expected in triples(graph(text, "2024-04-08"))


def test_a_demonym_tagged_as_proper_noun_still_places_the_firm(graph, triples):
    got = triples(graph("Norwegian ferry group Fjordline Holdings said on Monday that fares would rise.", "2024-04-08"))
    assert ("Fjordline Holdings", "based in", "Norway") in got


def test_a_sum_pricing_the_object_does_not_make_it_a_measurement(graph, triples):
    got = triples(graph("Nortex Inc approved a $2 billion loan to Veltran Systems on Monday.", "2024-04-08"))
    assert ("Nortex Inc", "approve", "$2 billion loan to Veltran Systems") in got or \
        ("Nortex Inc", "approve", "$2 billion loan") in got


def test_a_city_council_acts_like_a_named_body(graph, triples):
    got = triples(graph("Lima's city council rejected the new parking rules on Thursday.", "2024-04-08"))
    assert [t for t in got if t[0] == "Lima's city council" and t[1] == "reject"]


def test_a_firm_described_as_based_somewhere_and_its_relative_clause(graph, triples):
    got = triples(graph("Analysts praised Velora Foods, a dairy firm based in Cork, which bought the Dunmore brand "
                        "last year.", "2024-04-08"))
    assert ("Velora Foods", "based in", "Cork") in got
    assert ("Velora Foods", "buy", "Dunmore brand") in got
    assert not [t for t in got if t[0] == "Cork"]


@pytest.mark.parametrize("text,metadata", [
    ("MADRID, March 3 (Reuters) - The council approved the plan on Monday. Mayor Elena Duarte said the vote was "
     "historic. Madrid is growing.", None),
    ("The council approved the plan on Monday. Mayor Elena Duarte said the vote was historic. Madrid is growing.",
     {"dateline": {"place": "Madrid", "country": None}}),
])
def test_a_mayor_with_no_city_named_holds_the_post_in_the_dateline_city(triples, text, metadata):
    from kg.extract import extract
    from kg.model import Article

    g = next(extract([Article(text, "test", None, "2024-03-03", metadata or {})]))
    assert ("Elena Duarte", "mayor of", "Madrid") in triples(g)


def test_a_past_verb_after_a_reported_modal_goes_with_the_speaker(graph, triples):
    got = triples(graph("Senator Tom Barker said the plan would not work and criticised Maria Lopez for rushing it.",
                        "2024-04-08"))
    assert ("Tom Barker", "criticise", "Maria Lopez") in got


def test_a_reported_would_counts_a_month_forwards(graph):
    g = graph("Maria Lopez said on Tuesday that Nortex Inc would open a new plant in November.", "2024-07-08")
    rel = next(r for r in g.relations if r.predicate == "open")
    assert rel.qualifiers["time"] == "2024-11"


def test_a_prize_named_after_whom_it_honours_stays_one_name(graph):
    g = graph("Tom Barker's novel \"Iron Orchard\" was longlisted for the Children's Prize for Poetry in 2021.",
              "2024-04-08")
    assert "Children's Prize for Poetry" in {e.name for e in g.entities}


def test_a_list_verb_keeps_its_lemma(parse):
    from kg.components.util import verb_lemma

    doc = parse("The film was longlisted on Monday and shortlisted on Friday.")
    assert {verb_lemma(t) for t in doc if t.lower_.endswith("listed")} == {"longlist", "shortlist"}
