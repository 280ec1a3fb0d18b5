"""Re-ranking a pool of candidates: how much of the query each article covers, whether the
query's words stand together in it, whether it is the penalty the user asked about; then
folding identical texts. Re-ranking orders; it never drops a match (they are counted), it
only decides that a whole query is off-topic."""

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kb.analysis import readings
from kb.jurisdiction import places_outside
from kb.legal.words import DEPARTMENTS, default_enforcers
from kb.search.query import DETAILS, ELSEWHERE, says_amount

MIN_COVERAGE = 0.2          # an article must answer a fifth of what was asked
CONFIDENT_COVERAGE = 0.3    # ...and the best one more, or nothing is shown
UNKNOWN_WORD_COVERAGE = 0.5
# ...and for a long question naming a behaviour (tune halves and development sets: 0.25
# lifts 3 hit@1 and 1 hit@3 and moves 2 down; 0.2 lifts more but moves 8 down).
LONG_CONFIDENT_COVERAGE = 0.25
KNOWN_SHARE = 0.5           # a query most of whose words the corpus never uses is off-topic
SUBJECT_SHARE = 0.5        # a concept only the regulation's title names is half held
PENALTY_LIFT = 1.6
REPEATED_LIFT = 2         # a word typed twice in one question (当个河长…这河长) is what it is about
PHRASE_LIFT = 1.3
COVERAGE_POWER = 2       # (0.5 + coverage)²: how much of the question an article answers outweighs BM25
DEPARTMENT_LIFT = 1.3
DUTY_LIFT = 1.3
# An article that gives a body a duty (公安机关负责…, …是…的主管部门, 由…部门查处): who acts.
DUTY_RE = re.compile("(?:部门|机关|政府|办事处|委员会|管委会|机构)[^，。；\n]{0,6}(?:负责|主管|监督管理|查处|统筹|牵头|协调|指导)"
                     "|主管部门")
PERMISSION_LIFT = 1.3     # 中不中, 能…吗: an article that forbids, limits or permits answers it
RULE_RE = re.compile("禁止|不得|应当符合|限制|严禁|可以")
DEFINITION_LIFT = 1.3     # 才能算, 什么是: the article that defines the term answers it
PLACE_LIFT = 1.5          # 青岛遛狗…: in a wide scope, the texts of the place a question names
VENUE_RE = re.compile("地点|场所|场地|区域|位置|窗口|站点")     # where an act is done (去哪登记)
DEFINES_RE = re.compile("所称[^。；]{0,30}(?:是指|包括)|是指")
# What a result says (SearchResult.answer), and when the word path's best article is taken
# to answer the question itself: chosen on the tune half of tests/relevance/officers.tsv
# (bench/relevance.py prints the precision of `direct` on each half) and on development
# sets of unanswerable questions kept outside the repository (0.55 with lone characters
# holding half: tune precision 0.99, no unanswerable one direct; 0.5 lets in 2 of 32).
DIRECT, RELATED, NONE = "direct", "related", "none"
DIRECT_COVERAGE = 0.55
# A direct answer leaves less than half of the question unfound (0.45: on the tune half,
# 0.4-0.45 keep precision 0.98 and no unanswerable question direct; 0.5 lets in both).
UNMATCHED_SHARE = 0.45
# A long telling of a case (7+ content words: 我家楼下那个大爷天天早上…) is answered on
# what the texts can name; the words no text knows count half (tune halves and development
# sets: 7 words and ½ add 14 right direct answers and no wrong one; 8 words and 0 add 33
# right but 5 wrong; 6 and ½, 23 right and 2 wrong).
LONG_QUESTION = 7
NARRATIVE_SHARE = 0.5
PENALTY_DEPTH = 3           # a penalty question's answer: a penalty among the first three


@dataclass
class Scored:
    document: dict
    score: float
    coverage: float
    answers: float = 0.0    # the coverage that counts for whether it answers the question (answer_of);
                            # 0 when it does not say what was asked (an amount, the act asked about)
    folded: list = field(default_factory=list)     # documents with the same text, shown as this one
    findable: float = 0.0   # the coverage over the words some article could hold (MIN_COVERAGE)


