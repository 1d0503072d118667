"""Write the notebooks in notebooks/ from their cell sources (outputs never stored).

Run: python scripts/make_notebooks.py
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent / "notebooks"

QUICKSTART = [
    ("md", """# 快速上手 · Quickstart

本笔记本演示 thoughtclass 的基本用法：分词、分类、阅读置信度与判断依据、解释一次判断、对表格中的一列分类并计数。

This notebook shows the basics: segment a statement, classify a handful, read the confidence and evidence, explain one decision, classify a DataFrame column and count the results."""),
    ("code", """import pandas as pd
import thoughtclass as tc

pd.set_option("display.max_colwidth", 60)"""),
    ("md", """## 分词 · Segmentation

领域词典让运动口号和固定表述保持完整。 The domain dictionary keeps the campaign's slogans whole."""),
    ("code", """tc.segment("对解放思想、振兴发展的认识还不到位，存在以会议落实会议现象")"""),
    ("md", """## 分类 · Classify

每条输入对应一行输出，顺序不变；无法分类的输入给出错误原因而不是猜测。 One row per input, in order; what cannot be classified gets an error, never a guess."""),
    ("code", """statements = [
    "部分干部服务意识不强，对企业诉求推诿扯皮。",
    "便民服务中心只有两名工作人员，业务高峰期排队现象突出。",
    "学习上级会议精神满足于照本宣科，结合本地实际不够。",
    "园区主导产业链条短，上下游配套企业不足。",
    "部门间数据共享机制尚未建立，联审联办仍靠线下传递材料。",
    "暂无",
]
result = tc.classify(statements)
result[["text", "category_zh", "category_confidence", "nature_zh", "nature_confidence", "needs_review", "evidence", "error"]]"""),
    ("md", """## 解释一次判断 · Explain one decision

每个特征对两个判断的贡献（值 × 权重）。 Each feature's contribution (value × weight) to both decisions."""),
    ("code", """explanation = tc.explain("学习上级会议精神满足于照本宣科，结合本地实际不够。")
explanation.groupby("head").head(6)"""),
    ("md", """## 对表格中的一列分类并计数 · Classify a column and count

`classify` 接受 pandas Series 并保留其索引，结果可以直接与原表合并。 A Series keeps its index, so results join back onto the table."""),
    ("code", """ledger = pd.DataFrame({
    "单位": ["大罗镇", "大罗镇", "县发改局", "县发改局", "平顺街道"],
    "问题": [
        "对镇情研究不深，发展定位模糊。",
        "全镇村级道路中仍有部分砂石路，雨季出行困难。",
        "抓项目仍习惯于争资金、铺摊子，对亩均效益关注不够。",
        "项目前期工作经费缺口较大。",
        "社区工作者队伍流动性大，专业人才缺乏。",
    ],
})
labelled = ledger.join(tc.classify(ledger["问题"])[["category_zh", "nature_zh", "needs_review"]])
labelled"""),
    ("code", """labelled.groupby(["category_zh", "nature_zh"]).size().unstack(fill_value=0)"""),
]

