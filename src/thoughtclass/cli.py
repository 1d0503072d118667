"""Command line: thin commands over the library's functions.

    thoughtclass segment "对解放思想、振兴发展认识不足"
    thoughtclass classify ledger.xlsx submissions/ -o result.xlsx
    thoughtclass review apply result.xlsx
    thoughtclass compare round1.xlsx round2.xlsx -o comparison.xlsx
    thoughtclass train --corpus corpora --out models/NAME [--add result.xlsx]
    thoughtclass evaluate --model models/default --split test
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["main"]

# Kept here rather than imported from readers, so that `thoughtclass segment`
# does not pay for importing pandas.
_STREAMABLE = (".csv", ".jsonl")


def _cmd_segment(args) -> int:
    from .segmenter import Segmenter

    seg = Segmenter(user_dict=args.user_dict)
    texts = args.text or [line.rstrip("\n") for line in sys.stdin]
    for text in texts:
        print(" / ".join(seg.cut(text)))
    return 0


def _cmd_classify(args) -> int:
    import pandas as pd

    from .batch import classify_files, write_outputs
    from .classification import load
    from .errors import InputError

    columns = {k: v for k, v in (("text", args.text_column), ("unit", args.unit_column), ("status", args.status_column)) if v}
    model = load(args.model) if args.model else None
    fmt = args.format or (Path(args.output).suffix.lstrip(".").lower() if args.output else None)
    if args.output and fmt in ("csv", "jsonl") and all(
        Path(p).is_file() and Path(p).suffix.lower() in _STREAMABLE for p in args.inputs
    ):
        return _stream(args, model, columns, fmt)
    try:
        rows, failures = classify_files(
            args.inputs, model=model, progress=not args.quiet, columns=columns or None, unit=args.unit, sheet=args.sheet,
            n_jobs=args.jobs,
        )
    except InputError as exc:
        raise SystemExit(f"thoughtclass: {exc}") from None
    if args.output:
        _write(lambda: write_outputs(rows, args.output, fmt=args.format, force=args.force,
                                     charts=not args.no_charts, inputs=args.inputs))
    else:
        cols = ["unit", "category_zh", "nature_zh", "category_confidence", "needs_review", "text", "error"]
        with pd.option_context("display.max_colwidth", 36, "display.width", 200, "display.max_rows", 500):
            print(rows[cols].to_string())
    counts = {"rows": len(rows), "errors": int(rows["error"].notna().sum()), "needs_review": int(rows["needs_review"].sum())}
    return _finish(counts, failures, args.strict)


def _write(produce):
    """Run an output writer, echo what it wrote and its warnings; refusals become exit messages."""
    import warnings

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = produce()
    except FileExistsError as exc:
        raise SystemExit(f"thoughtclass: {exc}") from None
    for w in caught:
        print(f"thoughtclass: {w.message}", file=sys.stderr)
    written = result[0] if isinstance(result, tuple) else result
    for name, path in written.items():
        print(f"wrote {name}: {path}")
    return result


def _print_failures(failures: list) -> None:
    for file, reason in failures:
        print(f"thoughtclass: failed {file}: {reason}", file=sys.stderr)


def _finish(counts: dict, failures: list, strict: bool) -> int:
    """The closing line, and the exit code: 2 if a file failed, 1 if --strict and a row failed."""
    _print_failures(failures)
    print(
        f"rows read {counts['rows']}, classified {counts['rows'] - counts['errors']}, flagged for review "
        f"{counts['needs_review']}, errors {counts['errors']}; files failed {len(failures)}",
        file=sys.stderr,
    )
    if failures:
        return 2
    return 1 if counts["errors"] and strict else 0


def _stream(args, model, columns, fmt) -> int:
    from .batch import stream_files

    _, counts, failures = _write(lambda: stream_files(
        args.inputs, args.output, fmt=fmt, model=model, progress=not args.quiet, force=args.force,
        charts=not args.no_charts, columns=columns or None, unit=args.unit, chunksize=args.chunksize, n_jobs=args.jobs,
    ))
    return _finish(counts, failures, args.strict)


def _reviewed_rows(path):
    """Annotated rows of a reviewed workbook with the reviewer's decisions applied."""
    from .batch import read_annotated
    from .errors import InputError
    from .review import apply_decisions, read_decisions

    try:
        return apply_decisions(read_annotated(path), read_decisions(path))
    except InputError as exc:
        raise SystemExit(f"thoughtclass: {exc}") from None


