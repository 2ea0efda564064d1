#!/usr/bin/env python3
"""Keep the Chinese of the OCA addons the complaints are built on complete.

The OCA addons ship no zh_CN; ours live in i18n_oca/<module>/i18n_extra/zh_CN.po (loaded by
models/ir_module_module.py).

    i18n_oca.py update MODULE NEW.pot       # merge the module's terms into its zh_CN.po
    i18n_oca.py check MODULE NEW.pot        # fail when a term of NEW.pot has no translation
    i18n_oca.py fill MODULE TRANSLATIONS.json   # set msgstr from {msgid: msgstr}
    i18n_oca.py missing MODULE              # print msgids without translation

NEW.pot is what `odoo i18n export MODULE` writes (scripts/pot.sh, scripts/test.sh).
"""

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent / "i18n_oca"


def key(entry):
    return (entry.msgctxt or "", entry.msgid)


def po_path(module):
    return ROOT / module / "i18n_extra" / "zh_CN.po"


def load(module):
    path = po_path(module)
    return polib.pofile(str(path)) if path.exists() else polib.POFile()


def missing(po):
    return [e for e in po if not e.msgstr.strip() and not e.obsolete]


def update(module, new_pot_path):
    new_pot = polib.pofile(new_pot_path)
    old = {key(e): e for e in load(module)}
    po = polib.POFile(wrapwidth=78)
    po.header = new_pot.header
    po.metadata = dict(new_pot.metadata, Language="zh_CN")
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    for entry in new_pot:
        previous = old.get(key(entry))
        entry.msgstr = previous.msgstr if previous else ""
        po.append(entry)
    po_path(module).parent.mkdir(parents=True, exist_ok=True)
    po.save(str(po_path(module)))
    print(f"{module}: {len(po)} messages, {len(missing(po))} untranslated")


def check(module, new_pot_path):
    current = {key(e) for e in polib.pofile(new_pot_path)}
    translated = {key(e) for e in load(module) if e.msgstr.strip()}
    problems = [
        f"{module}: no zh_CN translation: {msgid!r}" for _c, msgid in sorted(current - translated)
    ]
    if problems:
        print("\n".join(problems[:40]), file=sys.stderr)
        print(
            f"ERROR: {po_path(module).relative_to(ROOT.parent)} incomplete: run 'make pot' and "
            "translate the empty msgstr",
            file=sys.stderr,
        )
        sys.exit(1)
    print(f"i18n {module}: {len(current)} messages, zh_CN complete", file=sys.stderr)


def fill(module, json_path):
    table = json.loads(Path(json_path).read_text(encoding="utf-8"))
    po = load(module)
    hits = 0
    for entry in po:
        if entry.msgid in table:
            entry.msgstr = table[entry.msgid]
            hits += 1
    po.save(str(po_path(module)))
    print(f"{module}: filled {hits} entries; {len(missing(po))} still untranslated")


if __name__ == "__main__":
    cmd, *args = sys.argv[1:] or ["help"]
    if cmd == "update":
        update(*args)
    elif cmd == "check":
        check(*args)
    elif cmd == "fill":
        fill(*args)
    elif cmd == "missing":
        for entry in missing(load(*args)):
            print(json.dumps(entry.msgid, ensure_ascii=False))
    else:
        sys.exit(__doc__)
