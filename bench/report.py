"""Results as Markdown: one scale's figures (printed by `svoboda bench`), and every scale of
one or more result files side by side (`svoboda bench_table`, bench/README.md)."""

from bench.figures import LOWER_IS_BETTER


def _number(value, unit):
    if value is None:
        return "–"
    if unit in LOWER_IS_BETTER:
        return f"{value:,.1f} {unit}" if value < 100 else f"{value:,.0f} {unit}"
    return f"{value:,.0f} {unit}"


def _target(figure):
    parts = []
    unit = figure["unit"]
    if figure.get("target_value") is not None:
        sign = "≤" if unit in LOWER_IS_BETTER else "≥"
        parts.append(f"{sign} {_number(figure['target_value'], unit)}")
    if figure.get("target_ratio") is not None:
        parts.append(f"≤ {figure['target_ratio']:g}× floor")
    return ", ".join(parts) or "–"


def _met(figure):
    return {True: "yes", False: "**no**", None: "–"}[figure.get("met")]


def _ratio(figure):
    return "–" if figure.get("ratio") is None else f"{figure['ratio']:.2f}×"


def scale_table(figures):
    """figures: {key: figure dict} of one scale."""
    lines = [
        "| Figure | Measured | Floor | Ratio | Target | Met |",
        "|---|---:|---:|---:|---|---|",
    ]
    for key, figure in figures.items():
        unit = figure["unit"]
        lines.append(
            f"| {figure['label']} (`{key}`) | {_number(figure['value'], unit)} | "
            f"{_number(figure.get('floor'), unit)} | {_ratio(figure)} | {_target(figure)} | "
            f"{_met(figure)} |"
        )
    return "\n".join(lines)


def growth_table(results):
    """results: [(database, result file dict)]; each figure's value at every scale measured."""
    columns = [
        (database, scale)
        for database, data in results
        for scale in sorted(data.get("scales", {}), key=int)
    ]
    keys = {}
    for _database, data in results:
        for scale in data.get("scales", {}).values():
            keys.update(dict.fromkeys(scale["figures"]))
    header = " | ".join(f"{int(scale):,} ({database})" for database, scale in columns)
    lines = [f"| Figure | {header} |", "|---|" + "---:|" * len(columns)]
    for key in keys:
        cells = []
        for database, scale in columns:
            data = dict(results)[database]
            figure = data["scales"][scale]["figures"].get(key)
            cells.append(
                "–"
                if figure is None
                else f"{_number(figure['value'], figure['unit'])} ({_ratio(figure)})"
            )
        lines.append(f"| `{key}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def document(results):
    """Every result file's machine and scales, then growth: the Markdown of bench/README.md."""
    parts = []
    for data in results:
        machine = data.get("machine", {})
        parts.append(
            f"### {data['database']}: {machine.get('cpu', '?')}, {machine.get('cores', '?')} "
            f"cores, {machine.get('memory_gib', '?')} GiB, {data['database']} "
            f"{machine.get('database_version', '')}, Python {machine.get('python', '?')}"
        )
        for scale in sorted(data.get("scales", {}), key=int):
            result = data["scales"][scale]
            parts.append(f"#### {int(scale):,} cases (measured {result['measured_at']})")
            parts.append(scale_table(result["figures"]))
    parts.append("### Growth: each figure at every scale (ratio to its floor)")
    parts.append(growth_table([(data["database"], data) for data in results]))
    return "\n\n".join(parts) + "\n"
