"""Cross-checks the analysis' three unmet goals with another toolkit (scikit-learn) on exactly the rows
train-analysis trains on (the 80 % training side; the report split is never read).

What it answers: does a differently built bag-of-words model reach the goals on this data? Every score is
5-fold stratified cross-validation on the training side. Run through scripts/analysis-crosscheck.sh.
"""
import re
import sys

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import classification_report, f1_score, recall_score
from sklearn.model_selection import StratifiedKFold
from sklearn.naive_bayes import ComplementNB
from sklearn.svm import LinearSVC

SPLITS = sys.argv[1]


def load(name):
    labels, texts = [], []
    with open(f"{SPLITS}/{name}", encoding="utf-8") as f:
        for line in f:
            label, text = line.rstrip("\n").split("\t", 1)
            labels.append(label)
            texts.append(text)
    return texts, np.array(labels)


def words_and_chars(train, test):
    """Word 1-2-grams and character 2-5-grams inside word boundaries, TF-IDF with sublinear counts."""
    w = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2))
    c = TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=(2, 5), min_df=2)
    return (hstack([w.fit_transform(train), c.fit_transform(train)]).tocsr(),
            hstack([w.transform(test), c.transform(test)]).tocsr())


def cross_validate(x, y, model, extra=None, extra_weight=1.0, features=words_and_chars):
    """Out-of-fold predictions; `extra` (texts, labels) joins every training fold, never a test fold."""
    pred = np.empty(len(y), dtype=object)
    for train, test in StratifiedKFold(5, shuffle=True, random_state=1).split(x, y):
        tx = [x[i] for i in train]
        ty = list(y[train])
        weight = [1.0] * len(tx)
        if extra is not None:
            tx += extra[0]
            ty += list(extra[1])
            weight += [extra_weight] * len(extra[0])
        a, b = features(tx, [x[i] for i in test])
        m = model()
        m.fit(a, np.array(ty), sample_weight=np.array(weight))
        pred[test] = m.predict(b)
    return np.array(pred.tolist())


def lr(c=1.0):
    return lambda: LogisticRegression(C=c, max_iter=3000, class_weight="balanced")


def row(task, what, score, metric="macro-F1"):
    print(f"| {task} | {what} | {metric} {score:.3f} |", flush=True)


print("| task | model (5-fold cross-validation on the training side) | score |")
print("|---|---|---|")

x, y = load("xed-fi.tsv")
for c in (0.5, 1.0, 2.0):
    row("XED fi", f"logistic regression, C={c}, balanced", f1_score(y, cross_validate(x, y, lr(c)), average="macro"))
row("XED fi", "linear SVM, C=0.1, balanced",
    f1_score(y, cross_validate(x, y, lambda: LinearSVC(C=0.1, class_weight="balanced")), average="macro"))
row("XED fi", "complement naive Bayes",
    f1_score(y, cross_validate(x, y, lambda: ComplementNB(alpha=0.3)), average="macro"))


def chars_1_6(train, test):
    v = TfidfVectorizer(sublinear_tf=True, analyzer="char", ngram_range=(1, 6), min_df=2, max_features=400000)
    return v.fit_transform(train), v.transform(test)


row("XED fi", "logistic regression on character 1-6-grams across words",
    f1_score(y, cross_validate(x, y, lr(2.0), features=chars_1_6), average="macro"))
try:
    import libvoikko

    voikko = libvoikko.Voikko("fi")
    lemmas = {}

    def lemmatised(text):
        out = []
        for w in re.findall(r"\w+", text.lower()):
            if w not in lemmas:
                a = voikko.analyze(w)
                lemmas[w] = a[0].get("BASEFORM", w).lower() if a else w
            out.append(lemmas[w])
        return " ".join(out)

    def with_lemmas(train, test):
        a, b = words_and_chars(train, test)
        v = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), token_pattern=r"\S+")
        return (hstack([a, v.fit_transform([lemmatised(t) for t in train])]).tocsr(),
                hstack([b, v.transform([lemmatised(t) for t in test])]).tocsr())

    row("XED fi", "logistic regression, C=1, + Voikko base forms",
        f1_score(y, cross_validate(x, y, lr(1.0), features=with_lemmas), average="macro"))
except ImportError:
    print("| XED fi | (Voikko base forms skipped: apt-get install python3-libvoikko voikko-fi) | |")

xe, ye = load("xed-en.tsv")
report = classification_report(ye, cross_validate(xe, ye, lr(1.0)), output_dict=True)
row("XED en", "logistic regression, C=1: F1 of neutral alone", report["neutral"]["f1-score"], "F1")
row("XED en", "logistic regression, C=1", report["macro avg"]["f1-score"])

rows = list(zip(*load("suomi24.tsv")))
tox = [(t, int(label.endswith("/1"))) for t, label in rows if label.startswith("toxicity/")]
tx, ty = [t for t, _ in tox], np.array([v for _, v in tox])
others = [(t, int(label.endswith("/1"))) for t, label in rows
          if not label.startswith("toxicity/") and (not label.startswith("obscene/") or label.endswith("/1"))]
row("Suomi24 toxicity", f"logistic regression, C=1, its {len(tx)} rows only",
    f1_score(ty, cross_validate(tx, ty, lr(1.0)), average="macro"))
row("Suomi24 toxicity", "logistic regression, C=0.3, + the other labels' rows as toxic / not toxic",
    f1_score(ty, cross_validate(tx, ty, lr(0.3), extra=([t for t, _ in others], [v for _, v in others])),
             average="macro"))

wx, wy = load("tweeteval.tsv")
wy = np.array([{"0": "negative", "1": "neutral", "2": "positive"}[v] for v in wy])
row("TweetEval", f"logistic regression, C=1, its {len(wx)} tweets only",
    recall_score(wy, cross_validate(wx, wy, lr(1.0)), average="macro"), "macro-recall")
xed_en = ([re.sub(r" ([?!.,])", r"\1", t) for t in xe], ye)
row("TweetEval", "logistic regression, C=4, + XED en (weight 1)",
    recall_score(wy, cross_validate(wx, wy, lr(4.0), extra=xed_en), average="macro"), "macro-recall")