def answer_weight(counted: list) -> Callable:
    """How much each word counts for whether an article answers the question: _weight,
    except that in a long question (LONG_QUESTION words or more) a word the index knows in
    no form (大爷, 早上, 吓哭) is the officer's telling of the case and counts NARRATIVE_SHARE.
    A short question's unknown word is what it asks about (专利), so it counts whole."""
    if len(counted) < LONG_QUESTION or not any(c.known for c in counted):
        return _weight
    return lambda c: _weight(c) * (1 if c.known else NARRATIVE_SHARE)


def _counted(concepts):
    # Penalty wording (怎么罚) is handled by the penalty lift; counting it here twice
    # would favour any article that mentions a fine over the one about the behaviour.
    return [c for c in concepts if not c.intent] or concepts


def read(text):
    """The text as a reader takes it: with its bracketed alternatives spelled out (河（湖）长
    holds 河长; kb.analysis.readings)."""
    alternatives = readings(text)
    return f"{text}\n{alternatives}" if alternatives else text


def _held(text, concept, forms=None):
    """1 when the text holds the concept in some form, ½ when it holds a character pair of
    a word of three or more, else 0. `forms`: the concept's, when already listed."""
    return _holds(read(text), concept, concept.forms if forms is None else forms)


def _names(text, concept, forms):
    """Whether the text says the concept in one of its forms (an asked unit: with an amount)."""
    if concept.amount:
        return says_amount(text, concept.word)
    return any(form and form in text for form in forms)


def _holds(text, concept, forms):
    if _names(text, concept, forms):
        return 1.0
    if concept.amount:
        return 0.0
    word = concept.word
    if len(word) >= 3 and any(word[i:i + 2] in text for i in range(len(word) - 1)):
        return 0.5
    return 0.0


def _named(text, holds, thesaurus):
    """`holds` with each concept of `thesaurus` that the text holds only through a 同义词词林
    synonym held at half: the article speaks of something alike, not of what was asked."""
    held = [c for c in thesaurus if holds[id(c)] == 1.0]
    if not held:
        return holds        # the text is read again only when a synonym could be what it holds
    text = read(text)
    halved = {id(c): 0.5 for c in held if not _names(text, c, c.naming_forms)}
    return {**holds, **halved} if halved else holds


def _holdings(text, concepts, forms, subject=None):
    """id(concept) → _held, for each concept (`forms`: id → its forms), reading the text once.
    What the article's regulation is about (its subject, 泗河保护管理) it holds at
    SUBJECT_SHARE (`subject`: id → that share, or None): the 泗河 regulation's penalty for
    乱搭乱建 is about the 泗河 without saying so."""
    text = read(text)
    held = {id(c): _holds(text, c, forms[id(c)]) for c in concepts}
    if subject:
        for key, share in subject.items():
            held[key] = max(held[key], share)
    return held


def _evidence(concept, linked=False):
    """How far holding a concept shows that the article speaks of it: a lone character the
    lexicon does not know (医, 包, 户) is in almost every text through some word holding
    it, so holding it shows half as much. With `linked`, the same for a word the lexicon only
    links to the law's terms (被狗咬 ~ 狂犬病): the article speaks of the matter, but what it
    names is not what was asked — enough to find it, not to call it the answer."""
    return 0.5 if _weak(concept) or (linked and concept.associated) else 1


SENTENCE_RE = re.compile("[。\n]")
CLAUSE_RE = re.compile("[。\n，；,;]")


