"""Running the evaluation: people stored in a throwaway branch, inside a transaction that is
rolled back, so nothing is left behind (run it on a development database all the same).

Search: recall@1 and recall@5 of matching.search.search over the queries, against the old
substring search. Duplicates: precision, recall and F1 of matching.scoring.compare_records at
DUPLICATE_THRESHOLD and the best precision at recall >= 0.85 over a threshold sweep, against
"same folded name" and the recordlinkage library.
"""

import uuid
from collections import defaultdict
from types import SimpleNamespace

from django.db import transaction

from matching.evaluation import baselines
from matching.evaluation.dataset import build
from matching.scoring import DUPLICATE_THRESHOLD, Record, compare_records
from matching.search import names_of, search

TARGET_RECALL = 0.85
_IDS = uuid.UUID("6f1d7c1e-2b0e-4a53-9d8e-5f0c4e7a9b10")
TOP = 5


class _RolledBack(Exception):
    """Raised at the end of the run so that the transaction is always rolled back."""


def subset(evaluation, limit):
    """At most `limit` pairs and `limit` queries, taken across every category, and the people
    the queries look for (with as many others as there are queries, so that a search has
    somewhere to go wrong)."""
    if not limit:
        return evaluation
    evaluation.pairs = _spread(evaluation.pairs, limit)
    evaluation.queries = _spread(evaluation.queries, limit)
    wanted = {query.person_id for query in evaluation.queries}
    others = [i for i in evaluation.corpus if i.id not in wanted][: len(evaluation.queries)]
    evaluation.corpus = [i for i in evaluation.corpus if i.id in wanted] + others
    return evaluation


def _spread(items, limit):
    by_category = defaultdict(list)
    for item in items:
        by_category[item.category].append(item)
    chosen, index = [], 0
    while len(chosen) < min(limit, len(items)):
        for group in by_category.values():
            if index < len(group) and len(chosen) < limit:
                chosen.append(group[index])
        index += 1
    return chosen


def record_of(written):
    """A matching.scoring Record of a dataset record, read as matching reads a stored person."""
    person = SimpleNamespace(
        given_name=written.given, patronymic=written.patronymic, family_name=written.family
    )
    return Record(names=names_of(person, []), birth_year=written.birth_year)


def evaluate(limit=None, seed=None, progress=None):
    """Every figure of the evaluation, as a dict (see report.py for the table)."""
    evaluation = build() if seed is None else build(seed)
    evaluation = subset(evaluation, limit)
    results = {
        "set": {
            "corpus": len(evaluation.corpus),
            "queries": len(evaluation.queries),
            "pairs": len(evaluation.pairs),
            "positive_pairs": sum(1 for p in evaluation.pairs if p.same),
            "negative_pairs": sum(1 for p in evaluation.pairs if not p.same),
        }
    }
    results["duplicates"] = duplicate_figures(evaluation.pairs)
    try:
        with transaction.atomic():
            people = store_corpus(evaluation.corpus)
            results["search"] = search_figures(evaluation.queries, people, progress)
            raise _RolledBack
    except _RolledBack:
        pass
    return results


def store_corpus(corpus):
    """The corpus as people of a new branch, indexed as cases.actions would; {id: Person}.
    No audit entries: the transaction is rolled back."""
    from accounts.models import Branch
    from cases.models import Person
    from cases.names import search_text_for
    from matching.index import index_person

    branch = Branch.objects.create(
        name=f"Matching evaluation {uuid.uuid4().hex[:8]}", city="Evaluation", country="RU"
    )
    stored = {}
    for identity in corpus:
        person = Person(
            # Ids follow the identities: people of equal score are ranked by id, the same way
            # on every run.
            id=uuid.uuid5(_IDS, identity.id),
            branch=branch,
            given_name=identity.record.given,
            patronymic=identity.record.patronymic,
            family_name=identity.record.family,
            birth_year=identity.record.birth_year,
        )
        person.search_text = search_text_for(person)
        stored[identity.id] = person
    Person.objects.bulk_create(stored.values())
    for person in stored.values():
        index_person(person, [])
    return SimpleNamespace(branch=branch, by_identity=stored)


