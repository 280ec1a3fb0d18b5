"""Clause lookup over one index generation.

A citation in the query goes straight to its article (kb.locate); the rest is searched.
Every article whoosh matches under the query and the filters counts: `total` and the
facets are whoosh's counts over all of them. Re-ranking (kb.search.ranking) orders the top
of that list; past the re-ranked pool, whoosh's order continues, so every counted article
can be paged to. When nothing is confident, the looser paths count only the articles they
list (picked from a pool of POOL), not every article that shares a word or a character.
One whoosh searcher per thread over a generation that never changes."""

import math
import threading
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from whoosh.filedb.filestore import FileStorage
from whoosh.query import And, Or, Term

from kb.analysis import CJK_RE, GRAM_STOP, char_bigrams, readings
from kb.citation import format_citation
from kb.errors import KbError
from kb.index.schema import document_id
from kb.jurisdiction import places_outside
from kb.library import Library
from kb.locate import Located, citations_in
from kb.numerals import CN_NUMERAL_CHARS
from kb.search import lexicon
from kb.search.arrays import ArrayIndex
from kb.search.highlight import Snippet, snippet, whole
from kb.search.query import (
    ADVICE,
    CILIN_BOOST,
    CONTACT,
    FACT,
    HOMOPHONE_BOOST,
    HOURS,
    LIST,
    OWNER,
    QUESTION_WORDS,
    REASON,
    SEARCH_FIELDS,
    char_widenings,
    parse_query,
)
from kb.search.ranking import DIRECT, NONE, PENALTY_DEPTH, RELATED, answer_of, best_answer, rank, unmatched_words
from kb.search.recall import PinyinMap, cilin_groups, common_word, synonyms
from kb.search.suggest import suggestions

MAX_LIMIT = 100
MAX_PAGE = 1000
MAX_QUERY_CHARS = 2000
POOL = 60              # candidates re-ranked per query
STORED_CACHE = 4096    # documents whose stored fields are kept: all the home texts (a few hundred); a few MB
EXPANSIONS_PER_CHAR = 12
PINNED_SCORE = 1e6
# Filter name → indexed field; the same names key the facets.
FILTER_FIELDS = {"regulation": "slug", "chapter": "chapter", "department": "department", "penalty": "penalty",
                 "jurisdiction": "jurisdiction"}
PENALTY_LABELS = {True: "有罚则", False: "无罚则"}
# Values listed per facet: with every collection, a common word's hits span 1,700
# regulations and 3,700 chapter headings; a list that long helps no one and, cached, costs
# hundreds of kilobytes per result. The counts of those listed are exact.
FACET_VALUES = 100
RARE = 1                # a word in at most this many articles is widened like an unknown one
GRAM_VARIANT_BOOST = 0.5
MIN_GRAMS = 2           # the character path needs this many of the query's bigrams in one article
LOOSE_COVERAGE = 0.1    # an unconfident word match shown as related covers at least this much
FUSION_K = 10           # reciprocal rank fusion of the loose word ordering and the character path
# The character path weighs half the loose word ordering: the words carry the lexicon's and
# the synonyms' meaning, the bigrams only spelling (tune half: 0.3-0.5 +1 hit@3, 1.0 none).
GRAM_WEIGHT = 0.5
PENALTY_CHAPTER = "法律责任"
# Why a question that asks what the texts never state is not answered directly (ParsedQuery.unstated).
UNSTATED_NOTICES = {
    REASON: "法规条文只规定怎么做，一般不写明这样规定的理由；一部法规的立法目的通常写在它的第一条",
    CONTACT: "法规条文只要求有关部门公布电话、信箱、网站等联系方式，不载明具体号码或网址；请以主管部门公布的为准",
    LIST: "法规条文只规定名录、名单由哪个部门确定和公布，不载明其中的内容；请以主管部门公布的为准",
    HOURS: "法规条文不载明办事机构的办公或营业时间；请以该机构公布的为准",
    ADVICE: "法规条文只规定应当怎么做，不评价或推荐具体的产品、品牌或方法",
    OWNER: "财产归谁所有由法律规定（物权法定），本库收录的地方性法规不规定某一财物的归属",
    FACT: "法规条文只规定同类事物共同遵守的规则，不记载某一具体事物的情况（哪个最老、最大，在哪里，有多少年）；请向主管部门查询",
}


