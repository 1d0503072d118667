"""Command line: thin commands over the library's functions.

    thoughtclass segment "对解放思想、振兴发展认识不足"
    thoughtclass classify statements.txt [-o results.csv]
    thoughtclass train --corpus corpora --out models/NAME
    thoughtclass evaluate --model models/default --split test
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["main"]


def _cmd_segment(args) -> int:
    from .segmenter import Segmenter

    seg = Segmenter(user_dict=args.user_dict)
    texts = args.text or [line.rstrip("\n") for line in sys.stdin]
    for text in texts:
        print(" / ".join(seg.cut(text)))
    return 0


def _read_statements(path: Path) -> list[str]:
    if not path.is_file():
        raise SystemExit(f"thoughtclass: input file {str(path)!r} does not exist")
    if path.suffix.lower() == ".csv":
        import pandas as pd

        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        for col in ("text", "问题", "问题描述", "存在问题", "查摆问题"):
            if col in df.columns:
                return df[col].tolist()
        raise SystemExit(f"thoughtclass: {path}: no text column; columns found: {list(df.columns)}")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return [line for line in lines if line.strip()]


def _cmd_classify(args) -> int:
    import pandas as pd

    from .classification import classify, load

    texts = []
    sources = []
    for p in args.inputs:
        rows = _read_statements(Path(p))
        texts += rows
        sources += [(str(p), i + 1) for i in range(len(rows))]
    model = load(args.model) if args.model else None
    df = model.classify(texts) if model else classify(texts)
    df.insert(0, "source_file", [s for s, _ in sources])
    df.insert(1, "source_row", [r for _, r in sources])
    if args.output:
        out = Path(args.output)
        if out.exists() and not args.force:
            raise SystemExit(f"thoughtclass: {out} exists; use --force to overwrite")
        df.to_csv(out, index=False, encoding="utf-8-sig")
        print(f"wrote {len(df)} rows to {out}")
    else:
        cols = ["category_zh", "nature_zh", "category_confidence", "needs_review", "text"]
        with pd.option_context("display.max_colwidth", 40, "display.width", 200, "display.max_rows", 500):
            print(df[cols + ["error"]].to_string())
    n_err = int(df["error"].notna().sum())
    print(
        f"rows read {len(df)}, classified {len(df) - n_err}, flagged for review "
        f"{int(df['needs_review'].sum())}, errors {n_err}",
        file=sys.stderr,
    )
    return 1 if n_err and args.strict else 0


def _cmd_train(args) -> int:
    from .training import train_model

    model = train_model(args.corpus, args.out, random_state=args.seed)
    print(f"trained on {args.corpus}, wrote {args.out} (model.json, weights.npz, card.md, metrics.json)")
    for split, m in model.metadata_["metrics"].items() if hasattr(model, "metadata_") else []:
        print(split, m)
    return 0


def _cmd_evaluate(args) -> int:
    from .classification import load
    from .evaluation import evaluate, load_realdev
    from .training import read_split

    model = load(args.model)
    if args.split == "realdev":
        data = load_realdev(args.realdev)
        if data is None:
            raise SystemExit("thoughtclass: realdev not found; pass --realdev PATH")
    else:
        data = read_split(args.corpus, args.split)
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

    c = sub.add_parser("classify", help="classify statements from .txt (one per line) or .csv files")
    c.add_argument("inputs", nargs="+")
    c.add_argument("-o", "--output", help="write results as CSV (UTF-8 with BOM, opens in Excel)")
    c.add_argument("--model", help="model folder (default: the shipped model)")
    c.add_argument("--force", action="store_true", help="overwrite an existing output")
    c.add_argument("--strict", action="store_true", help="exit 1 if any row could not be classified")
    c.set_defaults(func=_cmd_classify)

    t = sub.add_parser("train", help="train a model on a corpus folder")
    t.add_argument("--corpus", default="corpora")
    t.add_argument("--out", required=True)
    t.add_argument("--seed", type=int, default=0)
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
