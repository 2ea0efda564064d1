#!/usr/bin/env python3
"""Keep i18n/property_fee_collection.pot current and i18n/zh_CN.po complete.

    i18n_tool.py update NEW.pot            # write i18n/*.pot, merge into i18n/zh_CN.po
    i18n_tool.py check NEW.pot             # fail when the .pot is stale or zh_CN.po incomplete
    i18n_tool.py fill TRANSLATIONS.json    # set msgstr of zh_CN.po from {msgid: msgstr}
    i18n_tool.py missing                   # print msgids of zh_CN.po without translation
    i18n_tool.py borrow ODOO_ADDONS_DIR    # fill empty msgstr from Odoo's own zh_CN.po files
    i18n_tool.py absorb OTHER.po           # fill empty msgstr from another zh_CN.po (merges)

NEW.pot is what `odoo i18n export` writes for the installed addon (scripts/pot.sh does it).
"""

import json
import sys
from pathlib import Path

import polib

I18N = Path(__file__).resolve().parent.parent / "i18n"
POT = I18N / "property_fee_collection.pot"
PO = I18N / "zh_CN.po"


def key(entry):
    return (entry.msgctxt or "", entry.msgid)


def load_po():
    return polib.pofile(str(PO)) if PO.exists() else polib.POFile()


def update(new_pot_path):
    new_pot = polib.pofile(new_pot_path)
    new_pot.save(str(POT))
    old = {key(e): e for e in load_po()}
    po = polib.POFile(wrapwidth=78)
    po.header = new_pot.header
    po.metadata = dict(new_pot.metadata, Language="zh_CN")
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    for entry in new_pot:
        previous = old.get(key(entry))
        entry.msgstr = previous.msgstr if previous else ""
        po.append(entry)
    po.save(str(PO))
    print(f"{POT.name}: {len(new_pot)} messages; {PO.name}: {len(missing(po))} untranslated")


def missing(po=None):
    po = po if po is not None else load_po()
    return [e for e in po if not e.msgstr.strip() and not e.obsolete]


def check(new_pot_path):
    current = {key(e) for e in polib.pofile(new_pot_path)}
    committed = {key(e) for e in polib.pofile(str(POT))} if POT.exists() else set()
    problems = []
    if current != committed:
        for _ctx, msgid in sorted(current - committed)[:20]:
            problems.append(f"not in {POT.name}: {msgid!r}")
        for _ctx, msgid in sorted(committed - current)[:20]:
            problems.append(f"stale in {POT.name}: {msgid!r}")
    translated = {key(e) for e in load_po() if e.msgstr.strip()}
    for _ctx, msgid in sorted(current - translated)[:40]:
        problems.append(f"no zh_CN translation: {msgid!r}")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print(
            "ERROR: i18n out of date: run 'make pot', translate the empty msgstr of "
            "i18n/zh_CN.po, and commit both files",
            file=sys.stderr,
        )
        sys.exit(1)
    print(f"i18n: {len(current)} messages, zh_CN complete", file=sys.stderr)


def fill(json_path):
    table = json.loads(Path(json_path).read_text(encoding="utf-8"))
    po = load_po()
    hits = 0
    for entry in po:
        if entry.msgid in table:
            entry.msgstr = table[entry.msgid]
            hits += 1
    po.save(str(PO))
    print(f"filled {hits} entries; {len(missing(po))} still untranslated")


def borrow(addons_dir):
    """Reuse Odoo's official zh_CN wording for generic terms (Status, Company, ...)."""
    known = {}
    for path in sorted(Path(addons_dir).glob("*/i18n/zh_CN.po")):
        for entry in polib.pofile(str(path)):
            if entry.msgstr and entry.msgid not in known:
                known[entry.msgid] = entry.msgstr
    po = load_po()
    hits = 0
    for entry in missing(po):
        if entry.msgid in known:
            entry.msgstr = known[entry.msgid]
            hits += 1
    po.save(str(PO))
    print(f"borrowed {hits} translations; {len(missing(po))} still untranslated")


def absorb(other_path):
    """Take the translations another branch made (after a merge, once the .pot is current)."""
    known = {key(e): e.msgstr for e in polib.pofile(other_path) if e.msgstr.strip()}
    po = load_po()
    hits = 0
    for entry in missing(po):
        if key(entry) in known:
            entry.msgstr = known[key(entry)]
            hits += 1
    po.save(str(PO))
    print(f"absorbed {hits} translations; {len(missing(po))} still untranslated")


if __name__ == "__main__":
    cmd, *args = sys.argv[1:] or ["missing"]
    if cmd == "update":
        update(*args)
    elif cmd == "check":
        check(*args)
    elif cmd == "fill":
        fill(*args)
    elif cmd == "borrow":
        borrow(*args)
    elif cmd == "absorb":
        absorb(*args)
    elif cmd == "missing":
        for entry in missing():
            print(json.dumps(entry.msgid, ensure_ascii=False))
    else:
        sys.exit(__doc__)