def _bound(text, bound, others, forms):
    """Whether each particular or amount asked (`bound`: 名单, 多少米) stands in a sentence of
    the text with something else the question names (`others`): 河长名单 is not the 名单
    of 黑臭水体 the question asks for, and a period of another duty is not its period. A
    figure asked of a thing (硫分多少) stands in one clause with that thing: 罚款一倍 in the
    sentence on 散煤 is no 硫分, nor 逾期一年 the share of land 覆盖."""
    if not others:
        return True
    text = read(text)
    sentences, clauses = SENTENCE_RE.split(text), CLAUSE_RE.split(text)

    def stated(asked):
        of = [o for o in others if o.word == asked.of]
        pieces, said_of = (clauses, of) if of else (sentences, others)
        return any(_holds(piece, asked, forms[id(asked)]) == 1.0
                   and any(_holds(piece, o, forms[id(o)]) for o in said_of) for piece in pieces)

    return all(stated(asked) for asked in bound)


def _own_forms(concept):
    """The forms a concept is named by, not those the lexicon only links it to."""
    return [concept.word] if concept.associated else [concept.word] + concept.variants


def _weak(concept):
    return len(concept.word) == 1 and not concept.from_lexicon


def _share_of(concepts, weight, evidence=lambda concept: 1):
    """(((id(concept), weight · evidence), …), Σ weight): how a share of the question is
    weighed, worked out once per query rather than for every candidate."""
    return tuple((id(c), weight(c) * evidence(c)) for c in concepts), sum(weight(c) for c in concepts)


def _weighted(held, share):
    """Σ weight · held / Σ weight over a _share_of."""
    pairs, total = share
    return sum(weight * held[key] for key, weight in pairs) / total if total else 1.0


def specificity(texts, concepts, held=None):
    """concept word → how much it singles out among the candidates: a concept most of them
    hold (大街 → 道路) says less than one few hold (撒尿 → 便溺), log(e + n / (1 + holding)).
    `held`: per text, id(concept) → _held, when already worked out."""
    held = held or [{id(c): _held(text, c) for c in concepts} for text in texts]
    n = len(texts)
    return {c.word: math.log(math.e + n / (1 + sum(1 for h in held if h[id(c)] == 1.0))) for c in concepts}


BODY_RE = re.compile("|".join(f"(?:{pattern})" for pattern in DEPARTMENTS.values()))


def _names_body(text):
    """Whether an article names a department or body (who acts: 谁管 is answered there)."""
    return BODY_RE.search(text) is not None


def _weight(concept):
    """A word's weight by its length, 2 to 4: a lone character (偷, 拆, 树) is a whole word
    of the question, not half of one; doubled for a word typed twice."""
    return min(max(len(concept.word), 2), 4) * (REPEATED_LIFT if concept.repeated else 1)


def on_topic(concepts):
    """Whether the corpus speaks of what was asked: a lexicon behaviour was named, or most
    of the query (by weight) consists of words the index knows."""
    concepts = [c for c in concepts if not c.intent] or concepts
    if any(c.from_lexicon for c in concepts):
        return True
    # A lone character (加, 分) is widened to whatever words contain it, so it says nothing
    # about whether the corpus speaks of the query's subject — unless it is all there is.
    concepts = [c for c in concepts if len(c.word) > 1] or concepts
    total = sum(_weight(c) for c in concepts)
    return total > 0 and sum(_weight(c) for c in concepts if c.known) / total >= KNOWN_SHARE


def needed_coverage(concepts):
    """A query naming something the corpus never mentions (专利) must be answered mostly
    by what remains, or it is taken to be about that unknown thing — unless it also names
    a behaviour the lexicon knows (then the unknown words are the officer's own phrasing).
    A long telling of a behaviour spreads over words no article needs to hold, so its best
    article covers less of it: LONG_CONFIDENT_COVERAGE."""
    unknown = any(not c.known and len(c.word) >= 2 and not c.intent for c in concepts)
    named_behaviour = any(c.from_lexicon and not c.intent for c in concepts)
    if named_behaviour and len(_counted(concepts)) >= LONG_QUESTION:
        return LONG_CONFIDENT_COVERAGE
    return UNKNOWN_WORD_COVERAGE if unknown and not named_behaviour else CONFIDENT_COVERAGE


def adjacency(text, concepts):
    """True when two consecutive query words stand together in the text (a phrase match)."""
    words = [c.word for c in concepts]
    return any(a + b in text for a, b in zip(words, words[1:], strict=False))


