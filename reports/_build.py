"""From a scenario, its evaluation and any evidence to the report model: pure, no file or network I/O."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np

import charts
import costmodels
from costmodels import Evaluation, Line, Option, Scenario
from imageoptions import BUILTIN_MODEL_CARDS, OptionSpec
from models import ModelCard
from reports._document import (
    Block,
    BulletList,
    Callout,
    Chart,
    CropGrid,
    Heading,
    Paragraph,
    Preformatted,
    Report,
    Section,
    Table,
)
from reports._evidence import (
    MAX_EXAMPLE_ROWS,
    MAX_TABLE_ROWS,
    EvidenceFile,
    kind_title,
    metrics_table,
    raw_results,
    results_tables,
    summary_tables,
)
from reports._information import correlation_blocks, information_blocks
from reports._provenance import Provenance
from reports._uploaded import uploaded_model_blocks, uploaded_model_rows
from sample_images import PERCEPTION, LabelProvenance, labels_from_data
from templates import Template, get_template, template_of

SECTION_TITLES = {
    "question": "The decision question",
    "options": "The options",
    "recommendation": "Recommendation",
    "results": "Total cost of model",
    "information": "What to find out before deciding",
    "assumptions": "Assumptions",
    "levels": "What the levels mean",
    "evidence": "Measured evidence",
    "labels": "Who labelled the faces",
    "model_cards": "Model cards",
    "limitations": "Limitations",
    "reproducibility": "Reproducibility",
    "scenario": "Appendix: the scenario file",
}
"""Every section a report has, in order; the key is the anchor renderers and tests use. A template whose audits
use no labelled faces (`Template.uses_face_labels`) has no labels section: nothing in it rests on a face."""

LIMITATIONS = get_template("image_cropping").limitations
"""The cropping decision's limitations; a report lists its own template's (`Template.limitations`)."""

NO_EVIDENCE = ("No measured evidence was given: every line is an estimate. Rerun with "
               "`--evidence FILE` (written by the measurements) to add face retention, pairwise survival "
               "and robustness{images}.")
NO_MEASUREMENTS = ("No measured evidence was given: every line is an estimate{audits}.")
FILES_NOT_GIVEN = ("{count} of the lines are measured (see the Assumptions), but the evidence files behind them were "
                   "not given (a share link carries the metrics only): ask for the files, or rerun the audits, to see "
                   "what was measured on what.")
OTHER_EVIDENCE = "{file}: {kind} evidence belongs to another template than {template}; left out of this report."
ONLY_COST = ("This recommendation weighs cost and risk as estimated; read it with the measured "
             "evidence and the limitations below before deciding.")


DIFFERENT_FILES = "sha256 differs between sources: not the same file"
KIND_WORDS = get_template("image_cropping").kind_words()


def money(amount: float) -> str:
    """Whole dollars with separators: $1,234,567 (a table cell, unlike `format_usd`'s $1.2M)."""
    return f"-${-amount:,.0f}" if amount < 0 else f"${amount:,.0f}"


def percent(share: float) -> str:
    """A probability as a percentage to one decimal place: 97.5%."""
    return f"{share:.1%}"


def build_report(
    scenario: Scenario,
    evaluation: Evaluation,
    *,
    provenance: Provenance,
    evidence: Sequence[EvidenceFile] = (),
    crop_grid: CropGrid | None = None,
    model_cards: Sequence[ModelCard] = (),
    decision: str | None = None,
    title: str = "Decision report",
    labels: Sequence[LabelProvenance] = (),
    options: Sequence[OptionSpec] = (),
) -> Report:
    """The whole decision record, in the words of the scenario's template (its limitations, units and
    evidence kinds); the crop grid is passed in because only the caller may pay for it.

    `labels`: the provenance of the labelled sets the audits used; those the evidence files carry are added.
    `options`: the image options measured beside the scenario's; a bring-your-own one is named with its model.
    """
    template = template_of(scenario)
    options = options if template.measures_crops else ()  # an image option has no place in another decision
    builders: dict[str, Callable[[], tuple[Block, ...]]] = {
        "question": lambda: question_blocks(scenario, decision),
        "options": lambda: option_blocks(scenario),
        "recommendation": lambda: recommendation_blocks(evaluation, decision),
        "results": lambda: result_blocks(evaluation, template),
        "information": lambda: information_blocks(evaluation),
        "assumptions": lambda: assumption_blocks(scenario, evaluation),
        "levels": lambda: level_blocks(scenario),
        "evidence": lambda: evidence_blocks(evidence, crop_grid, template, len(getattr(evaluation, "measured", ()))),
        "labels": lambda: label_blocks((*labels, *evidence_labels(template_evidence(evidence, template)))),
        "model_cards": lambda: model_card_blocks(model_cards, scenario, options),
        "limitations": lambda: (BulletList(template.limitations),),
        "reproducibility": lambda: reproducibility_blocks(scenario, evaluation, provenance, evidence,
                                                          crop_grid, model_cards, options),
        "scenario": lambda: scenario_blocks(scenario),
    }
    keys = [key for key in SECTION_TITLES if key != "labels" or template.uses_face_labels]
    sections = tuple(Section(key, SECTION_TITLES[key], builders[key]()) for key in keys)
    return Report(title=title, subtitle=scenario.question, sections=sections)


def question_blocks(scenario: Scenario, decision: str | None) -> tuple[Block, ...]:
    """The question, its horizon and money terms, and the decision if one was recorded."""
    volume = scenario.volume
    blocks: list[Block] = [
        Paragraph(scenario.question),
        Paragraph(
            f"Total cost of model over {scenario.horizon_years} years, present value in {scenario.currency} "
            f"discounted at {scenario.discount_rate:.0%} a year, for "
            f"{costmodels.estimate_to_text(volume.units_per_day)} {template_of(scenario).units_a_day} "
            "(low / likely / high)"
            f"{f', growing {volume.yearly_growth:.0%} a year' if volume.yearly_growth else ''}."
        ),
    ]
    if decision:
        blocks.append(Callout(f"Decision recorded: {decision}"))
    return tuple(blocks)


def option_blocks(scenario: Scenario) -> tuple[Block, ...]:
    """One row per option: name, ML or not, what implements it (e.g. an image option), what it does."""
    rows = tuple(
        (option.name, "ML" if option.kind.value == "ml" else "non-ML", option.implementation or "",
         " ".join(option.description.split()))
        for option in scenario.options
    )
    return (Table("Options compared", ("option", "kind", template_of(scenario).implementation_word, "description"),
                  rows),)


def leaders(evaluation: Evaluation) -> tuple[tuple[str, ...], float]:
    """The cheapest option(s) most often and their share of simulations; options with identical
    estimates count as one, as `costmodels.verdict` names them together."""
    return evaluation.leaders()


def how_sure(share: float) -> str:
    """Words for a probability of being cheapest.

    >>> how_sure(0.97), how_sure(0.55)
    ('very likely', 'too close to call')
    """
    for floor, words in ((0.95, "very likely"), (0.8, "likely"), (0.6, "more likely than not")):
        if share >= floor:
            return words
    return "too close to call"


def recommendation_blocks(evaluation: Evaluation, decision: str | None) -> tuple[Block, ...]:
    """The verdict, how sure it is, and what cost alone cannot say."""
    names, share = leaders(evaluation)
    blocks: list[Block] = [
        Callout(costmodels.verdict(evaluation)),
        Paragraph(f"On cost, {' and '.join(names)} {'are' if len(names) > 1 else 'is'} the recommendation: "
                  f"P(cheapest) = {percent(share)} over {evaluation.draws:,} simulations (seed {evaluation.seed}), "
                  f"{how_sure(share)}."),
    ]
    ml_names = [o.name for o in evaluation.options if o.kind == "ml" and o.name not in names]
    blocks += [Paragraph(f"P({names[0]} cheaper than {ml}) = {percent(evaluation.p_cheaper[names[0]][ml])}.")
               for ml in ml_names]
    blocks.append(Paragraph(ONLY_COST))
    if decision:
        blocks.append(Callout(f"Decision recorded: {decision}"))
    return tuple(blocks)


def result_blocks(evaluation: Evaluation, template: Template) -> tuple[Block, ...]:
    """The summary table, the S-curves, who beats whom, cost by category, the tornado and break-even."""
    return (
        summary_block(evaluation),
        Chart(charts.s_curves_figure(evaluation), quantile_table(evaluation)),
        cheaper_table(evaluation),
        Chart(charts.cost_by_category_figure(evaluation), category_table(evaluation)),
        Chart(charts.tornado_figure(evaluation), tornado_table(evaluation)),
        break_even_table(evaluation, template),
    )


def summary_block(evaluation: Evaluation) -> Table:
    """Likely, P10, P50, P80, P90, mean and P(cheapest) per option."""
    rows = tuple(
        (o.name, "ML" if o.kind == "ml" else "non-ML", money(o.deterministic_usd), money(o.p10_usd),
         money(o.p50_usd), money(o.p80_usd), money(o.p90_usd), money(o.mean_usd),
         percent(evaluation.p_cheapest[o.name]))
        for o in evaluation.options
    )
    return Table(
        f"Total cost of model, present value ({evaluation.draws:,} simulations, seed {evaluation.seed})",
        ("option", "kind", "likely", "P10", "P50", "P80", "P90", "mean", "P(cheapest)"),
        rows, (False, False, *([True] * 7)),
    )


QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


def quantile_table(evaluation: Evaluation) -> Table:
    """The S-curves as numbers: each option's total at a few shares of simulations."""
    values = np.quantile(evaluation.totals, QUANTILES, axis=1)
    rows = tuple(
        (o.name, *(money(float(values[q, i])) for q in range(len(QUANTILES))))
        for i, o in enumerate(evaluation.options)
    )
    return Table("Total cost at or below which each share of simulations falls (the S-curves)",
                 ("option", *(f"{q:.0%}" for q in QUANTILES)), rows, (False, *([True] * len(QUANTILES))))


def cheaper_table(evaluation: Evaluation) -> Table:
    """P(row option costs less than column option), over the same simulations."""
    names = [o.name for o in evaluation.options]
    rows = tuple(
        (a, *("" if a == b else percent(evaluation.p_cheaper[a][b]) for b in names)) for a in names
    )
    return Table("P(row cheaper than column)", ("option", *names), rows, (False, *([True] * len(names))))


def category_table(evaluation: Evaluation) -> Table:
    """Mean present value per cost category (rows) and option (columns)."""
    categories = list(dict.fromkeys(c for o in evaluation.options for c in o.by_category))
    rows = tuple(
        (charts.category_label(category), *(money(o.by_category.get(category, 0.0)) for o in evaluation.options))
        for category in categories
    )
    rows += (("total", *(money(o.mean_usd) for o in evaluation.options)),)
    names = tuple(o.name for o in evaluation.options)
    return Table("Where the money goes: mean present value by category", ("category", *names), rows,
                 (False, *([True] * len(names))))


def tornado_table(evaluation: Evaluation) -> Table:
    """Each uncertain input's low and high margin, largest swing first."""
    rows = tuple((charts.input_label(bar.input), money(bar.low_usd), money(bar.high_usd), money(bar.swing_usd))
                 for bar in evaluation.tornado)
    return Table(f"What matters most: {evaluation.tornado_basis} (expected margin "
                 f"{money(evaluation.base_margin_usd)}), {evaluation.tornado_range}",
                 ("input", "margin at low", "margin at high", "swing"), rows, (False, True, True, True))


def break_even_table(evaluation: Evaluation, template: Template) -> Table:
    """Where each ML option would match the cheapest non-ML option."""
    rows = tuple(
        (entry.option, entry.versus, "" if entry.daily_volume is None else f"{entry.daily_volume:,.0f}",
         entry.volume_note, money(entry.yearly_benefit_usd))
        for entry in evaluation.break_even
    )
    return Table(f"Break-even (at {evaluation.break_even_basis})",
                 ("ML option", "versus", template.units_a_day, "what it means", "yearly benefit needed to match"),
                 rows, (False, False, True, False, True))


def assumption_blocks(scenario: Scenario, evaluation: Evaluation) -> tuple[Block, ...]:
    """The scenario-wide inputs, then every line's estimate, source and rationale."""
    volume = scenario.volume
    template = template_of(scenario)
    general: tuple[tuple[str, str, str], ...] = (
        ("horizon", f"{scenario.horizon_years} years", ""),
        ("discount rate", f"{scenario.discount_rate:.1%} a year", ""),
        (template.units_a_day, costmodels.estimate_to_text(volume.units_per_day),
         " ".join(volume.rationale.split())),
        ("yearly growth", f"{volume.yearly_growth:.1%}", ""),
    )
    general += (("CPU-hour price", f"${scenario.cpu_hour_usd:g}", "turns measured latency into compute cost"),)
    rows = tuple(
        (option.name, charts.category_label(line.category), template.kind_words()[line.kind.value],
         costmodels.estimate_to_text(line.estimate),
         line_source(option, line, evaluation), rationale_text(line))
        for option in scenario.options for line in lines_of(option)
    )
    return (
        Table("Scenario-wide inputs", ("input", "value", "rationale"), general),
        Table("Every estimate (low / likely / high; a level is read on the scenario's scale)",
              ("option", "category", "kind", "estimate", "source", "rationale"), rows),
        *correlation_blocks(scenario),
    )


def rationale_text(line: Line) -> str:
    """A line's rationale on one line, flagged when it was written for another estimate."""
    text = " ".join(line.rationale.split())
    if costmodels.rationale_is_stale(line):
        return (f"[Written for '{line.rationale_for}', not '{costmodels.estimate_to_text(line.estimate)}': "
                f"to confirm or rewrite] {text}")
    return text


def level_blocks(scenario: Scenario) -> tuple[Block, ...]:
    """What each qualitative level means, for every category the scenario estimates with a level."""
    categories = list(dict.fromkeys(
        line.category for option in scenario.options for line in lines_of(option)
        if isinstance(line.estimate, costmodels.Level)
        or isinstance(getattr(line.estimate, "probability", None), costmodels.Level)))
    if not categories:
        return (Paragraph("No line is estimated with a level: every estimate is a number or a range."),)
    levels = tuple(costmodels.LEVELS)
    meanings = {category: costmodels.level_meanings(scenario, category) for category in categories}
    rows = tuple((category.replace("_", " "), *(meanings[category].get(level, "") for level in levels))
                 for category in categories)
    impacts = scenario.incident_impacts
    shared = [f"{category.replace('_', ' ')} ({costmodels.estimate_to_text(impacts[category].estimate)})"
              for category in categories if category in impacts]
    note = (f" Where the scenario sets the cost of an incident once for every option ({', '.join(shared)}), "
            "the level sets only the chance." if shared else "")
    return (
        Paragraph("A level such as \"medium to high\" is read on these scales: low / likely / high in money, "
                  "and for a risk the chance a year x the cost when it happens. A range of levels runs from the "
                  "low of the first to the high of the last." + note),
        Table("The scale of each category estimated with a level", ("category", *levels), rows),
    )


def lines_of(option: Option) -> Iterable[Line]:
    """An option's cost lines, then its benefit lines."""
    return (*option.costs, *option.benefits)


def line_source(option: Option, line: Line, evaluation: Evaluation) -> str:
    """"measured (...)" when evidence replaced the estimate, else "estimated"."""
    for measured in getattr(evaluation, "measured", ()):
        if (measured.option, measured.category) == (option.name, line.category):
            return f"measured: {measured.note}" if measured.note else "measured"
    measured_by = getattr(line, "measured_by", None)
    if measured_by is not None:
        return f"estimated (measurable: {measured_by.metric})"
    return "estimated"


def evidence_blocks(
    evidence: Sequence[EvidenceFile], crop_grid: CropGrid | None, template: Template | None = None, measured: int = 0
) -> tuple[Block, ...]:
    """The crop grid, then per evidence file of the template's kinds its provenance, metrics and full results;
    `measured` counts the lines measurements replaced, so a report never says none were given when some were."""
    template = template or get_template("image_cropping")
    shown = template_evidence(evidence, template)
    blocks: list[Block] = [Paragraph(OTHER_EVIDENCE.format(file=Path(item.path).name, kind=item.kind,
                                                           template=template.name))
                           for item in evidence if item not in shown]
    evidence = shown
    if measured and not evidence:
        blocks.append(Callout(FILES_NOT_GIVEN.format(count=measured)))
        if crop_grid is None:
            return tuple(blocks)
    elif not template.measures_crops and not evidence:
        audits = ", ".join(f"`tcm audit {name}`" for name in template.audits)
        return (*blocks, Callout(NO_MEASUREMENTS.format(audits=f"; {audits} measures this template's options"
                                                         if audits else "")))
    elif not evidence and crop_grid is None:
        return (*blocks, Callout(NO_EVIDENCE.format(images=", and `--images DIR` for the crop grid")))
    if crop_grid is not None:
        blocks += [Heading("Each option's crops"),
                   Paragraph("Each option's output on each image (first column: the original). "
                             "A fallback or error is written under the crop."),
                   crop_grid]
    for item in evidence:
        summaries = summary_tables(item, template.implementation_word)
        # Results once laid out as the Audit page shows them are not repeated as raw data.
        results = raw_results(item) if summaries else item.results
        # A frame is a cropping notion: a file without one says so only where crops are measured.
        frame = f"frame {item.frame}, " if item.frame else "frame unknown, " if template.measures_crops else ""
        blocks += [
            Heading(f"{kind_title(item.kind)} evidence: {Path(item.path).name}"),
            Paragraph(f"Created {item.created} by tcm {item.tcm_version} with `{item.command}` "
                      f"(seed {item.seed if item.seed is not None else 'unknown'}, {frame}"
                      f"{len(item.images)} images)."),
            metrics_table(item, template.implementation_word),
            *([Paragraph(f"Every card's results are kept apart, relative to the evidence file: {item.results_data}; "
                         "below are the summaries and a few example cards chosen by rule (sweep flips, "
                         "fallbacks, the worst cuts).")] if item.results_data else []),
            *summaries,
            # Beside the summary tables, raw results are examples: a report stays short at any scale.
            *results_tables(results, f"{kind_title(item.kind)} results",
                            MAX_EXAMPLE_ROWS if summaries else MAX_TABLE_ROWS),
        ]
    if not evidence and not measured:
        blocks.append(Callout(NO_EVIDENCE.format(images="")))
    return tuple(blocks)


def template_evidence(evidence: Sequence[EvidenceFile], template: Template) -> list[EvidenceFile]:
    """The evidence files of the template's kinds: the only ones its report shows or takes labels from."""
    # Files without a kind come from version 1, which measured cropping only.
    kinds = {*template.evidence_kinds, *(("unknown",) if template.name == "image_cropping" else ())}
    return [item for item in evidence if item.kind in kinds]


def option_model(option: Option) -> str | None:
    """The model card an option runs: its `model:` field, else the card of the built-in image option it names."""
    return option.model or BUILTIN_MODEL_CARDS.get(option.implementation or "")


NO_LABELS = ("No audit in this report used labelled faces, so no labels enter its numbers. Audits group faces "
             "by labels a person gave; a report with audit evidence says who labelled them and how.")


def evidence_labels(evidence: Sequence[EvidenceFile]) -> tuple[LabelProvenance, ...]:
    """The labels' provenance each evidence file's results carry (pairs audits record it)."""
    found = (labels_from_data(item.results.get("labels")) for item in evidence if isinstance(item.results, Mapping))
    return tuple(dict.fromkeys(labels for labels in found if labels is not None))


def label_blocks(labels: Sequence[LabelProvenance]) -> tuple[Block, ...]:
    """Per labelled set: who labelled, how, the rules, distinct faces per group; and that labels are perceptions."""
    blocks: list[Block] = [Callout(PERCEPTION)]
    for item in dict.fromkeys(labels):
        facts = (("labelled by", item.labelled_by), ("how", f"{item.how()}. {item.method}"),
                 ("labelling rules", item.rules), ("grouped by", item.column))
        groups = tuple((group, str(count)) for group, count in item.faces_per_group)
        blocks += [Heading(f"Labels of {item.set_name}"),
                   Table(f"{item.set_name}: who labelled, how, by which rules", ("what", "value"), facts),
                   Table(f"{item.set_name}: distinct faces per group of {item.column}", ("group", "distinct faces"),
                         groups)]
    if not labels:
        blocks.append(Paragraph(NO_LABELS))
    return tuple(blocks)


def model_users(card: ModelCard, scenario: Scenario) -> str:
    """The scenario options that run this model (matched by the option's model field)."""
    users = [f"{o.name} ({o.implementation or 'model ' + card.name})" for o in scenario.options
             if option_model(o) == card.name]
    return ", ".join(users) or "no option of this scenario"


def model_card_blocks(cards: Sequence[ModelCard], scenario: Scenario, options: Sequence[OptionSpec] = ()
                      ) -> tuple[Block, ...]:
    """Per model: provenance, licence, tensors, intended use and limits; then each bring-your-own option's model."""
    blocks: list[Block] = []
    for card in cards:
        source = card.source
        facts = (
            ("used by", model_users(card, scenario)),
            ("source", f"{source.registry} {source.package} {source.version}, {source.path_in_package}"),
            ("source sha256", source.sha256),
            ("prepared file", card.file),
            ("prepared sha256", card.prepared_sha256),
            ("licence", f"{card.licence_spdx}: {' '.join(card.licence_statement.split())}"),
            ("preprocessing", " ".join(card.preprocessing.split())),
            ("postprocessing", " ".join(card.postprocessing.split())),
            ("intended use", " ".join(card.intended_use.split())),
            ("evaluation", " ".join(card.evaluation.split())),
        )
        tensors = tuple(
            (role, spec.name, "[" + ", ".join(map(str, spec.shape)) + "]", spec.dtype, spec.description)
            for role, specs in (("input", card.inputs), ("output", card.outputs)) for spec in specs
        )
        blocks += [
            Heading(card.title),
            Table(f"{card.name}: provenance and use", ("field", "value"), facts),
            Table(f"{card.name}: tensors", ("role", "name", "shape", "type", "meaning"), tensors),
            Paragraph("Limits:"),
            BulletList(tuple(" ".join(limit.split()) for limit in card.limits)),
        ]
    missing = [name for name in template_of(scenario).model_cards if name not in {card.name for card in cards}]
    if missing:
        blocks.append(Paragraph(f"Not in this checkout: the model card(s) {', '.join(missing)} of the "
                                f"{template_of(scenario).title.lower()} template."))
    blocks += uploaded_model_blocks(options, scenario)
    return tuple(blocks) or (Paragraph("No model cards were included."),)


def scenario_sha256(scenario: Scenario) -> str:
    """The sha256 of the scenario as exported YAML (what the YAML report writes)."""
    return hashlib.sha256(costmodels.scenario_to_yaml(scenario).encode("utf-8")).hexdigest()


def reproducibility_blocks(
    scenario: Scenario,
    evaluation: Evaluation,
    provenance: Provenance,
    evidence: Sequence[EvidenceFile],
    crop_grid: CropGrid | None,
    cards: Sequence[ModelCard],
    options: Sequence[OptionSpec] = (),
) -> tuple[Block, ...]:
    """Everything needed to rerun the report, and the command that does."""
    facts = (
        ("tcm version", provenance.tcm_version),
        ("git commit", provenance.git_commit),
        ("date", provenance.created),
        ("seed", str(evaluation.seed)),
        ("draws", f"{evaluation.draws}"),
        ("scenario sha256 (as exported YAML)", scenario_sha256(scenario)),
        ("Python", provenance.python_version),
        *((f"{name} version", number) for name, number in provenance.libraries.items()),
    )
    models = tuple((card.name, card.file, card.prepared_sha256) for card in cards) + uploaded_model_rows(options)
    models += tuple((digest.name, f"as measured in {Path(item.path).name}", digest.sha256)
                    for item in evidence for digest in item.models)
    images: dict[tuple[str, str], str] = {}
    if crop_grid is not None:
        images |= {(name, digest): "crop grid" for name, digest in zip(crop_grid.images, crop_grid.image_sha256,
                                                                       strict=True)}
    for item in evidence:
        for digest in item.images:
            key = (digest.name, digest.sha256)
            images[key] = f"{images[key]}, {Path(item.path).name}" if key in images else Path(item.path).name
    blocks: list[Block] = [
        Table("Versions, seed and date", ("what", "value"), facts),
        Table("Model files (sha256)", ("model", "file", "sha256"), models),
    ]
    if images:
        digests_by_name: dict[str, set[str]] = {}
        for name, sha256 in images:
            digests_by_name.setdefault(name, set()).add(sha256)
        rows = tuple(
            (name, sha256, where + (f" ({DIFFERENT_FILES})" if len(digests_by_name[name]) > 1 else ""))
            for (name, sha256), where in images.items()
        )
        blocks.append(Table("Image files (sha256)", ("image", "sha256", "used in"), rows))
    if evidence:
        blocks.append(Table("Evidence files (sha256) and the commands that made them",
                            ("file", "sha256", "command"),
                            tuple((Path(item.path).name, item.sha256, item.command) for item in evidence)))
    blocks.append(Preformatted("Regenerate this report (from the repository root, at the commit above):",
                               provenance.command))
    return tuple(blocks)


def scenario_blocks(scenario: Scenario) -> tuple[Block, ...]:
    """The scenario YAML itself, so the report alone is enough to rerun the cost model."""
    return (Preformatted("Save as scenario.yaml; `tcm evaluate scenario.yaml` reads it back.",
                         costmodels.scenario_to_yaml(scenario)),)
