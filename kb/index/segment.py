"""whoosh's segment writer with its postings kept in memory, term by term.

whoosh's own writer puts every posting of a segment through an external sort: each one is
a tuple, pickled to a run file when the pool is full, unpickled and heap-merged at commit,
and its document's field length is looked up in the lengths column one posting at a time
(measured: half of a full build). Here the postings of each term are appended to arrays as
documents are added (documents arrive in docnum order), and at commit each term's
postings go to whoosh's own postings writer a block at a time. The files are whoosh's
format, written by whoosh's codec; `tests/test_segment.py` checks that every term's
postings and statistics are those whoosh's writer gives."""

from array import array
from collections import defaultdict

from whoosh.writing import SegmentWriter


class TermPool:
    """Postings by (field, term bytes): docnums, weights and values, in the order added."""

    def __init__(self):
        # Weights as given (doubles): whoosh stores them as floats but takes a block's
        # maximum weight from the doubles.
        self.terms = defaultdict(lambda: (array("I"), array("d"), []))
        self.fieldnames = set()
        self.ordered = True   # every term's docnums ascending (false after a merge's postings)
        self._last = -1

    def add(self, item) -> None:
        fieldname, btext, docnum, weight, vbytes = item
        docnums, weights, values = self.terms[fieldname, btext]
        docnums.append(docnum)
        weights.append(weight)
        values.append(vbytes or b"")
        if docnum < self._last:
            self.ordered = False
        self._last = docnum

    def iter_postings(self):
        """(fieldname, btext, docnum, weight, vbytes) in whoosh's pool order."""
        for (fieldname, btext), (docnums, weights, values) in sorted(self.terms.items()):
            for i in sorted(range(len(docnums)), key=docnums.__getitem__):
                yield fieldname, btext, docnums[i], weights[i], values[i]

    def cleanup(self) -> None:
        self.terms.clear()


class MemorySegmentWriter(SegmentWriter):
    """A SegmentWriter whose pool is a TermPool and whose postings are written a block at a
    time. Deletions, merges and everything else are whoosh's."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self.pool = TermPool()

    def _flush_segment(self):
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        try:
            write_postings(self.fieldwriter, self.schema, lengths, self.pool, self.docnum)
        finally:
            if lengths:
                lengths.close()
        self.fieldwriter.close()


def write_postings(fieldwriter, schema, lengths, pool: TermPool, doccount: int) -> None:
    """Every term of `pool` through `fieldwriter`, fields and terms in sorted order."""
    by_field = defaultdict(list)
    for (fieldname, btext), postings in pool.terms.items():
        by_field[fieldname].append((btext, postings))
    for fieldname in sorted(by_field):
        field = schema[fieldname]
        fieldwriter.start_field(fieldname, field)
        field_lengths = _lengths(lengths, fieldname, doccount) if field.scorable else None
        for btext, postings in sorted(by_field[fieldname], key=lambda pair: pair[0]):
            fieldwriter.start_term(btext)
            _write_term(fieldwriter._postwriter, postings, field_lengths, pool.ordered)
            fieldwriter.finish_term()
        fieldwriter.finish_field()


def _lengths(lengths, fieldname, doccount):
    """Each document's length of a scorable field as whoosh stores it (a byte, read back);
    whoosh keeps none for other fields and takes them as 0."""
    if not lengths:
        return None
    return [lengths.doc_field_length(docnum, fieldname) for docnum in range(doccount)]


def _write_term(postwriter, postings, field_lengths, ordered):
    # As whoosh's add_posting would: full blocks are written as they fill, the last one
    # (full or not) is left for finish_postings, which may inline a single posting.
    docnums, weights, values = postings
    if not ordered:
        order = sorted(range(len(docnums)), key=docnums.__getitem__)
        docnums = array("I", (docnums[i] for i in order))
        weights = array("d", (weights[i] for i in order))
        values = [values[i] for i in order]
    limit = postwriter._blocklimit
    for start in range(0, len(docnums), limit):
        if start:
            postwriter._write_block()
        _fill_block(postwriter, docnums[start:start + limit], weights[start:start + limit],
                    values[start:start + limit], field_lengths)


def _fill_block(postwriter, docnums, weights, values, field_lengths):
    postwriter._ids = docnums
    postwriter._weights = array("f", weights)
    postwriter._values = [value for value in values if value]
    postwriter._maxweight = max(0, max(weights))
    found = [field_lengths[d] for d in docnums] if field_lengths else []
    found = [length for length in found if length]
    postwriter._minlength = min(found) if found else None
    postwriter._maxlength = max(found) if found else 0