def rerank(candidates, parsed):
    """candidates: [(stored fields, whoosh score)] → Scored list, best first; None when the
    query is off-topic. Articles covering less than MIN_COVERAGE of the query come last."""
    scored, confident = rank(candidates, parsed)
    return scored if confident else None


def rank(candidates, parsed):
    """(Scored list, best first, folded; whether the best is confident enough to be shown
    as an answer). An unconfident list is still an ordering: the searcher may show it, as
    loosely related, beside the character path."""
    scored = []
    # A word the index knows in no form (邻居, 天天) can be in no candidate: counted in the
    # ordering it only flattens the difference coverage makes. It still counts for whether
    # the best article answers the question (the coverage kept on Scored). An asked amount
    # is read from the text itself (百分之三十五), whatever words the index holds.
    live = [c for c in parsed.concepts if c.known or c.variants or c.loose or c.amount] or parsed.concepts
    # A particular asked (地址) is held by its own word, not one meaning or sounding alike (地方).
    forms = {id(c): (_own_forms(c) if c.asked and (c.word in DETAILS or c.word in ELSEWHERE) else c.forms)
             for c in parsed.concepts}
    subjects = {}       # a regulation's subject, worked out once for all its candidates
    for document, _ in candidates:
        subject = document.get("subject", "")
        if subject and subject not in subjects:
            subjects[subject] = {id(c): SUBJECT_SHARE * _holds(subject, c, forms[id(c)]) for c in parsed.concepts}
    held = [_holdings(document["text"], parsed.concepts, forms, subjects.get(document.get("subject", "")))
            for document, _ in candidates]
    specific = specificity([document["text"] for document, _ in candidates], live, held)
    # The weights of each share, worked out once: what the article holds of the question (its
    # coverage), what it answers of it, and over the live concepts the ordering (by their
    # specificity) and what an article could hold at all.
    counted = _counted(parsed.concepts)
    weight = answer_weight(counted)
    covered = _share_of(counted, weight, _evidence)
    answered = _share_of(counted, weight, lambda c: _evidence(c, linked=True))
    # What the question asks (多少钱, 能骑吗): an article not saying it (nor its regulation's
    # title) does not answer it. A word the index knows in no form may be worded otherwise
    # there, so it cannot count — unless it is a particular or a matter of another law,
    # which no other wording of the law's stands for; or an act asked where it goes (信寄到哪)
    # that the index knows in no form: no article says where.
    asked = [id(c) for c in counted if c.asked and (c.amount or c.known or c.word in DETAILS or c.word in ELSEWHERE)
             or c.where and not c.known]
    # Where to do something (去哪登记, 往哪扔) is answered by an article saying the act or
    # naming a place for it (堆放到指定地点), whatever its verb.
    where = [id(c) for c in counted if c.where and c.known]
    # What is asked, when the lexicon only links it to the law's terms (旁听 ~ 列席会议): an
    # article naming those terms speaks of the matter, but says nothing of what was asked.
    linked_asked = [c for c in counted if c.asked and c.associated]
    # Whether a thing counts as something (俺家金毛算大型犬不) is answered by an article naming
    # that thing, not one naming only the category (大型犬只), nor the lexicon's link to it.
    classified = [c for c in counted if c.classified]
    # A particular or an amount asked is said of something: the article must say it there.
    bound = [c for c in counted if c.asked and (c.amount or c.word in DETAILS)]
    others = [c for c in counted if c not in bound and not _weak(c)]
    findable = _counted(live)
    ordering = _share_of(findable, lambda c: _weight(c) * specific.get(c.word, 1.0))
    # Whether an article answers enough to stand with the others (MIN_COVERAGE) is judged on
    # the words an article could hold: words none can (木主, 拾掇) dilute every coverage, and
    # the bar then fell between an article holding 野狗 and one holding a lone 死 besides.
    reachable = _share_of(findable, _weight, _evidence)
    # A word held only through a 同义词词林 synonym (报名 ~ 申请) means something alike there:
    # enough to find the article, half as much to say it answers the question.
    thesaurus = [c for c in counted if len(c.naming_forms) < len(c.forms)]
    for (document, score), holds in zip(candidates, held, strict=True):
        text = document["text"]
        share = _weighted(holds, covered)
        answers = _weighted(_named(text, holds, thesaurus), answered)
        if (not all(holds[key] for key in asked) or any(c.word not in text for c in linked_asked)
                or where and not VENUE_RE.search(text) and not all(holds[key] for key in where)
                or answers and bound and not _bound(text, bound, others, forms)
                or classified and not any(_names(read(text), c, _own_forms(c)) for c in classified)):
            answers = 0.0
        score *= (0.5 + _weighted(holds, ordering)) ** COVERAGE_POWER
        if parsed.penalty_intent and document.get("penalty"):
            score *= PENALTY_LIFT
        if parsed.department_intent and _names_body(text):
            score *= DEPARTMENT_LIFT * (DUTY_LIFT if DUTY_RE.search(text) else 1)
            # Who fines (罚款归哪个部门): the article naming who imposes every penalty of its
            # regulation answers as a penalty clause would.
            if parsed.penalty_intent and not document.get("penalty") and default_enforcers(text):
                score *= PENALTY_LIFT
        if parsed.permission_intent and RULE_RE.search(text):
            score *= PERMISSION_LIFT
        if parsed.definition_intent and DEFINES_RE.search(text):
            score *= DEFINITION_LIFT
        if parsed.places and document.get("jurisdiction") in parsed.places:
            score *= PLACE_LIFT
        if adjacency(text, parsed.concepts) or parsed.phrases:
            score *= PHRASE_LIFT
        scored.append(Scored(document, score, share, answers, findable=_weighted(holds, reachable)))
    scored.sort(key=lambda s: (s.findable >= MIN_COVERAGE, s.score), reverse=True)
    best = max((s.coverage for s in scored), default=0.0)
    confident = not scored or (on_topic(parsed.concepts) and best >= needed_coverage(parsed.concepts))
    return fold_duplicates(scored), confident