CORPUS_AND_MODEL = [
    ("md", """# 语料与模型 · The corpus and the model

看看我们的标注语料，训练一个模型，读它的评估结果，再看看它错在哪里。

Explore our labelled corpus, train a model, read its evaluation, and look at the mistakes."""),
    ("code", """import pandas as pd
from sklearn.metrics import classification_report, confusion_matrix

import thoughtclass as tc
from thoughtclass import corpus
from thoughtclass.labels import CATEGORY_IDS

train, test = corpus.load("train"), corpus.load("test")
len(train), len(test)"""),
    ("md", """## 每个格子的数量 · Counts per cell"""),
    ("code", """train.groupby(["category", "nature"]).size().unstack()"""),
    ("md", """## 长度分布 · Lengths"""),
    ("code", """lengths = pd.DataFrame({"train": train["text"].str.len().describe(), "test": test["text"].str.len().describe()})
lengths.round(1)"""),
    ("code", """ax = train["text"].str.len().plot.hist(bins=40, title="statement length (characters)")"""),
    ("md", """## 各类别的特征词 · Characteristic terms

用对数几率比（加一平滑）找每个类别、每种性质最有区分度的词。 Log-odds ratios (add-one smoothing) of the domain segmenter's words."""),
    ("code", """import math
from collections import Counter

stop = tc.stopwords()
tokens = [[t for t in tc.segment(x) if t not in stop and len(t) > 1] for x in train["text"]]

def characteristic(mask, k=12):
    inside, outside = Counter(), Counter()
    for toks, m in zip(tokens, mask):
        (inside if m else outside).update(set(toks))
    n_in, n_out = sum(mask), len(mask) - sum(mask)
    score = {w: math.log((inside[w] + 1) / (n_in + 2)) - math.log((outside[w] + 1) / (n_out + 2)) for w in inside if inside[w] >= 5}
    return [w for w, _ in sorted(score.items(), key=lambda kv: -kv[1])[:k]]

pd.DataFrame({c: characteristic((train["category"] == c).tolist()) for c in CATEGORY_IDS})"""),
    ("code", """pd.DataFrame({n: characteristic((train["nature"] == n).tolist()) for n in ("thinking", "work")})"""),
    ("md", """## 训练一个模型 · Train a model

为了一分钟内跑完，这里关闭校准（校准需要 5 折交叉验证）；随包发布的默认模型是开启校准训练的。 To stay under a minute we skip calibration here (it needs 5-fold CV); the shipped default is trained with it."""),
    ("code", """clf = tc.ThoughtClassifier(calibrate=False, review_rate=0).fit(train["text"], train[["category", "nature"]])
pred = clf.predict(test["text"])
print(classification_report(test["category"], pred[:, 0], digits=3))"""),
    ("md", """## 混淆矩阵 · Confusion matrix"""),
    ("code", """from matplotlib.figure import Figure
from thoughtclass.plot import find_cjk_font

cm = confusion_matrix(test["category"], pred[:, 0], labels=list(CATEGORY_IDS))
fig = Figure(figsize=(6, 5), layout="constrained")
ax = fig.add_subplot()
ax.imshow(cm, cmap="Reds")
short = ["county", "philosophy", "top-down", "capability", "institution"]
ax.set_xticks(range(5), short, rotation=30)
ax.set_yticks(range(5), short)
for (i, j), v in __import__("numpy").ndenumerate(cm):
    ax.text(j, i, v, ha="center", va="center")
ax.set_xlabel("predicted")
ax.set_ylabel("true")
fig"""),
    ("md", """## 默认模型的校准 · Calibration of the shipped model

模型卡中的可靠性表：声明的置信度与实际准确率。 The reliability table from the model card: stated confidence vs observed accuracy."""),
    ("code", """import json
from thoughtclass.resources import shipped_dir

metrics = json.loads((shipped_dir("models") / "default" / "metrics.json").read_text(encoding="utf-8"))
pd.DataFrame(metrics["test"]["calibration"]["category_reliability"])"""),
    ("code", """pd.DataFrame(metrics["review_tradeoff"])"""),
    ("md", """## 错在哪里 · The mistakes"""),
    ("code", """wrong = test.assign(predicted_category=pred[:, 0], predicted_nature=pred[:, 1])
wrong = wrong[(wrong["predicted_category"] != wrong["category"]) | (wrong["predicted_nature"] != wrong["nature"])]
wrong[["text", "category", "predicted_category", "nature", "predicted_nature", "hard"]].head(15)"""),
    ("code", """wrong["hard"].mean(), test["hard"].mean()  # hard cases are over-represented among the mistakes"""),
]