def search_figures(queries, people, progress=None):
    from cases.models import Person

    in_branch = Person.objects.filter(branch=people.branch)
    ours, old = _Recall(), _Recall()
    for number, query in enumerate(queries, 1):
        target = people.by_identity[query.person_id].pk
        ours.add(query, [m.person.pk for m in search(in_branch, query.text)[:TOP]], target)
        old_found = baselines.substring_search(in_branch, query.text)[:TOP]
        old.add(query, [p.pk for p in old_found], target)
        if progress and number % 200 == 0:
            progress(f"{number} of {len(queries)} queries")
    return {"matching": ours.figures(), "substring": old.figures()}


class _Recall:
    def __init__(self):
        self.hits = defaultdict(lambda: [0, 0, 0])  # group -> [at 1, at TOP, asked]

    def add(self, query, found, target):
        groups = ["all", query.category]
        if query.system:
            groups.append(f"{query.category}:{query.system}")
        for group in groups:
            counts = self.hits[group]
            counts[0] += bool(found[:1] and found[0] == target)
            counts[1] += target in found
            counts[2] += 1

    def figures(self):
        return {
            group: {
                "recall_at_1": _share(at_one, asked),
                f"recall_at_{TOP}": _share(at_top, asked),
                "queries": asked,
            }
            for group, (at_one, at_top, asked) in sorted(self.hits.items())
        }


def duplicate_figures(pairs):
    labels = [pair.same for pair in pairs]
    ours = [compare_records(record_of(p.first), record_of(p.second))[0] for p in pairs]
    figures = {"matching": _classifier(pairs, labels, ours, DUPLICATE_THRESHOLD)}
    same_name = [1.0 if baselines.same_folded_name(p.first, p.second) else 0.0 for p in pairs]
    figures["same_folded_name"] = _classifier(pairs, labels, same_name, 1.0)
    if baselines.recordlinkage_available():
        linkage = baselines.recordlinkage_scores(pairs)
        figures["recordlinkage"] = _classifier(pairs, labels, linkage, None)
    else:
        figures["recordlinkage"] = None
    return figures


def _classifier(pairs, labels, scores, threshold):
    """Figures for one way of scoring pairs. With no set threshold (recordlinkage), the one of
    its best F1 on this set is used for the per-category figures."""
    sweep = _sweep(labels, scores)
    best_f1 = max(sweep, key=lambda point: (point["f1"], point["threshold"]))
    if threshold is None:
        threshold = best_f1["threshold"]
    at_threshold = _point(labels, scores, threshold)
    reaching = [point for point in sweep if point["recall"] >= TARGET_RECALL]
    best_precision = max(reaching, key=lambda point: (point["precision"], point["recall"]))
    by_category = defaultdict(lambda: [0, 0])
    for pair, score in zip(pairs, scores, strict=True):
        right = (score >= threshold) == pair.same
        by_category[pair.category][0] += right
        by_category[pair.category][1] += 1
    return {
        "threshold": threshold,
        "at_threshold": at_threshold,
        "best_f1": best_f1,
        "best_precision_at_recall_085": best_precision,
        # For a positive category the share found (recall); for a negative one the share
        # rightly kept apart.
        "right_by_category": {
            category: {"right": _share(right, total), "pairs": total}
            for category, (right, total) in sorted(by_category.items())
        },
    }


def _sweep(labels, scores):
    return [_point(labels, scores, threshold) for threshold in sorted(set(scores))]


def _point(labels, scores, threshold):
    true_pos = sum(1 for same, s in zip(labels, scores, strict=True) if same and s >= threshold)
    false_pos = sum(
        1 for same, s in zip(labels, scores, strict=True) if not same and s >= threshold
    )
    positives = sum(labels)
    precision = _share(true_pos, true_pos + false_pos)
    recall = _share(true_pos, positives)
    f1 = round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0
    return {"threshold": threshold, "precision": precision, "recall": recall, "f1": f1}


def _share(part, whole):
    return round(part / whole, 3) if whole else 0.0
