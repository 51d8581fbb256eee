"""The first letters of a name, typed into a search: "ал" finds «Алиев», and so does "Al".

Every stored word gets `p:` keys for the beginnings of its skeletons (matching.names); a query
word is looked up by `p:` and its own skeleton, so a beginning typed in either script finds the
word. A beginning alone is a weak match: the search ranks it below whole words.
"""

from matching.names import skeletons

MIN_PREFIX = 2


def prefix_keys(form):
    """`p:` keys for every beginning, at least MIN_PREFIX letters long, of the form's skeletons."""
    return {
        "p:" + skeleton[:length]
        for skeleton in skeletons(form)
        for length in range(MIN_PREFIX, len(skeleton))
    }


def query_prefix_keys(word):
    return {"p:" + skeleton for skeleton in skeletons(word) if len(skeleton) >= MIN_PREFIX}


def begins(word, form):
    """Whether the query word is the beginning of the stored word, in any script."""
    return any(
        len(start) >= MIN_PREFIX and len(start) < len(whole) and whole.startswith(start)
        for start in skeletons(word)
        for whole in skeletons(form)
    )