LEDGER_TO_REPORT = [
    ("md", """# 从台账到报告 · From the ledger to the report

读入县里汇总的整改台账和各单位报送的文件，分类、统计、画图、生成报告段落，并写出带标注的 Excel。

Read the example ledger and the folder of submissions, classify, summarise, draw the charts, write the report paragraph and the annotated Excel file."""),
    ("code", """from pathlib import Path
import pandas as pd
import thoughtclass as tc

examples = Path("..") / "examples"
rows, failures = tc.classify_files([examples / "ledger.xlsx", examples / "submissions"], progress=False)
print(f"{len(rows)} statements from {rows['source_file'].nunique()} files; failures: {failures}")
rows[["source_file", "source_row", "unit", "text", "status_mapped", "category_zh", "nature_zh", "needs_review"]].head(10)"""),
    ("md", """## 统计 · Summary"""),
    ("code", """summary = tc.summarize(rows)
summary"""),
    ("code", """summary.by_category[["category_zh", "n", "share", "n_thinking", "share_thinking", "n_units_thinking"]]"""),
    ("code", """summary.by_unit.head(10)"""),
    ("code", """summary.by_status.query("scope == 'thinking' and category == 'all'")"""),
    ("md", """## 图表 · Charts

需要系统中有中文字体；没有时会说明如何安装。 Needs a CJK font; without one, thoughtclass says how to install it."""),
    ("code", """from thoughtclass.plot import MissingCJKFontError

try:
    fig = tc.plot.category_chart(summary)
except MissingCJKFontError as exc:
    fig = None
    print(exc)
fig"""),
    ("code", """try:
    fig = tc.plot.nature_by_unit(summary, top=20)
except MissingCJKFontError as exc:
    fig = None
    print(exc)
fig"""),
    ("md", """## 报告段落 · The report paragraph"""),
    ("code", """from IPython.display import Markdown

Markdown(tc.report(summary, rows))"""),
    ("md", """## 写出带标注的 Excel · Write the annotated Excel file"""),
    ("code", """import tempfile

out = Path(tempfile.mkdtemp()) / "example.xlsx"
written = tc.write_outputs(rows, out, charts=False)
{name: str(path) for name, path in written.items()}"""),
    ("code", """pd.read_excel(out, sheet_name="复核").head()"""),
]