@dataclass
class Hit:
    slug: str
    regulation: str             # the title, for display
    article: int
    suffix: int
    label: str
    part: str
    chapter: str
    section: str
    text: str
    snippet: Snippet
    score: float
    complete: bool
    jurisdiction: str = ""      # 济宁市, 青岛市, 山东省, 全国 (kb.jurisdiction)
    level: str = ""             # 设区的市地方性法规, 法律 …
    departments: list = field(default_factory=list)
    penalty: bool = False
    facts: dict = field(default_factory=dict)
    cited: bool = False        # the query cited this article
    paragraph: int = 0         # the cited 款 / 项, when the citation named one
    item: int = 0
    folded: list = field(default_factory=list)     # citations of identical texts folded into this one

    @property
    def citation(self) -> str:
        return format_citation(self.regulation, self.label)

    def as_json(self) -> dict:
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["snippet"] = self.snippet.as_json()
        data["score"] = round(self.score, 4)
        data["citation"] = self.citation
        return data


@dataclass
class SearchResult:
    query: str
    total: int = 0
    hits: list = field(default_factory=list)
    page: int = 1
    limit: int = 10
    facets: dict = field(default_factory=dict)     # name → [(value, count)], most first
    facets_omitted: dict = field(default_factory=dict)  # name → values past FACET_VALUES, not listed
    notice: str = ""           # e.g. a cited article that does not exist, and why
    suggestions: list = field(default_factory=list)
    answer: str = NONE         # direct: these articles answer it; related: only loosely; none
    unmatched: list = field(default_factory=list)   # query words no listed article contains

    @property
    def caveat(self) -> str:
        """What to say above a `related` answer: the texts do not settle the question, and
        which of its words no listed article contains."""
        if self.answer != RELATED:
            return ""
        text = f"本库收录的法规未直接规定“{self.query.strip()}”；以下条文可能相关"
        if self.unmatched:
            text += f"（未找到：{'、'.join(self.unmatched)}）"
        return text + "。"

    def add_notice(self, text: str) -> None:
        self.notice = "；".join(filter(None, (self.notice, text)))

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit))

    def as_json(self) -> dict:
        return {"query": self.query, "total": self.total, "page": self.page, "pages": self.pages,
                "answer": self.answer, "unmatched": self.unmatched,
                "hits": [h.as_json() for h in self.hits], "facets": self.facets,
                "facets_omitted": self.facets_omitted,
                "notice": self.notice, "suggestions": self.suggestions}


class IndexMissing(KbError):
    pass