def best_answer(scored, parsed):
    """The answering coverage of the best article (answer_of's `best`), or None when there
    is none. A question asking the penalty (会被罚不) is answered only when one of the
    articles listed first is a penalty for what was asked: the best article itself, one
    sanctioning it (违反本条例第十三条规定), or one answering the question on its own. The duty
    alone does not say what it costs, and a penalty for something else listed beside it
    does not either. A question naming a place (济南, 杭州) is answered only by a text that
    is law there (kb.jurisdiction.places_outside)."""
    if not scored:
        return None
    if places_outside(scored[0].document.get("jurisdiction"), parsed.places):
        return 0.0      # 济南的绿地率 is not answered by 济宁's regulation
    if parsed.penalty_intent:
        fining = _fining(scored[0].document.get("fined_items"), parsed)
        if not any(_penalty_for(s, scored[0], fining) for s in scored[:PENALTY_DEPTH]):
            return 0.0
    if not _names_behaviour(scored[0].document, parsed):
        return 0.0      # 未成年人养狗 is not answered by the rule on minors in internet cafés
    return scored[0].answers


def _names_behaviour(document, parsed):
    """Whether the article names one of the behaviours the lexicon found in the question
    (养狗 → 养犬), if it found any. A penalty article names the duty it fines by number
    (违反本条例第十九条规定), so it need not."""
    named = [c for c in parsed.concepts if c.from_lexicon and not c.intent]
    return not named or document.get("penalty") or any(_held(document["text"], c) == 1.0 for c in named)


def _fining(items, parsed):
    """Of a duty article whose penalties fine only some of its items (`fined_items`, from the
    searcher), the (article, suffix) of the penalties fining the item the question is about —
    the one holding most of it; None when the penalties cover the article whole or the
    question is about none of its items."""
    if not items:
        return None
    concepts = _counted(parsed.concepts)
    shares = [sum(_weight(c) * _held(text, c) for c in concepts) for text, _ in items]
    top = max(shares)
    if not top:
        return None
    return set().union(*(fines for share, (_, fines) in zip(shares, items, strict=True) if share == top))