ANALYST_WORKFLOW = [
    ("md", """# 分析员工作流 · The analyst's workflow

复核分类结果并回写、发现雷同问题、识别笼统表述、比较两轮查摆结果。

Review the classification in Excel and apply the decisions, find statements copied between units, spot vague statements, and compare two rounds."""),
    ("code", """from pathlib import Path
import tempfile
import pandas as pd
from openpyxl import load_workbook
import thoughtclass as tc

examples = Path("..") / "examples"
work = Path(tempfile.mkdtemp())
rows, _ = tc.classify_files([examples / "ledger.xlsx"], progress=False)
written = tc.write_outputs(rows, work / "2022.xlsx", charts=False)
pd.read_excel(work / "2022.xlsx", sheet_name="复核").head()"""),
    ("md", """## 复核 · Review

复核人员在“复核类别”“复核性质”两列的下拉列表中选择；这里用 openpyxl 代替人工填写两条。 A reviewer picks labels from the drop-down lists; here openpyxl plays the reviewer for two rows."""),
    ("code", """wb = load_workbook(work / "2022.xlsx")
ws = wb["复核"]
col = {cell.value: cell.column for cell in ws[1]}
ws.cell(2, col["复核类别"]).value = "制度机制"
ws.cell(3, col["复核性质"]).value = "思想问题"
ws.cell(3, col["复核意见"]).value = "属担当不足"
wb.save(work / "2022_reviewed_by_hand.xlsx")

from thoughtclass.batch import read_annotated
from thoughtclass.review import apply_decisions, read_decisions

decisions = read_decisions(work / "2022_reviewed_by_hand.xlsx")
reviewed = apply_decisions(read_annotated(work / "2022_reviewed_by_hand.xlsx"), decisions)
reviewed.loc[reviewed["reviewed"], ["row_id", "text", "category_model", "category", "nature_model", "nature", "corrected", "review_note"]]"""),
    ("md", """填错的值会被指出所在行列，且不会写出任何结果。 A value that is not a label is refused with its row and column, and nothing is written.

命令行：`thoughtclass review apply 2022.xlsx`；用复核结果重新训练：`thoughtclass train --add 2022_reviewed.xlsx --out models/本县`（模型卡列出复核前后在测试集上的分数）。"""),
    ("code", """ws.cell(4, col["复核类别"]).value = "作风问题"
wb.save(work / "bad.xlsx")
try:
    read_decisions(work / "bad.xlsx")
except tc.InputError as exc:
    print(exc)"""),
    ("md", """## 雷同问题 · Copied statements

批量分类的结果已带有 `copy_group`、`duplicate_of`（首条的序号）、`duplicate_unit`、`boilerplate` 列。这里把两个单位的清单人为改得雷同来演示。 The batch output carries the copy columns; here one unit copies three of another's statements."""),
    ("code", """from thoughtclass.similarity import copy_rates, similar

demo = rows[["unit", "text"]].copy()
source = demo[demo["unit"] == demo["unit"].iloc[0]].head(3)
copied = source.assign(unit="抄袭示例乡", text=source["text"].str.replace("镇", "乡", regex=False))
demo = pd.concat([demo, copied], ignore_index=True)
found = demo.join(similar(demo))
found[found["copy_group"].notna()][["unit", "text", "duplicate_of", "duplicate_unit", "boilerplate"]]"""),
    ("code", """copy_rates(found).head()"""),
    ("md", """## 具体程度 · Specificity

每条问题的具体程度（0–1）及其构成：数字、时间、名称、地点、事实、套话、内容长度。 Each statement's score and its ingredients."""),
    ("code", """from thoughtclass.specificity import specificity, vague_by_unit

examples_of_two = ["学习不够深入", "全年理论中心组学习仅开展3次，未按计划完成"]
specificity(examples_of_two)"""),
    ("code", """rows.pipe(vague_by_unit).head(8)"""),
    ("md", """## 两轮比较 · Round over round"""),
    ("code", """from thoughtclass.comparison import compare
from thoughtclass.reporting import comparison_report
from IPython.display import Markdown

rows_2023, _ = tc.classify_files([examples / "ledger_round2.xlsx"], progress=False)
comparison = compare(rows, rows_2023, names=("2022年", "2023年"))
comparison.tests"""),
    ("code", """comparison.categories"""),
    ("code", """comparison.units.head(8)"""),
    ("code", """comparison.recurring[["unit", "text_2", "status_1", "was_resolved", "similarity"]]"""),
    ("code", """Markdown(comparison_report(comparison))"""),
    ("md", """图表需要中文字体（见笔记本 03）。 The chart needs a CJK font (see notebook 03)."""),
    ("code", """from thoughtclass.plot import find_cjk_font

tc.plot.comparison_chart(comparison) if find_cjk_font() else print("no CJK font installed: see notebook 03")"""),
]


def build(name, cells):
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = [new_markdown_cell(src) if kind == "md" else new_code_cell(src) for kind, src in cells]
    for i, cell in enumerate(nb.cells):
        cell.id = f"{name[:2]}-{i:02d}"  # stable ids: regenerating leaves unchanged notebooks unchanged
    nbformat.write(nb, ROOT / name)


if __name__ == "__main__":
    ROOT.mkdir(exist_ok=True)
    build("01_quickstart.ipynb", QUICKSTART)
    build("02_corpus_and_model.ipynb", CORPUS_AND_MODEL)
    build("03_ledger_to_report.ipynb", LEDGER_TO_REPORT)
    build("04_analyst_workflow.ipynb", ANALYST_WORKFLOW)
    print("wrote notebooks/")
