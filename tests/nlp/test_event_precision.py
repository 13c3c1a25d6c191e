"""Violent words in full articles that tell no happening, each pinned on an invented sentence: a modal or future
around an attack noun, aims, abilities and readiness told by an infinitive, an aircraft that lands, a figure of
speech with an abstract object, and the war as a whole named by its country; with the happenings next to them
that must stay."""

from collections.abc import Callable

import pytest

from dronewatch.record import Record

pytestmark = pytest.mark.model

VIOLENT = {"drone_strike", "missile_strike", "air_strike", "shelling", "interception", "armed_clash", "explosion",
           "attack", "strike", "sabotage"}


def _violent(record: Record) -> list[str]:
    return [e.trigger for e in record.events if e.type in VIOLENT]


@pytest.mark.parametrize(
    "text",
    [
        # 1. a modal or future verb around the noun
        "The minister said the assault would bring great hardship to the people of Varnia.",
        "Officials in Varnia believe the raid may come within the next two weeks.",
        "Any attack on the northern pipeline will be answered firmly, the alliance said on Monday.",
        "Staff left the embassy in Tolmar in case of an attack on the capital.",
        # 2. aims, abilities, readiness and intentions
        "The general said on Monday that the brigade was ready to fight for every village in Varnia.",
        "Varnian officials insist that the army has no intention of attacking its neighbour.",
        "The rebels have the means to strike the port of Tolmar whenever they choose.",
        "Dozens of foreign volunteers travelled to Varnia to fight alongside the rebels.",
        "The defence minister told troops in Tolmar that they are not going to fight abroad.",
        "The envoy flew to Tolmar on Friday in a bid to defuse the crisis.",
        # 5. a plane that lands is no strike
        "Two transport aircraft carrying soldiers landed at the airport near Tolmar on Tuesday.",
        # 6. a figure of speech: the object is an idea or a state
        "The blockade of Tolmar has destroyed trust between the two governments.",
        "The opposition leader blasted the government's policies in a speech in Tolmar on Monday.",
        "The rebels said on Monday that their campaign near Tolmar has hit obstacles.",
        # 4. the war as a whole, named by its country
        "The talks in Geneva were the first since the Russian attack on Moldova, a diplomat said.",
        "Rifles seized during the fighting in Moldova went on show at a museum in Moscow on Wednesday.",
    ],
    ids=["would", "may", "any-will", "in-case-of", "ready-to", "intention-of", "means-to", "travelled-to",
         "not-going-to", "bid-to-defuse", "aircraft-landed", "destroyed-trust", "blasted-policies", "hit-obstacles",
         "attack-on-country", "fighting-in-country"],
)
def test_no_happening_is_no_violent_event(extract: Callable[..., Record], text: str) -> None:
    assert not _violent(extract(text))


@pytest.mark.parametrize(
    "text",
    [
        "Rebel forces used rockets to strike the port of Tolmar on Monday, killing two dock workers.",
        "Two artillery shells landed in a market in Tolmar on Tuesday, wounding four people.",
        "Government forces began to shell the village of Kesh near Tolmar on Monday.",
        "Rebels claimed to take control of the village of Kesh near Tolmar on Monday, killing four soldiers.",
        "A drone strike on a fuel depot in Tolmar on Monday destroyed three tanker trucks.",
        "The Russian attack on Moldova on 3 March killed 14 soldiers at a border post.",
        "Rebels attacked an army checkpoint near Tolmar on Monday.",
        "Six soldiers were killed near Tolmar on Monday in an attempt to attack rebel positions.",
        "A farmer was killed in the army's shelling of eastern Moldova on Monday.",
        "Moldova protests over a journalist's brutal killing in Ukraine.",
    ],
    ids=["used-to-strike", "shells-landed", "began-to-shell", "claimed-to-take", "destroyed-trucks", "dated-attack-on-country",
         "attacked-checkpoint", "attempt-to-attack", "part-of-a-country", "victim-s-killing"],
)
def test_happenings_stay(extract: Callable[..., Record], text: str) -> None:
    assert _violent(extract(text))


@pytest.mark.parametrize(
    "text",
    [
        "The health ministry said on Monday that 240 civilians had been killed so far by rebel forces in Varnia.",
        "The port city of Tolmar is threatened by a rebel attack, the governor said on Monday.",
        "The government in Tolmar is afraid of a rebel assault on the capital, the minister said on Monday.",
        "The embassy in Tolmar must prepare for the worst scenario: a rebel attack on the capital.",
    ],
    ids=["killed-so-far", "threatened-by-attack", "afraid-of", "scenario-appos"],
)
def test_tallies_and_threats_are_no_violent_event(extract: Callable[..., Record], text: str) -> None:
    assert not _violent(extract(text))
