#!/usr/bin/env python3
"""Generates the data files of examples/data-backed: made-up survey responses,
funnel counts and evidence, NOT real customer data. Deterministic (fixed seed):
run it again and the files come out the same."""
import csv, random
from pathlib import Path

random.seed(12)
here = Path(__file__).parent / "data"
here.mkdir(exist_ok=True)
# Mean answer on the survey's 1..7 scale, per touchpoint and segment.
means = {
    "search": {"maya": 5.2, "tom": 4.6},
    "compare": {"maya": 3.1, "tom": 4.4},
    "basket": {"maya": 4.4, "tom": 4.9},
    "pay": {"maya": 3.0, "tom": 4.2},
}
counts = {"search": 260, "compare": 240, "basket": 220, "pay": 212}
with open(here / "checkout-survey.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["response_id", "submitted_at", "step", "segment", "q3_how_easy", "comment"])
    rid = 1000
    for step, n in counts.items():
        for i in range(n):
            segment = "maya" if i % 2 else "tom"
            answer = round(random.gauss(means[step][segment], 1.2))
            answer = min(7, max(1, answer))
            day = 1 + (i * 7) % 28
            month = 9 + (i % 2)
            w.writerow([rid, f"2026-{month:02d}-{day:02d}T10:{i % 60:02d}:00Z", step, segment, answer, ""])
            rid += 1
    # A few responses for the confirmation page: too few to be a score.
    for i in range(3):
        w.writerow([rid, "2026-10-02T09:00:00Z", "confirm", "maya", 6, ""])
        rid += 1
with open(here / "funnel.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["touchpoint", "entered", "completed", "median_seconds"])
    w.writerows([
        ["search", 18450, 11994, 95],
        ["compare", 11994, 6117, 240],
        ["basket", 6117, 4649, 60],
        ["pay", 4649, 3580, 110],
        ["confirm", 3580, 3544, 20],
    ])
with open(here / "evidence.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["id", "touchpoint", "kind", "quote", "source", "date", "participant"])
    w.writerows([
        ["E3", "search", "analytics", "Two thirds of searches end on a product page", "Product analytics", "2026-09-20", ""],
        ["E7", "compare", "interview", "I had four tabs open and still couldn't tell the plans apart", "Interview round 3", "2026-09-03", "P07"],
        ["E8", "compare", "interview", "The table hides the one number I care about", "Interview round 3", "2026-09-04", "P11"],
        ["E12", "pay", "support", "Card declined, no reason given", "Support tickets, September", "2026-09-30", ""],
        ["E31", "pay", "interview", "I wasn't sure the payment went through", "Interview round 3", "2026-09-05", "P02"],
        ["E40", "confirm", "observation", "Most people scroll straight past the order number", "Usability session", "2026-09-12", "P04"],
    ])
