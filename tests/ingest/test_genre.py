"""Genre from the cues a reader uses (texts invented for these tests)."""

from dronewatch.ingest.genre import classify_genre

WIRE = ("Drones struck a fuel depot in the south of the region overnight, the governor said on Tuesday. "
        "Two workers were wounded and a fire broke out at the site, according to the emergency service. "
        "The military said air defences had shot down eleven drones over the region. There was no immediate "
        "comment from the other side, which denies targeting civilian sites.")


def test_neutral_third_person_reporting_is_news():
    assert classify_genre(WIRE) == "news"


def test_views_disclaimer_makes_opinion():
    assert classify_genre(WIRE, notices=["The opinions expressed here are those of the author."]) == "opinion"


def test_section_label_and_title_prefix_and_url_path_are_labels():
    assert classify_genre(WIRE, labels=["Commentary"]) == "opinion"
    assert classify_genre(WIRE, title="Analysis: what the depot strike means") == "analysis"
    assert classify_genre(WIRE, url="https://example.org/opinion/2024/05/depot") == "opinion"


def test_first_person_argument_and_rhetorical_questions_make_opinion():
    text = ("We must stop pretending that cheap drones change nothing. How long can cities live like this? "
            "Who will pay for the next depot? The answer should worry every government in Europe, and it "
            "is time to act before the next winter comes and the grid fails again.")
    assert classify_genre(text) == "opinion"


def test_prescriptions_inside_quotes_or_reported_speech_are_not_the_writers():
    text = WIRE + (' "We must act now," the governor said. The minister said allies should send more air '
                   "defence systems, and officials said partners must hurry.")
    assert classify_genre(text) == "news"


def test_ministry_speaking_for_itself_is_a_statement():
    text = ("The Ministry of Foreign Affairs strongly condemns the drone attack on the city's port, which "
            "damaged civilian warehouses. The Ministry reiterates its call on partners to supply air defence "
            "systems without delay, and reaffirms its commitment to the protection of civilians.")
    assert classify_genre(text) == "statement"


def test_too_little_text_is_unknown():
    assert classify_genre("Drones were seen overnight.") == "unknown"