class ClauseIndex:
    """Search over the index folder of one generation, with the Library of that generation."""

    def __init__(self, folder, library: Library):
        self.library = library
        # whoosh's mmap path copies each file of a compound segment into memory, once per
        # searcher (a BytesIO over the map); plain reads let the OS cache the file once.
        self._index = FileStorage(str(folder), supports_mmap=False).open_index()
        self._schema = self._index.schema     # read from the generation's table of contents once
        # A document's stored fields, decompressed and unpickled once: re-ranking reads those
        # of the top candidates on every search.
        self.stored = lru_cache(maxsize=STORED_CACHE)(self._read_stored)
        self._local = threading.local()
        self._vocabulary = None
        self._pinyin = None
        self._widened = {}
        self._arrays = None
        self._lock = threading.Lock()

    def _searcher(self):
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._local.searcher = self._index.searcher()
        return searcher

    def warm_up(self) -> None:
        """Load what a first search would: the segmenter, the vocabulary, the pinyin map, the
        synonym groups, the lexicon's tables (kb.search.lexicon.prepare) and the facet
        tables; and, when the caches hold them all (the home texts), every document's stored
        fields with its text's readings and every searched term's postings. Read in order
        they take under a second; one by one, as first searches ask for them, they made the
        first pass over a set of questions twice as slow as the next."""
        self.search("养犬")
        self.pinyin_map()
        cilin_groups()
        lexicon.prepare()
        count = self._searcher().doc_count_all()
        if count <= STORED_CACHE:
            for docnum in range(count):
                readings(self.stored(docnum)["text"])
            self.arrays().load((*SEARCH_FIELDS, "grams"))

    def _read_stored(self, docnum: int) -> dict:
        return self._searcher().stored_fields(docnum)

    def vocabulary(self):
        """(char → indexed words containing it, indexed word → number of articles), built once."""
        with self._lock:
            if self._vocabulary is None:
                self._vocabulary = _char_vocabulary(self._searcher().reader())
            return self._vocabulary

    def pinyin_map(self) -> PinyinMap:
        """Toneless pinyin → indexed words, built from the vocabulary on first need."""
        _, terms = self.vocabulary()
        with self._lock:
            if self._pinyin is None:
                self._pinyin = PinyinMap(terms.items())
            return self._pinyin

    def widen(self, word: str) -> list:
        """(indexed word, boost) for a query word the index does not know or knows rarely:
        its homophones (溜狗 → 遛狗; unknown words only) and its 同义词词林 synonyms; for a lone
        character no indexed word holds (踩), the words of its synonym group when it has one
        only (践踏): a character of several groups (吃) could mean any of them."""
        if word in self._widened:
            return self._widened[word]
        found = []
        _, terms = self.vocabulary()
        frequency = terms.get(word, 0)
        def thesaurus():
            return synonyms(word, terms.__contains__, lambda w: terms.get(w, 0))

        if len(word) >= 2 and CJK_RE.match(word) and frequency <= RARE:
            if frequency == 0 and not common_word(word):
                found += [(w, HOMOPHONE_BOOST) for w in self.pinyin_map().homophones(word)]
            seen = {w for w, _ in found}
            found += [(w, CILIN_BOOST) for w in thesaurus() if w not in seen]
        elif len(word) == 1 and CJK_RE.match(word) and not frequency and len(cilin_groups().get(word, ())) == 1:
            found += [(w, CILIN_BOOST) for w in thesaurus() if len(w) > 1]
        if len(self._widened) < 50_000:
            self._widened[word] = found
        return found

    def arrays(self) -> ArrayIndex:
        """The generation's postings as arrays: every match counted and scored at once."""
        with self._lock:
            if self._arrays is None:
                self._arrays = ArrayIndex(self._index.searcher())
            return self._arrays

    def facets(self, counted: np.ndarray) -> tuple:
        """(name → [(value, count)], most first, over the documents set in the mask
        `counted`, at most FACET_VALUES each; name → how many values were not listed)."""
        arrays = self.arrays()
        schema = self._schema
        facets, omitted = {}, {}
        for name, field_name in FILTER_FIELDS.items():
            # whoosh's BOOLEAN gives back its "t"/"f" terms; the filters take bools.
            decode = (lambda term: term == b"t") if name == "penalty" else schema[field_name].from_bytes
            pairs, omitted[name] = arrays.facet(field_name, decode).counts(counted, FACET_VALUES)
            facets[name] = [(PENALTY_LABELS[v], c) for v, c in pairs] if name == "penalty" else pairs
        return facets, omitted

    def search(self, text: str, limit: int = 10, page: int = 1, filters: dict | None = None) -> SearchResult:
        """`filters`: regulation (a slug), chapter (a heading, or a list of headings: any of
        them; kb.filters.resolve_chapter), department, penalty (bool), jurisdiction (one or
        a list: kb.snapshot.Snapshot.search sets it from a search scope)."""
        limit = max(1, min(int(limit), MAX_LIMIT))
        page = max(1, min(int(page), MAX_PAGE))
        text = (text or "")[:MAX_QUERY_CHARS]
        filters = {k: v for k, v in (filters or {}).items() if k in FILTER_FIELDS and v not in (None, "", [], ())}
        result = SearchResult(query=text, page=page, limit=limit)
        searcher = self._searcher()
        allowed = self._allowed(filters)
        pinned, rest = self._cited(searcher, allowed, text, result)
        vocabulary, terms = self.vocabulary()
        parsed = parse_query(rest, lambda ch: vocabulary.get(ch, []), terms.__contains__, self.widen)
        start = (page - 1) * limit
        ranked, matched, best, loose = self._matches(searcher, parsed, allowed, pinned, start + limit)
        path = "words" if ranked else ""
        if not ranked and not pinned and parsed.concepts:
            # Nothing confident: the loose word ordering and the character path, fused.
            grams, gram_matched = self._grams(searcher, parsed, allowed)
            ranked = _fuse((loose[0], 1.0), (grams, GRAM_WEIGHT))
            matched = np.union1d(loose[1], gram_matched)
            path = "loose" if ranked else ""
        if not ranked and not pinned and parsed.concepts:
            # Neither words nor bigrams (槐树 村口): its characters, at most related.
            ranked, matched = self._characters(searcher, parsed, allowed)
            path = "characters" if ranked else ""
        ordered = [(d, PINNED_SCORE) for d in pinned] + ranked
        counted = self.arrays().member(matched)
        counted[[d["docnum"] for d in pinned]] = True
        result.total = int(np.count_nonzero(counted))
        result.facets, result.facets_omitted = self.facets(counted)
        terms_shown = parsed.highlight_terms
        result.hits = [self._hit(d, score, terms_shown) for d, score in ordered[start:start + limit]]
        if ranked:
            # Text and subject apart: each one's readings are worked out once (warm_up).
            result.unmatched = unmatched_words(parsed, [piece for d, _ in ranked[:max(limit, 3)]
                                                        for piece in (d["text"], d["subject"])])
        about = "\n".join((ranked[0][0]["subject"], ranked[0][0]["jurisdiction"])) if ranked else ""
        result.answer = DIRECT if pinned else answer_of(path, best, parsed, result.unmatched, about)
        if not ordered and parsed.concepts:
            result.suggestions = suggestions(parsed, vocabulary)
        if result.total and start >= result.total:
            result.add_notice(f"共 {result.pages} 页，没有第 {page} 页")
        if parsed.penalty_intent and ordered and not pinned:
            result.add_notice(self._missing_penalties(ordered[0][0]))
        for kind in parsed.unstated if ordered and not pinned else ():
            result.add_notice(UNSTATED_NOTICES[kind])
        if parsed.places and ordered and not pinned:
            result.add_notice(_place_notice(parsed.places, ordered[0][0]))
        return result

    def like(self, words: list, limit: int = 30, filters: dict | None = None,
             terms: int = 12) -> list:
        """[(slug, article, suffix, score)] of the articles most like a text given as its
        index words (kb.analysis.index_text): its `terms` rarest-but-repeated words, weighted
        by tf·idf, as one OR query, best first (kb.compare: the same matter elsewhere)."""
        searcher = self._searcher()
        reader = searcher.reader()
        count = reader.doc_count() or 1
        weights = {}
        for word in words:
            frequency = reader.doc_frequency("words", word)
            if frequency and len(word) > 1:
                weights[word] = weights.get(word, 0.0) + math.log(1 + count / frequency)
        chosen = sorted(weights.items(), key=lambda pair: pair[1], reverse=True)[:terms]
        if not chosen:
            return []
        query = Or([Term("words", word, boost=weight) for word, weight in chosen])
        allowed = self._allowed({k: v for k, v in (filters or {}).items() if k in FILTER_FIELDS and v})
        best = self.arrays().matches(query, allowed).top(limit)
        return [(stored["slug"], stored["article"], stored["suffix"], score)
                for stored, score in ((self.stored(docnum), score) for docnum, score in best)]

    def _allowed(self, filters):
        """The mask of documents the filters let through, or None when there are none."""
        query = _filter_query(filters)
        return None if query is None else self.arrays().mask(query)

    def _documents(self, searcher, best):
        documents = [dict(self.stored(docnum), docnum=docnum, score=score) for docnum, score in best]
        for document in documents:
            entry = self.library.get(document["slug"])
            document["subject"] = entry.subject if entry else ""
            document["jurisdiction"] = entry.jurisdiction if entry else ""
        return documents

    def _missing_penalties(self, document) -> str:
        """A penalty question best answered by an incomplete text that has no penalty
        chapter: the stored text cannot hold the answer, and the notice says how to get it."""
        entry = self.library.get(document["slug"])
        regulation = entry.regulation if entry else None
        if regulation is None or regulation.complete:
            return ""
        if any(PENALTY_CHAPTER in chapter.heading for chapter in regulation.chapters):
            return ""
        last = regulation.last_article
        stops = f"止于{last.label}" if last else "不完整"
        return (f"《{entry.title}》本库文本{stops}，缺少罚则（法律责任）部分，以下条文不含对应罚则；"
                f"取得完整文本后用 regkb import 导入，再运行 regkb index")

    def _cited(self, searcher, allowed, text, result):
        """Documents of the articles the query cites, pinned first; and the query without them."""
        pinned = []
        found = citations_in(self.library, text)
        for _, located in found:
            if not located:
                result.notice = located.reason
                located = located.whole_article     # shown whole when only its 款/项 is missing
                if located is None:
                    continue
            document = _pinned_document(searcher, located)
            if document and (allowed is None or allowed[document["docnum"]]):
                pinned.append(document)
        for match, _ in reversed(found):
            text = text[:match.start] + " " + text[match.end:]
        return pinned, text

    def _matches(self, searcher, parsed, allowed, pinned, wanted):
        """(ranked [(document, score)], at least `wanted` long where there are that many;
        the docnums of every matching article that is listed, pinned ones included; the
        coverage of the best; and, when nothing is confident, the unconfident ordering with
        its docnums instead)."""
        none = np.zeros(0, dtype=np.int64)
        nothing = ([], none)
        if parsed.whoosh_query is None:
            return [], none, None, nothing
        arrays = self.arrays()
        if parsed.phrases or parsed.excluded:
            allowed = _exact(self.stored, arrays, parsed, allowed)
        # Every match, scored: the count must be exact.
        matches = arrays.matches(parsed.whoosh_query, allowed)
        pinned_ids = {d["id"] for d in pinned}
        documents = self._documents(searcher, matches.top(max(POOL, wanted + len(pinned))))
        documents = [d for d in documents if d["id"] not in pinned_ids]
        ranked, confident = rank([(d, d["score"]) for d in documents[:POOL]], parsed)
        if not confident:               # off-topic: nothing is an answer, at most related
            loose = [(s.document, s.score) for s in ranked if s.coverage >= LOOSE_COVERAGE]
            return [], none, None, (loose, _docnums(loose))
        # An identical text folded into the hit that shows it is listed there, not counted twice.
        folded = {d["docnum"] for scored in ranked for d in scored.folded}
        for scored in ranked:
            scored.document["folded"] = [self._citation_of(d) for d in scored.folded]
        rest = [(d, d["score"]) for d in documents[POOL:]]
        for scored in ranked[:PENALTY_DEPTH]:
            scored.document["sanctions"] = self._sanctioned(scored.document)
        if ranked and parsed.penalty_intent:
            ranked[0].document["fined_items"] = self._fined_items(ranked[0].document)
        best = best_answer(ranked, parsed)
        matched = np.setdiff1d(matches.ids, np.array(sorted(folded), dtype=np.int64), assume_unique=True)
        return [(s.document, s.score) for s in ranked] + rest, matched, best, nothing

    def _grams(self, searcher, parsed, allowed):
        """The character path: the query's bigrams against the text's, for a question whose
        words found nothing confident. Articles are ranked by how many of the user's own
        bigrams they hold; one holding fewer than MIN_GRAMS of them is no answer. Only the
        best POOL by BM25F are looked at, whatever the page, so the count stays put."""
        none = np.zeros(0, dtype=np.int64)
        own, variants = _query_grams(parsed)
        if not own and not variants:
            return [], none
        # A bigram the article also has as a word is indexed only as that word (gram_text).
        terms = [Term(name, g, boost=1.0 if g in own else GRAM_VARIANT_BOOST)
                 for g in own + [v for v in variants if v not in own] for name in ("grams", "words")]
        matches = self.arrays().matches(Or(terms), allowed)
        needed = min(MIN_GRAMS, len(own) + GRAM_VARIANT_BOOST * len(variants))
        scored = []
        for document in self._documents(searcher, matches.top(POOL)):
            text = document["text"]
            present = sum(1 for g in own if g in text) + GRAM_VARIANT_BOOST * sum(
                1 for g in variants if g not in own and g in text)
            if present < needed:
                continue
            score = document["score"] * (0.5 + present / (len(own) + GRAM_VARIANT_BOOST * len(variants)))
            if parsed.penalty_intent and document.get("penalty"):
                score *= 1.3
            scored.append((document, score))
        if not scored:
            return [], none
        scored.sort(key=lambda pair: pair[1], reverse=True)
        return scored, _docnums(scored)

    def _characters(self, searcher, parsed, allowed):
        """The last path, for a question whose words and bigrams no article holds (槐树村口:
        no text says 槐树 or 村口): the articles holding most of its content characters,
        found through the indexed words each lone character is widened to (char_widenings:
        树 → 树木, 村 → 村民委员会); one holding fewer than MIN_GRAMS of them (or all, if fewer) is none."""
        none = np.zeros(0, dtype=np.int64)
        chars = _content_characters(parsed)
        vocabulary, _ = self.vocabulary()
        terms = [Term("words", word) for char in chars for word in char_widenings(char, lambda c: vocabulary.get(c, []))]
        if not terms:
            return [], none
        matches = self.arrays().matches(Or(terms), allowed)
        needed = min(MIN_GRAMS, len(chars))
        scored = []
        for document in self._documents(searcher, matches.top(POOL)):
            present = sum(char in document["text"] for char in chars)
            if present >= needed:
                scored.append((document, document["score"] * (0.5 + present / len(chars))))
        scored.sort(key=lambda pair: pair[1], reverse=True)
        return scored, _docnums(scored)

    def _citation_of(self, document):
        entry = self.library.get(document["slug"])
        return format_citation(entry.title, entry.regulation.article(document["article"], document["suffix"]).label)

    def _sanctioned(self, document) -> list:
        """(article, suffix) of each duty a penalty article sanctions, as kb.legal links them."""
        if not document.get("penalty"):
            return []
        fact = self.library.get(document["slug"]).facts.get((document["article"], document.get("suffix", 0)))
        return [(link.article, link.suffix) for link in fact.penalizes if link.article] if fact else []

    def _fined_items(self, document) -> list:
        """[(a 项 with its 款's lead-in, {(article, suffix) of each penalty fining it})] for a
        duty article whose penalties each fine only some of its items (文明行为促进条例第十一条
        fines its 第（八）项 alone); [] when they cover it whole, as kb.legal links them."""
        entry = self.library.get(document["slug"])
        article = entry.regulation.article(document["article"], document.get("suffix", 0)) if entry else None
        fact = entry.facts.get(article.key) if article else None
        links = fact.penalized_by if fact else []
        if not links or not all(link.own_item for link in links):
            return []
        fines = {}
        for link in links:
            fines.setdefault((link.own_paragraph, link.own_item), set()).add((link.article, link.suffix))
        return [(f"{paragraph.text}\n{item.text}", fines.get((paragraph.number, item.number), set()))
                for paragraph in article.paragraphs for item in paragraph.items]

    def _hit(self, document, score, terms):
        entry = self.library.get(document["slug"])
        article = entry.regulation.article(document["article"], document["suffix"])
        fact = entry.facts[article.key]
        paragraph, item = document.get("paragraph", 0), document.get("item", 0)
        text = article.text
        if document.get("cited") and (paragraph or item):
            body = whole(Located(entry, article, paragraph, item).text.replace("\n", " "))
        else:
            body = snippet(text, terms)
        return Hit(slug=entry.slug, regulation=entry.title, article=article.number, suffix=article.suffix,
                   label=article.label, part=article.part, chapter=article.chapter,
                   section=article.section, text=text, snippet=body, score=score,
                   complete=entry.regulation.complete, jurisdiction=entry.jurisdiction, level=entry.level,
                   departments=list(fact.departments),
                   penalty=fact.penalty, facts=entry.facts_json(article.key), cited=bool(document.get("cited")),
                   paragraph=paragraph, item=item, folded=document.get("folded", []))


