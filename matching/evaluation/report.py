"""The evaluation's figures (run.evaluate) as a plain-text table for the terminal."""

NOT_RUN = "not run (pip install -e '.[eval]')"


def table(results):
    lines = []
    size = results["set"]
    lines.append(
        f"Evaluation set: {size['corpus']} people, {size['queries']} queries, "
        f"{size['pairs']} pairs ({size['positive_pairs']} same person, "
        f"{size['negative_pairs']} different people)."
    )
    lines += ["", "SEARCH (recall@1 / recall@5)", _row("queries", "n", "matching", "substring")]
    ours, old = results["search"]["matching"], results["search"]["substring"]
    for group in ours:
        if ":" in group and not group.startswith("transliteration:"):
            continue  # every other breakdown is in the JSON file
        lines.append(
            _row(
                group,
                str(ours[group]["queries"]),
                _recall(ours[group]),
                _recall(old[group]),
            )
        )
    duplicates = results["duplicates"]
    lines += ["", "DUPLICATES (precision / recall / F1)"]
    lines.append(_row("", "threshold", "at threshold", "best P at R>=0.85", "best F1"))
    for name in ("matching", "same_folded_name", "recordlinkage"):
        figures = duplicates[name]
        if figures is None:
            lines.append(_row(name, NOT_RUN))
            continue
        best = figures["best_precision_at_recall_085"]
        lines.append(
            _row(
                name,
                f"{figures['threshold']:.3g}",
                _prf(figures["at_threshold"]),
                f"{_prf(best)} @{best['threshold']:.3g}",
                _prf(figures["best_f1"]),
            )
        )
    lines += ["", "DUPLICATES BY CATEGORY (share right: found if same person, kept apart if not)"]
    names = [n for n in ("matching", "same_folded_name", "recordlinkage") if duplicates[n]]
    lines.append(_row("category", "pairs", *names))
    for category, figures in duplicates["matching"]["right_by_category"].items():
        cells = [f"{duplicates[n]['right_by_category'][category]['right']:.3f}" for n in names]
        lines.append(_row(category, str(figures["pairs"]), *cells))
    return "\n".join(lines)


def _recall(figures):
    return f"{figures['recall_at_1']:.3f} / {figures['recall_at_5']:.3f}"


def _prf(point):
    return f"{point['precision']:.3f} / {point['recall']:.3f} / {point['f1']:.3f}"


def _row(first, *cells):
    widths = (34, 10, 24, 30, 24)
    text = first.ljust(widths[0])
    for cell, width in zip(cells, widths[1:], strict=False):
        text += cell.ljust(width)
    return text.rstrip()
