#!/bin/sh
# Yuelao (月老) message catalogs. Run from anywhere; see README.md in this folder.
#
#   sh app/translations/update.sh          extract + merge + update zh, zh_Hant_TW + compile + check
#   sh app/translations/update.sh check    only list untranslated / fuzzy entries (exit 1 if any)
#   sh app/translations/update.sh fab      regenerate fab.pot from the installed Flask-AppBuilder
#
# VENV=path/to/venv overrides .venv.
set -eu
cd "$(dirname "$0")/../.."
BIN="$(cd "${VENV:-.venv}/bin" && pwd)"
T=app/translations
# zh_Hant_TW, not zh_TW: Flask-Babel looks a catalog up by str(Locale.parse("zh_TW")),
# which is "zh_Hant_TW" (falling back to "zh"); a zh_TW/ folder would never be read.
LOCALES="zh zh_Hant_TW"
KEYWORDS="-k _l -k lazy_gettext -k lazy_ngettext:1,2"

check() {
    "$BIN/python" - "$T" $LOCALES <<'EOF'
import sys
from babel.messages.pofile import read_po

folder, locales = sys.argv[1], sys.argv[2:]
bad = 0
for loc in locales:
    with open(f"{folder}/{loc}/LC_MESSAGES/messages.po", "rb") as f:
        cat = read_po(f)
    msgs = [m for m in cat if m.id]
    todo = [m for m in msgs
            if m.fuzzy or not all(m.string if isinstance(m.string, tuple) else (m.string,))]
    print(f"{loc}: {len(msgs)} msgids, {len(todo)} untranslated or fuzzy")
    for m in todo:
        print(f"    {m.id!r}")
    bad += len(todo)
sys.exit(1 if bad else 0)
EOF
}

fab() {
    FAB_DIR=$("$BIN/python" -c 'import flask_appbuilder, os; print(os.path.dirname(flask_appbuilder.__file__))')
    FAB_VERSION=$("$BIN/python" -c 'import flask_appbuilder; print(flask_appbuilder.__version__)')
    CFG=$(mktemp)
    printf '[python: **.py]\n[jinja2: **/templates/**.html]\nencoding = utf-8\n' >"$CFG"
    ROOT=$(pwd)
    (cd "$FAB_DIR/.." && "$BIN/pybabel" -q extract -F "$CFG" $KEYWORDS \
        --project=Flask-AppBuilder --version="$FAB_VERSION" -o "$ROOT/$T/fab.pot" flask_appbuilder)
    rm -f "$CFG"
    echo "fab.pot: Flask-AppBuilder $FAB_VERSION msgids written"
}

case "${1:-all}" in
    check) check; exit $? ;;
    fab) fab; exit 0 ;;
    all) ;;
    *) echo "usage: $0 [check|fab]" >&2; exit 2 ;;
esac

# 1. Our msgids (babel.cfg: app/**.py, app/templates/**.html).
"$BIN/pybabel" -q extract -F babel.cfg $KEYWORDS -c TRANSLATORS: \
    --project=Yuelao -o "$T/messages.pot" .

# 2. + extra.pot (stored values shown through _(variable)) + fab.pot (Flask-AppBuilder's own
#    strings: our catalog overrides FAB's and completes its missing zh / zh_TW ones).
"$BIN/python" - "$T" <<'EOF'
import sys
from babel.messages.pofile import read_po, write_po

folder = sys.argv[1]
with open(f"{folder}/messages.pot", "rb") as f:
    pot = read_po(f)
for name in ("extra.pot", "fab.pot"):
    with open(f"{folder}/{name}", "rb") as f:
        for m in read_po(f):
            if not m.id:
                continue
            if m.id in pot:
                known = pot[m.id]
                known.locations = list(dict.fromkeys(known.locations + m.locations))
                known.auto_comments = list(dict.fromkeys(known.auto_comments + m.auto_comments))
            else:
                pot.add(m.id, None, m.locations, auto_comments=m.auto_comments,
                        flags=m.flags - {"fuzzy"})
with open(f"{folder}/messages.pot", "wb") as f:
    write_po(f, pot, width=100)
EOF

# 3. Update (or create) each locale; no fuzzy guesses, no obsolete clutter.
for loc in $LOCALES; do
    if [ -f "$T/$loc/LC_MESSAGES/messages.po" ]; then
        "$BIN/pybabel" -q update -i "$T/messages.pot" -d "$T" -l "$loc" -w 100 \
            --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date
    else
        "$BIN/pybabel" -q init -i "$T/messages.pot" -d "$T" -l "$loc" -w 100
    fi
done

# 4. Compile (.mo files are build output, not committed) and list what still needs a translator.
"$BIN/pybabel" compile -f -d "$T" --statistics
check || echo "=> translate the msgids above in $T/*/LC_MESSAGES/messages.po, then run: make translations"
