"""Write explicit jieba frequencies into the shipped domain dictionary.

jieba's ``add_word(word)`` without a frequency computes one with
``suggest_freq`` against the dictionary as it stands, so the result depends
on the order of entries and on the engine (rjieba's suggest_freq rounds
differently). Freezing the frequencies jieba 0.42.1 computes, in file order,
makes every engine load exactly the same dictionary — and loads faster.
Run after editing src/thoughtclass/data/userdict.txt:
python scripts/freeze_userdict.py
"""

import logging
from pathlib import Path

import jieba

from thoughtclass.segmenter import _JIEBA_HAN

PATH = Path(__file__).resolve().parent.parent / "src" / "thoughtclass" / "data" / "userdict.txt"


def main() -> None:
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    out = []
    for raw in PATH.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            out.append(raw)
            continue
        parts = line.split()
        word = parts[0]
        tag = next((p for p in parts[1:] if not p.isdigit()), None)
        if not _JIEBA_HAN.match(word):
            out.append(word)  # a phrase with punctuation: kept whole by the phrase matcher
            continue
        freq = tok.suggest_freq(word, False)
        tok.add_word(word, freq, tag)
        out.append(" ".join([word, str(freq)] + ([tag] if tag else [])))
    PATH.write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"froze {sum(1 for l in out if l and not l.startswith('#'))} entries in {PATH}")


if __name__ == "__main__":
    main()
