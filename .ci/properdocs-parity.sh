#!/usr/bin/env bash
# ProperDocs parity: ProperDocs (a fork of MkDocs 1.6) builds this repository's
# site to the same bytes as MkDocs 1.6.1, apart from the generator meta line.
#
# Two fresh virtual environments with the same versions of everything else:
#   mk  this project as `pip install -e .` resolves it (real MkDocs 1.6.1);
#   pd  ProperDocs instead of MkDocs, and no importable `mkdocs` at all
#       (mkdocs-material is installed with --no-deps: it declares mkdocs, not ProperDocs).
# It builds the site with `mkdocs build` (mk), `properdocs build` (pd) and
# `briefing build` (pd: the command line without real MkDocs), compares the
# three trees byte for byte after normalising only the generator line, and
# checks that under ProperDocs warnings (the briefing's and the builder's own)
# are printed and fail the strict build, as they do under MkDocs.
#
# Usage: bash .ci/properdocs-parity.sh   (from anywhere; needs python3 and pip's
# package index). PROPERDOCS=properdocs==X.Y.Z tries another version;
# PARITY_KEEP=1 keeps the work folder and prints where it is.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
export NO_MKDOCS_2_WARNING=1
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 1700000000)}"
PROPERDOCS="${PROPERDOCS:-properdocs==1.6.7}"
PYTHON="${PYTHON:-python3}"
W="$(mktemp -d "${TMPDIR:-/tmp}/properdocs-parity.XXXXXX")"
if [ -n "${PARITY_KEEP:-}" ]; then
  echo "work folder: $W"
else
  trap 'rm -rf "$W"' EXIT
fi
fail() { echo "properdocs-parity: $*" >&2; exit 1; }

echo "== venvs: MkDocs (reference) and $PROPERDOCS"
"$PYTHON" -m venv "$W/mk"
"$W/mk/bin/pip" install -q -e .
"$W/mk/bin/pip" freeze --exclude-editable \
  | grep -viE '^(mkdocs|mkdocs-get-deps|mergedeep)==' > "$W/same-versions.txt"

"$PYTHON" -m venv "$W/pd"
"$W/pd/bin/pip" install -q --no-deps "$PROPERDOCS" -r "$W/same-versions.txt"
"$W/pd/bin/pip" install -q --no-deps -e .
unmet="$("$W/pd/bin/pip" check | grep -vE '^(No broken requirements found|.* requires mkdocs, which is not installed)' || true)"
[ -z "$unmet" ] || fail "unexpected missing dependencies in the ProperDocs venv: $unmet"
"$W/pd/bin/python" -c 'import importlib.util as u, sys; sys.exit(u.find_spec("mkdocs") is not None)' \
  || fail "a real mkdocs package is installed in the ProperDocs venv"

echo "== builds"
"$W/mk/bin/mkdocs" build -q -d "$W/site-mk"
"$W/pd/bin/properdocs" build -q -f mkdocs.yml -d "$W/site-pd"
"$W/pd/bin/briefing" build --site-dir "$W/site-pd-cli" > "$W/briefing-build.log" 2>&1 \
  || { cat "$W/briefing-build.log" >&2; fail "briefing build failed under ProperDocs"; }

test -f "$W/site-pd/pagefind/pagefind.js" || fail "no search index: on_post_build did not run under ProperDocs"
[ "$(find "$W/site-pd" -name index.html | wc -l)" -gt 10 ] || fail "too few pages: on_files did not run under ProperDocs"
grep -q '<meta name="generator" content="mkdocs-ProperDocs ' "$W/site-pd/index.html" \
  || fail "site-pd was not built by ProperDocs (generator line)"
grep -q '<meta name="generator" content="mkdocs-1\.6\.1, ' "$W/site-mk/index.html" \
  || fail "site-mk was not built by MkDocs 1.6.1 (generator line)"

for s in site-mk site-pd site-pd-cli; do  # normalise the generator line only
  find "$W/$s" -name '*.html' -exec sed -i -E \
    's#(<meta name="generator" content=")mkdocs-[^,"]*#\1mkdocs-X#' {} +
done
diff -r "$W/site-mk" "$W/site-pd" > "$W/diff.txt" || { head -50 "$W/diff.txt" >&2; fail "properdocs build differs from mkdocs build"; }
diff -r "$W/site-mk" "$W/site-pd-cli" > "$W/diff.txt" || { head -50 "$W/diff.txt" >&2; fail "briefing build under ProperDocs differs from mkdocs build"; }
files=$(find "$W/site-mk" -type f | wc -l)

echo "== warnings under ProperDocs"
# A copy of the project with two warnings, which the strict mkdocs.yml fails on: one of ours (a TODO in the
# briefing's title) and one of the builder core's (a template linking to a page that does not exist).
mkdir "$W/warn"
git ls-files -z | xargs -0 cp --parents -t "$W/warn"
sed -i -E '0,/^title: /s//title: TODO /' "$W/warn/content/briefing.yaml"
grep -q '^title: TODO ' "$W/warn/content/briefing.yaml" || fail "could not add a TODO to the copy's briefing title"
printf '\n[More](no-such-page.md)\n' >> "$W/warn/templates/methodology.md.j2"
ours="content/briefing.yaml:[0-9]+: warning: 'title' still holds placeholder text"
core="contains a link 'no-such-page.md', but the target is not found"
if "$W/pd/bin/briefing" --project "$W/warn" build --site-dir "$W/site-warn" > "$W/warn.log" 2>&1; then
  fail "briefing build under ProperDocs ignored warnings in strict mode"
fi
grep -qE "^$ours" "$W/warn.log" && grep -q "$core" "$W/warn.log" \
  || { cat "$W/warn.log" >&2; fail "briefing build under ProperDocs did not print both warnings"; }
if (cd "$W/warn" && "$W/pd/bin/properdocs" build -f mkdocs.yml -d "$W/site-warn") > "$W/warn.log" 2>&1; then
  fail "properdocs build ignored warnings in strict mode"
fi
grep -qE "WARNING +- +$ours" "$W/warn.log" && grep -q "$core" "$W/warn.log" \
  || { cat "$W/warn.log" >&2; fail "properdocs build did not print both warnings"; }

echo "ProperDocs parity: $files files identical apart from the generator line (mkdocs build, properdocs build," \
     "briefing build under ProperDocs); warnings are printed and fail a strict build under ProperDocs too;" \
     "$((SECONDS - started)) s"
