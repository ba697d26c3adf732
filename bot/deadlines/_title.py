"""Cut the deadline phrase (and the filler words announcing it) out of the task's title."""

from __future__ import annotations

import re

from ._rules import Grammar
from ._text import squash

_LOOK_BACK = 48  # longest chain of fillers we expect: "hạn chót: chậm nhất là vào ngày"
_OPENERS = "([{"
_CLOSERS = ")]}"
_DANGLING = " \t\n,;:-–—/|"
# The polite tail of a request, "… nhé chị", "nha anh", "ạ": no part of the task, nor of its
# deadline. In lower case only ("Nha" is a name). Unaccented "nhe chi", "nha" are taken too
# ("nha" is a particle as it is), but not "a" for "ạ" (a letter of the title), nor a bare "nha"
# after a word of place, where it is "nhà" typed without accents ("họp ở nha"); a kinship word
# only right after the particle.
_KIN = (
    "anh chị|anh chi|các anh chị|cac anh chi|chị|chi|anh|em|cô|co|chú|chu|bác|bac|ông|ong|bà|ba"
    "|mọi người|moi nguoi|cả nhà|ca nha"
)
_POLITE_TAIL = re.compile(
    rf"(?:(?<=\s)|(?<=,)|^)(?:(?P<particle>nhé|nhe|nha|nhá|nhen|nghen)(?P<kin>\s+(?:{_KIN}))?"
    r"(?:\s+ạ)?|ạ)[\s.!?~]*$"
)
# In English, "please"/"pls" at the end, and "thanks"/"thx" only after a comma or a sentence ("a
# note of thanks" is a title).
_POLITE_TAIL_EN = re.compile(
    r"(?i:(?:(?<=\s)|(?<=,)|^)(?:please|pls|plz)|(?<=[,.!])\s*(?:thanks|thank you|thx|ty))"
    r"[\s.!?~]*$"
)
_HOME_AFTER = re.compile(r"(?<!\w)(?:ở|o|về|ve|tại|tai|trong|ngoài|ngoai)\s*$", re.IGNORECASE)


def tail_start(text: str) -> int:
    """Where the polite tail of ``text`` starts ("gửi báo cáo trước 15/8 nhé chị"), or its
    length when it has none."""
    found = _POLITE_TAIL.search(text)
    if found is None:
        english = _POLITE_TAIL_EN.search(text)
        return len(text) if english is None else english.start()
    home = found.group("particle") == "nha" and found.group("kin") is None
    if home and _HOME_AFTER.search(text, 0, found.start()):
        return len(text)
    return found.start()


def _filler_chain(text: str, start: int, grammar: Grammar) -> list[re.Match[str]]:
    """The fillers and their punctuation right before ``start``, nearest first.

    Once a word of one language is taken, only that language's fillers follow: in "bản in
    trước thứ 6" the Vietnamese "trước" is the filler and "in" (print) stays in the title.
    """
    chain: list[re.Match[str]] = []
    patterns = grammar.fillers
    while True:
        hits = [(p, p.search(text, max(0, start - _LOOK_BACK), start)) for p in patterns]
        found = [(p, f) for p, f in hits if f is not None and f.start() != start]
        if not found:
            return chain
        pattern, hit = min(found, key=lambda pf: pf[1].start())
        if _in_title_phrase(text, hit.start(), grammar):  # "việc quá hạn trước thứ 6"
            return chain
        if any(c.isalpha() for c in hit.group()):
            patterns = (pattern,)
        chain.append(hit)
        start = hit.start()


def extend_over_fillers(text: str, start: int, grammar: Grammar) -> tuple[int, bool]:
    """Move ``start`` back over filler words and their punctuation; tell if a word was found."""
    chain = _filler_chain(text, start, grammar)
    word = any(any(c.isalpha() for c in hit.group()) for hit in chain)
    return (chain[-1].start() if chain else start), word


def announced(text: str, start: int, end: int, grammar: Grammar, alone: bool = False) -> bool:
    """Whether a deadline word comes right before ``text[start:end]``, or, if ``alone`` may do,
    it is the whole text ("năm 2023" alone is a deadline, "kế hoạch năm 2023" a title).

    Words that only go with another ("là", "trong", "on", "in") are not enough: "đạt là 2.5",
    "comment on 2.3"; nor words that announce a clock time ("lúc", "at"). See Piece.tentative.
    """
    chain = _filler_chain(text, start, grammar)
    words = [squash(hit.group().strip(_DANGLING)) for hit in chain]
    words = [w for w in words if w]
    if words and words[0] in grammar.clock_fillers:
        return False
    if any(w not in grammar.weak_fillers and w not in grammar.clock_fillers for w in words):
        return True
    rest = text[end : max(end, tail_start(text))]
    whole = not text[:start].strip(_DANGLING) and not rest.strip(_DANGLING + ".!?")
    return alone and whole and not words


def take_dangling(text: str, start: int, end: int, grammar: Grammar) -> int:
    """Move ``start`` back over words the cut would leave dangling at the end of the title.

    Only when the deadline ends the text: in "gửi cho trước thứ 6 anh Nam" the "cho" (to)
    belongs to "anh Nam", and in "gửi kế hoạch cho Hội trước 20/12" nothing dangles. Fillers
    before such words go too: "thời gian dự kiến: 20/12".
    """
    if text[end : max(end, tail_start(text))].strip(_DANGLING + ".!?"):
        return start
    while (hit := grammar.dangling.search(text, max(0, start - _LOOK_BACK), start)) is not None:
        start, _ = extend_over_fillers(text, hit.start(), grammar)
    return start


def _in_title_phrase(text: str, at: int, grammar: Grammar) -> bool:
    """Tell whether the filler word at ``at`` ends a phrase of the title ("quá hạn", "hand in")."""
    for phrase in grammar.title_phrases.finditer(text, max(0, at - _LOOK_BACK), at + _LOOK_BACK):
        if phrase.start() < at < phrase.end():
            return True
    return False


def _tidy_join(left: str, right: str) -> str:
    left, right = left.rstrip(), right.lstrip()
    if left[-1:] in _OPENERS and right[:1] in _CLOSERS:  # "(hạn 15/8)" leaves "()"
        left, right = left[:-1].rstrip(), right[1:].lstrip()
    if right[:1] in _CLOSERS and left.count("(") <= left.count(")"):
        right = right[1:].lstrip()  # "hạn 15/8 (thứ Hai)": the deadline took the opener
    if not left or not right:
        return left or right
    if right[0] in ",;.:)]}!?":
        return left.rstrip(_DANGLING) + right
    return f"{left} {right}"


def cut_title(text: str, cut: tuple[int, int] | None = None) -> str:
    """Return ``text`` without the span ``cut`` and its polite tail, with dangling punctuation
    trimmed."""
    joined = _tidy_join(text[: cut[0]], text[cut[1] :]) if cut is not None else text
    joined = joined.strip()
    joined = joined[: tail_start(joined)]
    joined = re.sub(r"[ \t]{2,}", " ", joined)
    title = joined.strip(_DANGLING).rstrip(_OPENERS).lstrip(_CLOSERS + ".").strip(_DANGLING)
    return title if any(c.isalnum() for c in title) else ""  # "by Friday!" leaves no "!"