def _cmd_review_apply(args) -> int:
    from .batch import write_outputs

    src = Path(args.workbook)
    rows = _reviewed_rows(src)
    out = Path(args.output) if args.output else src.with_name(src.stem + "_reviewed.xlsx")
    _write(lambda: write_outputs(rows, out, force=args.force, charts=not args.no_charts, inputs=[src]))
    print(f"decisions applied {int(rows['reviewed'].sum())}, labels corrected {int(rows['corrected'].sum())}, "
          f"still flagged for review {int(rows['needs_review'].sum())}", file=sys.stderr)
    return 0


def _cmd_compare(args) -> int:
    from .batch import read_round, write_comparison
    from .comparison import compare
    from .errors import InputError
    from .reporting import comparison_report

    rounds = []
    for path in (args.round_1, args.round_2):
        try:
            rows, failures = read_round(path, progress=not args.quiet)
        except InputError as exc:
            raise SystemExit(f"thoughtclass: {exc}") from None
        if failures:
            _print_failures(failures)
            return 2
        rounds.append(rows)
    comparison = compare(*rounds, names=tuple(args.names), threshold=args.threshold)
    text = comparison_report(comparison)
    print(text)
    if not args.output:
        return 0

    _write(lambda: write_comparison(comparison, args.output, force=args.force, charts=not args.no_charts,
                                    inputs=[args.round_1, args.round_2], report_text=text))
    return 0


def _cmd_train(args) -> int:
    from .training import train_model

    corrections, baseline = None, None
    if args.add:
        import pandas as pd

        from .classification import get_default_classifier, load
        from .review import training_rows

        corrections = pd.concat([training_rows(_reviewed_rows(path)) for path in args.add], ignore_index=True)
        baseline = load(args.baseline) if args.baseline else get_default_classifier()
    model = train_model(args.corpus, args.out, random_state=args.seed, corrections=corrections, baseline=baseline)
    print(f"trained on {args.corpus}, wrote {args.out} (model.json, weights.npz, card.md, metrics.json)")
    if corrections is not None:
        c = model.metadata_["corrections"]
        print(f"  added {c['added']} reviewed statements (corrections.jsonl); "
              f"left out {c['dropped_as_test_statements']} that repeat a test statement")
    for split, m in model.metadata_["metrics"].items():
        print(f"  {split}: {m}")
    return 0


