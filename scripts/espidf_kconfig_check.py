#!/usr/bin/env python3
"""Checks the ESP-IDF component's metadata without ESP-IDF.

  espidf_kconfig_check.py ROOT OUT_DIR [DEFAULTS_FILE]

- idf_component.yml: version equal to USRDTU_VERSION_STRING of
  include/usrdtu/version.h, a description, an idf dependency.
- Kconfig: every USRDTU_CFG_<X> option of include/usrdtu/config.h has a
  `config USRDTU_<X>` entry (or is in EXCEPTIONS, with the reason), with
  the same default; ports/esp-idf/include/usrdtu_idf_config.h maps each one.
- Writes OUT_DIR/sdkconfig.h as ESP-IDF would from the defaults of Kconfig
  and examples/esp-idf/main/Kconfig.projbuild, with DEFAULTS_FILE (an
  sdkconfig.defaults) applied on top when given, for the compile checks.

Only the subset of Kconfig these files use is understood (config, bool,
int, string, default, menu): it is no Kconfig implementation.
"""
import os
import re
import sys

# Options of config.h without a Kconfig entry, and why.
EXCEPTIONS = {
    "USRDTU_CFG_OPTS_FILE": "the ESP-IDF glue itself sets it to usrdtu_idf_config.h",
}
# Kconfig defaults that differ from config.h on purpose, and why.
DEFAULT_EXCEPTIONS = {
    "USRDTU_CFG_FRAME_MAX": "its default depends on the profiles; Kconfig 0 keeps it",
    "USRDTU_CFG_SMS": "on when gprs232 or cat1 is built; the Kconfig entry depends on the same",
    "USRDTU_CFG_SMS_TX_BYTES": "its default depends on FRAME_MAX and the target; Kconfig 0 keeps it",
    "USRDTU_CFG_SMS_REPLY_MAX": "smaller on AVR only; Kconfig gives the default of every other target",
    "USRDTU_CFG_SMS_RX_TEXT_MAX": "smaller on AVR only; Kconfig 0 is the default of every other target",
}


def fail(msg):
    print("espidf: FAIL: " + msg)
    sys.exit(1)


def read(root, path):
    with open(os.path.join(root, path), encoding="utf-8") as f:
        return f.read()


def parse_kconfig(text):
    """{name: (type, default)} of every config entry."""
    entries = {}
    name = None
    for line in text.splitlines():
        s = line.strip()
        m = re.match(r"config\s+(\w+)$", s)
        if m:
            name = m.group(1)
            entries[name] = [None, None]
            continue
        if s.startswith(("menu", "endmenu", "if", "endif", "choice", "endchoice")):
            name = None
            continue
        if name is None:
            continue
        m = re.match(r"(bool|int|string|hex)\b", s)
        if m and entries[name][0] is None:
            entries[name][0] = m.group(1)
            continue
        m = re.match(r"default\s+(.+)$", s)
        if m and entries[name][1] is None:
            entries[name][1] = m.group(1).strip()
    return {k: tuple(v) for k, v in entries.items()}


def config_h_defaults(text):
    """{USRDTU_CFG_X: default text} from the #ifndef/#define pairs."""
    out = {}
    names = re.findall(r"#ifndef\s+(USRDTU_CFG_\w+)", text)
    for n in names:
        m = re.search(r"#ifndef\s+%s\s*\n#define\s+%s\s+(.+)" % (n, n), text)
        out[n] = m.group(1).strip() if m else None
    for n in re.findall(r"#ifdef\s+(USRDTU_CFG_\w+)", text):
        out.setdefault(n, None)
    return out


def main():
    if len(sys.argv) < 3:
        fail("usage: espidf_kconfig_check.py ROOT OUT_DIR [DEFAULTS_FILE]")
    root, out_dir = sys.argv[1], sys.argv[2]
    defaults_file = sys.argv[3] if len(sys.argv) > 3 else None

    version = re.search(r'#define USRDTU_VERSION_STRING "([^"]+)"',
                        read(root, "include/usrdtu/version.h")).group(1)
    manifest = read(root, "idf_component.yml")
    m = re.search(r'^version:\s*"([^"]+)"\s*$', manifest, re.M)
    if not m:
        fail('idf_component.yml has no version: "x.y.z" line')
    if m.group(1) != version:
        fail("idf_component.yml has version %s, include/usrdtu/version.h %s" % (m.group(1), version))
    if not re.search(r"^description:\s*\S", manifest, re.M):
        fail("idf_component.yml has no description")
    if not re.search(r"^dependencies:\s*\n(\s+.*\n)*?\s+idf:\s*\S", manifest, re.M):
        fail("idf_component.yml does not name the ESP-IDF version it needs (dependencies: idf:)")
    print("espidf: idf_component.yml: version %s as version.h, description, idf dependency" % version)

    kconfig = parse_kconfig(read(root, "Kconfig"))
    mapping = read(root, "ports/esp-idf/include/usrdtu_idf_config.h")
    options = config_h_defaults(read(root, "include/usrdtu/config.h"))
    problems = []
    for opt, default in sorted(options.items()):
        if opt in EXCEPTIONS:
            continue
        name = "USRDTU_" + opt[len("USRDTU_CFG_"):]
        if name not in kconfig:
            problems.append("%s has no 'config %s' in Kconfig" % (opt, name))
            continue
        if not re.search(r"#define\s+%s\b" % opt, mapping):
            problems.append("%s is not set in usrdtu_idf_config.h" % opt)
        kind, kdefault = kconfig[name]
        if opt in DEFAULT_EXCEPTIONS or default is None:
            continue
        want = {"y": "1", "n": "0"}.get(kdefault, kdefault) if kind == "bool" else kdefault
        if want != default:
            problems.append("%s: Kconfig default %s, config.h %s" % (opt, kdefault, default))
    for name, (kind, _) in sorted(kconfig.items()):
        if kind is None:
            problems.append("config %s has no type" % name)
        if name.startswith("USRDTU_ESP_"):
            continue
        if "CONFIG_" + name not in mapping:
            problems.append("config %s is not used by usrdtu_idf_config.h" % name)
    if problems:
        for p in problems:
            print("espidf: " + p)
        fail("Kconfig and include/usrdtu/config.h disagree (%d problems)" % len(problems))
    checked = len(options) - len(EXCEPTIONS)
    print("espidf: Kconfig: %d of %d USRDTU_CFG_* options have an entry with the library's default"
          " (not in Kconfig: %s)" % (checked, len(options),
                                     "; ".join("%s, %s" % kv for kv in EXCEPTIONS.items())))

    values = dict(kconfig)
    values.update(parse_kconfig(read(root, "examples/esp-idf/main/Kconfig.projbuild")))
    settings = {name: d for name, (_, d) in values.items()}
    if defaults_file:
        with open(defaults_file, encoding="utf-8") as f:
            for line in f:
                m = re.match(r"CONFIG_(\w+)=(.*)$", line.strip())
                if m and m.group(1) in values:
                    settings[m.group(1)] = m.group(2)
    lines = ["/* Generated by scripts/espidf_kconfig_check.py from Kconfig defaults%s. */"
             % (" and " + os.path.basename(defaults_file) if defaults_file else "")]
    for name in sorted(settings):
        kind, value = values[name][0], settings[name]
        if kind == "bool":
            if value == "y":
                lines.append("#define CONFIG_%s 1" % name)
        elif kind == "string":
            lines.append("#define CONFIG_%s %s" % (name, value))
        else:
            lines.append("#define CONFIG_%s %s" % (name, value))
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "sdkconfig.h"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
