"""When nothing fits: indexed words close to what was typed (sharing most characters)."""

from collections import Counter

MAX_SUGGESTIONS = 6


def suggestions(parsed, vocabulary):
    scores = Counter()
    for concept in parsed.concepts:
        for char in set(concept.word):
            for word in vocabulary.get(char, []):
                if word != concept.word:
                    scores[word] += len(set(word) & set(concept.word)) / len(set(word) | set(concept.word))
    return [word for word, score in scores.most_common(MAX_SUGGESTIONS) if score >= 0.3]
