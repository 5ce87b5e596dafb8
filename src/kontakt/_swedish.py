"""How residents write Swedish: folding, spelling variants, inflections, compounds, filler words.

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
    """.split()  # noqa: SIM905
)

# Inflection endings, longest first: hemtjänsten → hemtjänst, lekplatserna → lekplats.
_ENDINGS = (
    "arnas",
    "ernas",
    "ornas",
    "arna",
    "erna",
    "orna",
    "ens",
    "ets",
    "nas",
    "na",
    "en",
    "et",
    "er",
    "ar",
    "or",
    "n",
    "t",
    "s",
)
_DEFINITE_ENDINGS = ("arna", "erna", "orna", "ens", "ets", "na", "en", "et")
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


def stems(word: str, *, definite_only: bool = False) -> list[str]:
    """Forms of a folded word without an inflection ending, longest stem first.

    ``definite_only`` strips only the definite endings (kommunen, frågan, kontakten), which
    names rarely end in: "Göran" is not a form of "göra".
    """
    endings = _DEFINITE_ENDINGS if definite_only else _ENDINGS
    return [
        word[: -len(ending)]
        for ending in endings
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM
    ]


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


# Everyday and English words for what a municipality does, mapped to the words its staff list
# uses, so "who do I contact about snow removal?" finds snöröjning. Keys are folded words.
GLOSSARY: dict[tuple[str, ...], str] = {
    tuple(english.split()): swedish_words
    for english, swedish_words in {
        "snow": "snöröjning",
        "snow removal": "snöröjning",
        "snow clearing": "snöröjning",
        "plowing": "snöröjning",
        "ploughing": "snöröjning",
        "gritting": "halkbekämpning",
        "building permit": "bygglov",
        "building permits": "bygglov",
        "planning permission": "bygglov",
        "permit": "bygglov",
        "home care": "hemtjänst",
        "home help": "hemtjänst",
        "elderly care": "äldreomsorg",
        "nursing home": "särskilt boende",
        "job": "lediga jobb",
        "jobs": "lediga jobb",
        "vacancies": "lediga jobb",
        "recruitment": "rekrytering",
        "internship": "praktikplats",
        "salary": "lön",
        "payslip": "lönespecifikation",
        "water leak": "vattenläcka",
        "leak": "vattenläcka",
        "drinking water": "dricksvatten",
        "water": "vatten",
        "sewage": "avlopp",
        "sewer": "avlopp",
        "garbage": "sophämtning",
        "rubbish": "sophämtning",
        "trash": "sophämtning",
        "waste": "avfall",
        "bin": "sophämtning",
        "bins": "sophämtning",
        "recycling": "återvinning",
        "library": "bibliotek",
        "books": "böcker",
        "media": "press",
        "journalist": "press",
        "head of the municipality": "kommunchef",
        "municipal manager": "kommunchef",
        "city manager": "kommunchef",
        "chief executive": "kommunchef",
        "principal": "rektor",
        "headteacher": "rektor",
        "head teacher": "rektor",
        "school": "skola",
        "preschool": "förskola",
        "kindergarten": "förskola",
        "childcare": "barnomsorg",
        "daycare": "förskoleplats",
        "school bus": "skolskjuts",
        "school transport": "skolskjuts",
        "transport service": "färdtjänst",
        "disability transport": "färdtjänst",
        "invoice": "fakturor",
        "invoices": "fakturor",
        "tax": "skattesats",
        "taxes": "skattesats",
        "finance": "ekonomi",
        "finances": "ekonomi",
        "welfare": "ekonomiskt bistånd",
        "benefits": "ekonomiskt bistånd",
        "financial aid": "ekonomiskt bistånd",
        "social services": "socialtjänst",
        "social worker": "socialsekreterare",
        "guardian": "god man",
        "trustee": "god man",
        "fire": "brandskydd",
        "fire safety": "brandskydd",
        "chimney": "sotning",
        "chimney sweep": "sotning",
        "burning ban": "eldningsförbud",
        "fire ban": "eldningsförbud",
        "food inspection": "livsmedelskontroll",
        "environment": "miljötillsyn",
        "noise": "buller",
        "park": "parker",
        "parks": "parker",
        "playground": "lekplatser",
        "playgrounds": "lekplatser",
        "street light": "gatubelysning",
        "street lights": "gatubelysning",
        "streetlight": "gatubelysning",
        "pothole": "potthål",
        "potholes": "potthål",
        "switchboard": "växel",
        "complaint": "klagomål",
        "complaints": "klagomål",
        "feedback": "synpunkter",
        "police": "polisen",
        "crime": "brott",
        "safety": "trygghet",
        "energy": "energirådgivning",
        "solar": "solceller",
        "solar panels": "solceller",
        "heating": "uppvärmning",
        "newcomers": "nyanlända",
        "swedish for immigrants": "sfi",
        "business": "näringsliv",
        "start a business": "starta företag",
        "password": "lösenord",
        "computer": "datorer",
        "events": "evenemang",
        "sports hall": "idrottshallar",
        "culture": "kultur",
        "associations": "föreningsbidrag",
        "records": "allmänna handlingar",
        "public records": "allmänna handlingar",
        "minutes": "protokoll",
        "election": "val",
        "elections": "val",
        "keys": "nycklar",
        "caretaker": "vaktmästare",
        "janitor": "vaktmästare",
        "emergency": "akut",
        "out of hours": "socialjour",
        "public health": "folkhälsa",
        "communications": "kommunikation",
        "marketing": "marknadsföring",
        "website": "webbplatsen",
        "human resources": "personalfrågor",
        "premises": "lokaler",
        "housing adaptation": "bostadsanpassning",
        "alarm": "trygghetslarm",
        "safety alarm": "trygghetslarm",
        "meals": "matdistribution",
        # Everyday Swedish for the same things.
        "sopor": "sophämtning",
        "soptunna": "sophämtning",
        "sopkarl": "sophämtning",
        "sopbil": "sophämtning",
        "gatlampa": "gatubelysning",
        "gatlyktor": "gatubelysning",
        "gatljus": "gatubelysning",
        "jobba": "lediga jobb",
        "jobbet": "lediga jobb",
        "dagis": "förskola",
        "fritids": "fritidshem",
        "plogning": "snöröjning",
        "ploga": "snöröjning",
        "halka": "halkbekämpning",
        "socialen": "socialtjänst",
        "polis": "polisen",
    }.items()
}
_LONGEST_PHRASE = max(len(phrase) for phrase in GLOSSARY)


def translate(words_in: list[str]) -> list[str]:
    """``words_in`` with glossary phrases replaced by the words the staff list uses."""
    out: list[str] = []
    position = 0
    while position < len(words_in):
        for length in range(min(_LONGEST_PHRASE, len(words_in) - position), 0, -1):
            phrase = words_in[position : position + length]
            replacement = GLOSSARY.get(tuple(phrase))
            if replacement is None and length == 1:
                # soptunnan → soptunna, gatlamporna → gatlampa
                replacement = next(
                    (
                        GLOSSARY[(s,)]
                        for s in (*stems(phrase[0]), phrase[0][:-1])
                        if (s,) in GLOSSARY
                    ),
                    None,
                )
            if replacement is not None:
                out.extend(words(replacement))
                position += length
                break
        else:
            out.append(words_in[position])
            position += 1
    return out
