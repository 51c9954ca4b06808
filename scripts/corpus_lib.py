"""The part every seed-corpus writer (scripts/gen_fuzz_corpus*.py) shares:
a named set of seeds for one fuzz target, written to fuzz/corpus/<target>/.

Writing replaces the generated seeds and keeps the regress_* inputs, which
are findings saved by hand, not generated.
"""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEEP_PREFIXES = (".", "regress_")


class Corpus:
    def __init__(self, target):
        self.target = target
        self.dir = os.path.join(ROOT, "fuzz", "corpus", target)
        self.seeds = {}

    def add(self, name, data):
        if name in self.seeds:
            raise SystemExit("duplicate seed " + name)
        self.seeds[name] = bytes(data)

    def write(self):
        os.makedirs(self.dir, exist_ok=True)
        for old in os.listdir(self.dir):
            if not old.startswith(KEEP_PREFIXES):
                os.remove(os.path.join(self.dir, old))
        for name, data in sorted(self.seeds.items()):
            with open(os.path.join(self.dir, name), "wb") as f:
                f.write(data)
        print("wrote %d seeds to %s" % (len(self.seeds), os.path.relpath(self.dir, ROOT)))