def _pinned_document(searcher, located):
    entry, article = located.entry, located.article
    doc_id = document_id(entry.slug, article.number, article.suffix)
    docnum = searcher.document_number(id=doc_id)
    if docnum is None:
        return None
    return {"id": doc_id, "docnum": docnum, "slug": entry.slug, "article": article.number,
            "suffix": article.suffix, "cited": True, "paragraph": located.paragraph, "item": located.item}


def _choices(value):
    return list(value) if isinstance(value, (list, tuple, set, frozenset)) else [value]


def _filter_query(filters):
    terms = []
    for name, value in filters.items():
        choices = [Term(FILTER_FIELDS[name], choice) for choice in _choices(value)]
        terms.append(choices[0] if len(choices) == 1 else Or(choices))
    return And(terms) if terms else None


def _exact(stored, arrays, parsed, allowed):
    """Quoted phrases and -excluded words are checked on the stored text: the documents
    that pass are the filter, so counts and pages agree with what is listed."""
    passing = []
    for docnum in arrays.matches(parsed.whoosh_query, allowed).ids.tolist():
        text = stored(docnum)["text"]
        if all(p in text for p in parsed.phrases) and not any(w in text for w in parsed.excluded):
            passing.append(docnum)
    return arrays.member(passing)


def _place_notice(places, document) -> str:
    """A question naming a place the best article is no law in (济南 asked, 济宁市's found)."""
    jurisdiction = document.get("jurisdiction")
    others = "、".join(places_outside(jurisdiction, places))
    return f"问题提到{others}；以下是{jurisdiction}的条文，不是{others}的规定" if others else ""


