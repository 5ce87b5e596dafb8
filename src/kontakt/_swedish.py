"""How residents write Swedish: folding, spelling variants, shared hyphens, filler words.

Everything here works on single words or short texts and knows nothing about contacts; the
search index (``search.py``) decides what to do with the forms it produces.
"""

from __future__ import annotations

import re

from kontakt._names import strip_diacritics

_WORD = re.compile(r"[0-9a-z]+")
_DOUBLE = re.compile(r"(.)\1+")
_SILENT_H = re.compile(r"(?<=[aeiouy])h(?![aeiouy])")
_SPELLINGS = (
    # Spelling variants of the same sound, in an order where earlier rules feed later ones:
    # Michael/Mikael, Carl/Karl, Lindqvist/Lindkvist, Philip/Filip, Thomas/Tomas, Sjoeberg/Sjöberg.
    ("ph", "f"),
    ("th", "t"),
    ("ch", "k"),
    ("ck", "k"),
    ("c", "k"),
    ("q", "k"),
    ("w", "v"),
    ("z", "s"),
    ("x", "ks"),
    ("oe", "o"),
    ("ae", "a"),
    ("ue", "u"),
)

# Words that carry no subject: question words, pronouns, prepositions, "contact", greetings.
FILLER_WORDS = frozenset(
    # One string keeps the list readable; split once at import.
    """
    vem vilken vilket vilka vad var vart hur nar varfor ska skall kan far maste bor vill behover
    jag du vi ni man min mitt mina din ditt dina er era var vart vara han hon hen den det de dem
    mig dig oss
    dom sig en ett och eller om till for pa i av med fran hos vid at under over efter inom mot
    som ar vara blir bli har hade ha gora gor gjort kontakta kontaktar kontakt kontakten
    kontaktperson kontaktuppgifter ringa ringer ring mejla maila mejl mail epost skriva skriv
    prata fraga fragor fragan undrar undra angaende gallande ang galler hej hejsan tack snalla
    hjalp hjalpa info information nummer numret telefonnummer telefon mobil mobilnummer adress
    hand handlaggning arende arenden detta denna dessa har dar ansvarig ansvariga ansvarige
    lamna lamnar skicka skickar skickas ansoka ansoker vanda vander blivit bli blev mejladress
    nagon nagot nagra ansvarar handlar skoter hittar hitta finns inte nu who whom whose what
    which where when how why should shall can could may might must need needs want would will i
    me my you your we our us he she it they them the a an to about for of on in at with from by
    is are was be been do does did contact call email mail reach talk speak ask question
    questions regarding concerning help hello hi please thanks thank someone somebody person
    responsible get touch phone number there any handles handle apply deal deals in charge
    int inte nan nanting nanstans nara mkt mycke ba bara assa alltsa typ liksom ju ja oxa
    ocksa iaf pga btw pls plz
    """.split()  # noqa: SIM905
)

# Words that begin a phrase about where or for whom ("i", "på", "vid", "för", "near"): after
# a question's subject, such a phrase narrows it ("skolskjutsen till Skruvs skola") rather than
# naming another. "om" and "av" are left out: they bring the subject ("frågor om bygglov",
# "bokning av idrottshallen").
PREPOSITIONS = frozenset(
    """
    i pa vid for till fran ur inom hos under over efter mot genom bakom framfor utanfor nara ute
    inne runt kring mellan langs
    """.split()  # noqa: SIM905
)
# Nouns whose phrase names what they are about ("avgift för bygglov", "tillstånd för
# servering", "boka tid för bygglov", "handläggaren för bygglov", "chefen för hemtjänsten"):
# after one of these, "för X" is the subject, not a narrowing of it.
RELATIONAL_NOUNS = frozenset(
    """
    avgift taxa kostnad pris tillstand ansokan blankett regel regler tid bokning boka stod
    bidrag hjalp information fraga fragor ansvar lov anmalan intyg handlaggning
    handlaggare samordnare inspektor radgivare sekreterare
    fee fees permit permission application form rules booking help support
    """.split()  # noqa: SIM905
)