def _penalty_for(penalty, best, fining=None):
    """Whether `penalty` (a Scored) is a penalty for what the best article (a Scored) is about:
    `sanctions` on its document lists the (article, suffix) of the duties it sanctions, as
    kb.legal links them. `fining` (_fining): when the best article's penalties fine only
    some of its items, the penalties for the item asked about; another item's fine is no answer."""
    document, duty = penalty.document, best.document
    if not document.get("penalty"):
        return False
    if penalty.answers >= DIRECT_COVERAGE and penalty is not best:
        return True
    if fining is not None:
        return document.get("slug") == duty.get("slug") and (document.get("article"), document.get("suffix", 0)) in fining
    return (penalty is best
            or (document.get("slug") == duty.get("slug")
                and (duty.get("article"), duty.get("suffix", 0)) in document.get("sanctions", ())))


def fold_duplicates(scored):
    """Keep the best of articles with the same text (boilerplate repeated across laws)."""
    seen, kept = {}, []
    for item in scored:
        key = item.document["text"]
        if key in seen:
            seen[key].folded.append(item.document)
            continue
        seen[key] = item
        kept.append(item)
    return kept


def unmatched_words(parsed, texts):
    """The user's content words (not 怎么罚) that none of the texts names in any form (a
    synonym group's word only means something alike: 报名 is not found in an article on
    申请). A compound the index never saw (地下室) is unmatched as a whole unless a text
    holds it, whatever its parts (地下, 室) find: the texts do not speak of that thing."""
    found = []
    texts = [read(text) for text in texts]
    for c in parsed.concepts:
        if c.intent:
            continue
        if c.whole and not any(c.whole in text for text in texts):
            word = c.whole
        elif not any(_names(text, c, c.naming_forms) for text in texts):
            word = c.label
        else:
            continue
        if word not in found:
            found.append(word)
    return found + [kind for kind in parsed.kinds if kind not in found and not any(kind in text for text in texts)]


def answer_of(path, best, parsed, unmatched=(), subject=""):
    """direct / related / none. Only the word path can be direct: its best article covers
    most of the question and the listed articles leave little of it unfound (`subject`: the
    best article's regulation subject and jurisdiction, "\n"-joined). A question
    asking what the texts never state (ParsedQuery.unstated: why a rule is so, a contact,
    what a list holds, opening hours) is never direct."""
    if not path:
        return NONE
    if path != "words" or best is None or best < DIRECT_COVERAGE or parsed.unstated:
        return RELATED
    if any(kind in unmatched for kind in parsed.kinds):
        return RELATED
    # What is asked (能游泳不, 疼不疼) and no listed article names is what the question is about.
    if any(c.asked and not c.from_lexicon and not c.amount and c.label in unmatched for c in parsed.concepts):
        return RELATED
    concepts = [c for c in parsed.concepts if not c.intent] or parsed.concepts
    # A plain word naming what the answering regulation is about or where it is law (泗河,
    # 济宁) says which text, not what is asked of it: 泗河钓鱼要办证不 is about 钓鱼. A lexicon
    # word (放鞭炮) is a behaviour the texts rule on, and counts however titles name it.
    concepts = [c for c in concepts if c.from_lexicon or _holds(subject, c, c.forms) < 1.0] or concepts
    # Lone characters alone (立 哪些 新 规) are widened to whatever words hold them: what they
    # found says nothing of what was asked.
    if all(_weak(c) for c in concepts):
        return RELATED
    unmatched = set(unmatched)
    weight = answer_weight(concepts)
    total = sum(weight(c) for c in concepts) or 1
    missing = sum(weight(c) for c in concepts if c.label in unmatched or c.whole in unmatched)
    return DIRECT if missing / total <= UNMATCHED_SHARE else RELATED