def _docnums(ranked) -> np.ndarray:
    """The sorted docnums of a [(document, score)] list: what an unconfident path lists is all it counts."""
    return np.array(sorted(d["docnum"] for d, _ in ranked), dtype=np.int64)


def _fuse(*rankings):
    """Weighted reciprocal rank fusion: ([(document, score)], weight) → one list, by summed
    weight/(k + rank)."""
    fused, documents = {}, {}
    for ranking, weight in rankings:
        for position, (document, _) in enumerate(ranking):
            key = document["docnum"]
            documents.setdefault(key, document)
            fused[key] = fused.get(key, 0.0) + weight / (FUSION_K + position + 1)
    order = sorted(fused, key=lambda key: fused[key], reverse=True)
    return [(documents[key], fused[key]) for key in order]


def _query_grams(parsed):
    """(bigrams of the user's own content words and across neighbouring ones, bigrams of
    their lexicon and recall variants)."""
    concepts = [c for c in parsed.concepts if not c.intent]
    own = []
    words = [c.word for c in concepts if CJK_RE.match(c.word)]
    for word in words:
        own += char_bigrams(word) if len(word) > 1 else []
    for a, b in zip(words, words[1:], strict=False):
        own.append(a[-1] + b[0])
    variants = [g for c in concepts for form in c.forms[1:] for g in char_bigrams(form) if len(form) > 1]
    useful = [g for g in own + variants if len(g) == 2 and not (set(g) & GRAM_STOP)]
    return list(dict.fromkeys(g for g in own if g in useful)), list(dict.fromkeys(g for g in variants if g in useful))


def _content_characters(parsed):
    """The distinct Chinese characters of the question's content words, less function
    characters, numerals (独一无二 is not about 一) and those that are question words on their
    own (过, 上, 管)."""
    chars = (char for c in parsed.concepts if not c.intent for char in c.word if CJK_RE.match(char))
    return list(dict.fromkeys(char for char in chars if char not in GRAM_STOP and char not in QUESTION_WORDS
                              and char not in CN_NUMERAL_CHARS))


def _char_vocabulary(reader):
    counts, terms = {}, {}
    for term, info in reader.iter_field("words"):
        word = term.decode("utf-8") if isinstance(term, bytes) else term
        terms[word] = info.doc_frequency()
        if len(word) < 2:
            continue
        for char in set(word):
            counts.setdefault(char, []).append((info.doc_frequency(), word))
    chars = {char: [w for _, w in sorted(pairs, reverse=True)[:EXPANSIONS_PER_CHAR]]
             for char, pairs in counts.items()}
    return chars, terms