# The filler words such a phrase may hold ("på min gata", "för en ny hall"); any other ends
# it ("i gatan för en ledning behöver jag schakttillstånd": a clause of its own).
PHRASE_FILLER = frozenset(
    "en ett den det de min mitt mina din ditt dina var vart vara er era sin sitt sina".split()  # noqa: SIM905
)

# A clause after "och"/"men" that says what the writer needs ("jag läser sfi på lärcentrum och
# behöver försörjningsstöd"), or one that asks after the situation is told ("vi bygger om
# macken, vem ger tillstånd för brandfarliga varor"): its subject is the question's. The
# joining word, then these pronouns, then the verb; or the question word.
CLAUSE_JOINS = frozenset({"och", "men", "and", "but"})
CLAUSE_PRONOUNS = frozenset({"jag", "vi", "han", "hon", "i", "we", "he", "she"})
CLAUSE_QUESTIONS = frozenset({"vem", "who", "hur", "how"})
CLAUSE_VERBS = frozenset("har kan far ska maste behover vill".split())  # noqa: SIM905
ASKING_PRONOUNS = frozenset("jag han hon hen vi man ni du de dom".split())  # noqa: SIM905
REQUEST_VERBS = frozenset(
    "behover vill soker need needs want wants".split()  # noqa: SIM905
)

# When, not what: a time of day, week or year ("i helgen", "på kvällen", "till midsommar",
# "inatt") says when something happens, never what a question is about. Base forms.
TIME_WORDS = frozenset(
    """
    helg helger kvall kvallar natt natter morgon morgnar formiddag eftermiddag dag dagar
    vecka veckor manad ar idag igar imorgon ikvall inatt imorse ibland
    mandag tisdag onsdag torsdag fredag lordag sondag
    januari februari mars april maj juni juli augusti september oktober november december
    var sommar host vinter jul julafton pask midsommar midsommarafton nyar nyarsafton
    weekend weekends tonight today tomorrow yesterday morning evening night week month year
    monday tuesday wednesday thursday friday saturday sunday summer autumn winter christmas
    easter
    """.split()  # noqa: SIM905
)

# Words that place a trade near somewhere ("hotellet närmast badet", "a hotel near the
# station"), and the prepositions that place it in or at somewhere ("kaféet på simhallen").
PROXIMITY = frozenset(
    "narmast narmaste nara bredvid mittemot near nearest closest next".split()  # noqa: SIM905
)
LOCATIVE = frozenset({"i", "pa", "vid", "inne", "in", "at", "inside"})

# Starting a trade ("starta en frisörsalong", "open a restaurant"): the question is then
# about the trade itself, its permits and inspections.
STARTING = frozenset(
    "starta startar oppna driva driver open start starting run running".split()  # noqa: SIM905
)

# Words that rank or recommend ("bästa restaurangen", "billigast vinterdäck", "cheap sim
# card"): a municipality ranks no one's business, so such a question is answered only about
# something the directory itself names ("bästa förskolan").
RANKING_WORDS = frozenset(
    """
    basta billigast billigaste godast godaste trevligast trevligaste mysigast mysigaste
    finast finaste rekommendera rekommenderar best cheapest nicest recommend
    """.split()  # noqa: SIM905
)

# A customer's words: a price, a booking, opening hours, a menu, a delivery, a free place, a
# phone number ("vad kostar", "boka tid", "när öppnar", "how much", "lediga platser",
# "numret till").
CUSTOMER_WORDS = frozenset(
    """
    kostar kosta pris priset priser prislista boka bokar bordsbokning beställa bestalla
    oppnar oppet oppettider stanger meny menyn levererar leverans hemkorning utkorning hamta
    ledig ledigt lediga fullbokat nummer numret telefonnummer
    price prices cost costs much book booking reserve order open opens opening close closes
    menu deliver delivery
    """.split()  # noqa: SIM905
)
# A customer's two words: what something costs ("vad tar frisören"), getting hold of one
# ("får jag tag på en taxi"), where one is ("var står food trucken", "where is the bar").
CUSTOMER_PHRASES = frozenset(
    {
        ("vad", "tar"),
        ("tag", "pa"),
        ("var", "ligger"),
        ("var", "star"),
        ("var", "finns"),
        ("where", "is"),
    }
)
# Private trades (and the chains residents name them by) whose customers' questions a
# municipality does not answer, though it inspects or licenses them: a question with a
# customer's word about one of these finds a contact only through the directory's own words
# ("vad kostar serveringstillstånd").
TRADES = frozenset(
    """
    restaurang pizzeria pizza kebab hamburgare pub bar krog kafe cafe konditori kiosk gatukok
    foodtruck frisor frisorsalong barberare klippning harklippning nagelsalong nagelstudio
    skonhetssalong tatuerare tatuering tatueringsstudio gym hotell vandrarhem camping taxi
    butik affar mack bensinmack bilverkstad maklare tandlakare veterinar
    restaurant pub cafe hairdresser barber haircut salon hotel hostel cab shop store dentist
    ica coop willys lidl hemkop netto citygross systembolaget systemet apotek apoteket
    biltema jula ikea mcdonalds pressbyran okq8 preem
    """.split()  # noqa: SIM905
)

