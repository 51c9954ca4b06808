#!/usr/bin/env python3
"""Rewrites the hash index of every profile whose table changed.

tests/test_tables.c builds each profile's perfect index (see struct
usrdtu_profile in src/at_table.h) and, when the one in src/profiles/X.c is
out of date, prints the right one and fails. This runs that test, pastes
what it prints into the profile's source and repeats until the test
passes; after adding or renaming a row:

    python3 scripts/update_index.py [BUILD_DIR]     # default: build
"""
import pathlib
import re
import subprocess
import sys

root = pathlib.Path(__file__).resolve().parent.parent
build = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else root / "build")
stale = re.compile(r"(\w+): the row index is out of date; use \((\d+) bytes\)\n(.*?)and index_mask (\d+)", re.S)

for _ in range(8):
    subprocess.run(["cmake", "--build", str(build), "--target", "test_tables"], check=True,
                   stdout=subprocess.DEVNULL)
    run = subprocess.run([str(build / "tests" / "test_tables")], capture_output=True, text=True)
    found = stale.search(run.stdout + run.stderr)
    if found is None:
        sys.exit(run.returncode)
    name, size, mask = found.group(1), int(found.group(2)), int(found.group(4))
    values = [v.strip() for v in found.group(3).replace("\n", " ").split(",") if v.strip()]
    if len(values) != size:
        sys.exit(f"{name}: expected {size} bytes of index, read {len(values)}")
    source = root / "src" / "profiles" / f"{name}.c"
    text = source.read_text()
    start = text.index(f"static const uint8_t {name}_index[")
    end = text.index("};", start) + 2
    lines = [f"static const uint8_t {name}_index[AT_INDEX_BUCKETS + {mask + 1}] = {{"]
    lines += ["\t" + ", ".join(values[i:i + 16]) + "," for i in range(0, size, 16)]
    lines.append("};")
    text = text[:start] + "\n".join(lines) + text[end:]
    text, n = re.subn(rf"({name}_index,\n\t)\d+(,?\n)", rf"\g<1>{mask}\g<2>", text)
    if n != 1:
        sys.exit(f"{name}: could not find index_mask after {name}_index in {source}")
    source.write_text(text)
    print(f"{name}: index rewritten ({size} bytes, index_mask {mask})")
sys.exit("the index did not settle")