def _cmd_evaluate(args) -> int:
    from . import corpus
    from .classification import load
    from .evaluation import evaluate, load_realdev

    model = load(args.model)
    if args.split == "realdev":
        data = load_realdev(args.realdev)
        if data is None:
            raise SystemExit("thoughtclass: realdev not found; pass --realdev PATH")
    else:
        try:
            data = corpus.load(args.split, args.corpus)
        except FileNotFoundError as exc:
            raise SystemExit(f"thoughtclass: {exc}") from None
    res = evaluate(model, data)
    preds = res.pop("predictions")
    print(f"{args.split}: n={res['n']}  category macro-F1 {res['category_macro_f1']:.3f}  "
          f"category accuracy {res['category_accuracy']:.3f}  nature accuracy {res['nature_accuracy']:.3f}")
    print(f"{'category':<26}{'precision':>10}{'recall':>8}{'F1':>8}{'n':>6}")
    for c, s in res["per_class"].items():
        print(f"{c:<26}{s['precision']:>10.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}{s['support']:>6}")
    for head in ("category", "nature"):
        block = res["confusion"][head]
        print(f"\nconfusion ({head}; rows true, columns predicted: {', '.join(block['labels'])})")
        for lab, row in zip(block["labels"], block["matrix"]):
            print(f"  {lab:<26}" + "".join(f"{v:>6}" for v in row))
    print(f"\nflagged for review {100 * res['review']['flagged_share']:.1f}%, category accuracy of the rest "
          f"{res['review']['category_accuracy_unflagged']:.3f}")
    wrong = preds[(preds["predicted_category"] != preds["category"]) | (preds["predicted_nature"] != preds["nature"])]
    out = Path(args.errors or f"misclassified_{args.split}.csv")
    wrong.to_csv(out, index=False, encoding="utf-8-sig")
    print(f"wrote {len(wrong)} misclassified items to {out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="thoughtclass", description="Classify Chinese self-inspection problem statements.")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("segment", help="segment statements with the domain dictionary")
    s.add_argument("text", nargs="*", help="statements (default: one per line from stdin)")
    s.add_argument("--user-dict", help="extra dictionary file (WORD [FREQ] [TAG] per line)")
    s.set_defaults(func=_cmd_segment)

    c = sub.add_parser("classify", help="classify submissions: .xlsx/.csv ledgers, .docx/.txt documents, folders")
    c.add_argument("inputs", nargs="+", help="files or folders")
    c.add_argument("-o", "--output", help="annotated output (.xlsx, .csv or .jsonl); report and charts go beside it")
    c.add_argument("--format", choices=["xlsx", "csv", "jsonl"], help="output format (default: from the extension)")
    c.add_argument("--model", help="model folder (default: the shipped model)")
    c.add_argument("--text-column", help="name of the problem-text column (default: recognised by name)")
    c.add_argument("--unit-column", help="name of the unit column")
    c.add_argument("--status-column", help="name of the status column")
    c.add_argument("--unit", help="unit of documents that name none in a 填报单位/单位 line (default: from the file name)")
    c.add_argument("--sheet", help="worksheet name (default: the first)")
    c.add_argument("--no-charts", action="store_true", help="do not draw charts")
    c.add_argument("--force", action="store_true", help="overwrite existing outputs")
    c.add_argument("--strict", action="store_true", help="exit 1 if any row could not be classified")
    c.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    c.add_argument("-j", "--jobs", type=int, default=1, help="worker processes for large batches (-1: one per core)")
    c.add_argument("--chunksize", type=int, default=20000,
                   help="rows per chunk when streaming .csv/.jsonl inputs to .csv/.jsonl output (constant memory)")
    c.set_defaults(func=_cmd_classify)

    r = sub.add_parser("review", help="apply a reviewer's decisions from the 复核 sheet")
    rsub = r.add_subparsers(dest="review_command", required=True)
    ra = rsub.add_parser("apply", help="merge the 复核 decisions into the ledger; recompute summary, report, charts")
    ra.add_argument("workbook", help="workbook written by thoughtclass classify, with its 复核 sheet filled in")
    ra.add_argument("-o", "--output", help="corrected workbook (default: WORKBOOK_reviewed.xlsx beside it)")
    ra.add_argument("--force", action="store_true", help="overwrite existing outputs")
    ra.add_argument("--no-charts", action="store_true", help="do not draw charts")
    ra.set_defaults(func=_cmd_review_apply)

    m = sub.add_parser("compare", help="compare two rounds: distributions, chi-square, unit shifts, recurring problems")
    m.add_argument("round_1", help="first round: an output of thoughtclass classify, or a ledger/folder to classify")
    m.add_argument("round_2", help="second round, likewise")
    m.add_argument("-o", "--output", help="comparison workbook (.xlsx); the report and chart go beside it")
    m.add_argument("--names", nargs=2, default=["第一轮", "第二轮"], metavar=("NAME1", "NAME2"),
                   help="names of the rounds in the report (default: 第一轮 第二轮)")
    m.add_argument("--threshold", type=float, help="similarity at which a statement counts as recurring")
    m.add_argument("--force", action="store_true", help="overwrite existing outputs")
    m.add_argument("--no-charts", action="store_true", help="do not draw the chart")
    m.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    m.set_defaults(func=_cmd_compare)

    t = sub.add_parser("train", help="train a model on a corpus folder")
    t.add_argument("--corpus", default="corpora")
    t.add_argument("--out", required=True)
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--add", action="append", metavar="REVIEWED.xlsx",
                   help="add the reviewed statements of a workbook to the training data (repeatable)")
    t.add_argument("--baseline", help="model to compare with in the card (default: the shipped model)")
    t.set_defaults(func=_cmd_train)

    e = sub.add_parser("evaluate", help="score a model on a corpus split or on realdev")
    e.add_argument("--model", required=True)
    e.add_argument("--split", default="test", choices=["train", "test", "realdev"])
    e.add_argument("--corpus", default="corpora")
    e.add_argument("--realdev", help="path of realdev items.jsonl")
    e.add_argument("--errors", help="where to write misclassified items (CSV)")
    e.set_defaults(func=_cmd_evaluate)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