_MIN_STEM = 4

# "Gatu- och parkchef": a first part ending in a hyphen shares the last word's head.
# Linear in the length of a text: matches start at word starts and never give back a word.
_SHARED_HYPHEN = re.compile(r"(?<!\w)(\w++)-\s++(?:och|eller|samt|&|,)\s++(\w++)")
_LONGEST_COMPOUND = 64
"""Longer words are not compounds anyone types; every tail of one would cost its square."""


def fold(text: str) -> str:
    """Lower case without diacritics: ``Tigerström`` → ``tigerstrom``."""
    return strip_diacritics(text)


def words(text: str) -> list[str]:
    """The folded words of ``text`` in order; hyphens and punctuation separate words."""
    return _WORD.findall(fold(text))


_RAW_WORD = re.compile(r"[^\W_]+")


def tokens(text: str) -> list[tuple[str, str]]:
    """The words of ``text`` as (folded, lower case as written) pairs, in order:
    ``Snöröjningen`` → ``("snorojningen", "snöröjningen")``. The folded words are
    :func:`words`'s; the written form feeds the dictionaries, which know å, ä and ö."""
    found: list[tuple[str, str]] = []
    for raw in _RAW_WORD.findall(text.lower()):
        folded = words(raw)
        found.extend((word, raw if len(folded) == 1 else word) for word in folded)
    return found


def spelling_key(word: str) -> str:
    """One key for the spellings of a folded word.

    Mikael and Michael → ``mikal``; Stål and Ståhl → ``stal``; Lindqvist → ``lindkvist``.
    """
    key = word
    while True:
        # A pass can leave a form the rules would change again ("thh" → "th" → "t"): the key
        # is the form no rule changes, so a word written as its own key finds it. After the
        # first pass every change shortens the key, so this ends.
        changed = _DOUBLE.sub(r"\1", _SILENT_H.sub("", _respell(key)))
        if changed == key:
            return key
        key = changed


def _respell(word: str) -> str:
    for written, sound in _SPELLINGS:
        if written in word:
            word = word.replace(written, sound)
    return word


# Generic last parts of organisational units: "Samhällsbyggnadsförvaltningen" is found by
# "samhällsbyggnad", the part that names it.
_UNIT_HEADS = (
    "forvaltningen",
    "forvaltning",
    "avdelningen",
    "avdelning",
    "enheten",
    "enhet",
    "kontoret",
    "kontor",
    "namnden",
    "namnd",
    "kansliet",
    "kansli",
)


def unit_names(word: str) -> list[str]:
    """The naming part of an organisational unit's word, with and without a linking s."""
    for head in _UNIT_HEADS:
        if word.endswith(head) and len(word) - len(head) >= _MIN_STEM:
            name = word[: -len(head)]
            return [name, name[:-1]] if name.endswith("s") else [name]
    return []


def shared_hyphen_compounds(text: str) -> list[str]:
    """Whole words a shared hyphen stands for: ``Gatu- och parkchef`` → ``gatuchef``.

    The head of the last word is not known, so every tail of at least three letters is tried;
    forms nobody types cost a little memory and never match.
    """
    compounds: list[str] = []
    for first, last in _SHARED_HYPHEN.findall(fold(text)):
        if len(last) <= _LONGEST_COMPOUND:
            compounds.extend(first + last[cut:] for cut in range(1, len(last) - 2))
    return compounds
