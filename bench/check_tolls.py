"""Where each event's toll comes from, over a store: the check of issue 10 on FA-KES.

    python bench/check_tolls.py --db fakes.db

For every event with a toll it reports whether the toll is a number the count tagger reads as
killed in one of the event's evidence sentences, the sum of such numbers in one sentence, a toll
read from another sentence that the event's notes quote, or untraced; and lists the events above
1,000 dead with their evidence.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
import re
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

NOTED = re.compile(r"toll read from: “([^”]+)”")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    args = ap.parse_args()
    from sitreps.extract.count_roles import tag_counts
    from sitreps.nlp import load_nlp
    from sitreps.store import open_store

    nlp = load_nlp()
    verdicts: Counter = Counter()
    big = []
    with open_store(args.db) as store:
        events = [e for e in store.query_events() if (e["fatalities_best"] or 0) > 0]
        for e in events:
            reports = store.mentions(event_id=e["id"])
            sentences = [m["evidence"] for m in reports if m["evidence"]]
            noted = [x for m in reports for x in NOTED.findall(m.get("notes") or "")]
            readings = []
            for doc in nlp.pipe(sentences):
                killed = [t for t in tag_counts(doc[:]) if t.role == "killed"]
                readings.append(({int(t.value) for t in killed} | {int(t.value_high) for t in killed if t.value_high},
                                 sum(int(t.value) for t in killed if t.relation == "new")))
            toll = int(e["fatalities_best"])
            if any(toll in values for values, _ in readings):
                verdicts["a number in the evidence"] += 1
            elif any(toll == total for _, total in readings):
                verdicts["a sum of numbers in one evidence sentence"] += 1
            elif noted:
                verdicts["read from another sentence, quoted in the event's notes"] += 1
            else:
                verdicts["not traced"] += 1
            if max(toll, e["fatalities_high"] or 0) > 1000:
                big.append({"id": e["id"], "best": toll, "high": e["fatalities_high"], "evidence": sentences[:2]})
    print(json.dumps({"events_with_a_toll": len(events), "toll_is": verdicts, "above_1000": big}, indent=1))


if __name__ == "__main__":
    main()
