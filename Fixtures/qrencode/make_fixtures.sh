#!/bin/sh
# Regenerates the expected QR symbols with the qrencode tool (Debian's qrencode 4.1.1, over the
# same libqrencode the server links): for each input NAME.txt and level, the module matrix
# (`-t ASCII -m 0`: "##" for a dark module, two spaces for a light one) and the terminal
# drawing (`-t UTF8 -m 2`). Run from this directory: sh make_fixtures.sh
set -eu
for input in *.txt; do
    name=${input%.txt}
    for level in L M H; do
        qrencode -r "$input" -l "$level" -t ASCII -m 0 -o "$name-$level.ascii"
        qrencode -r "$input" -l "$level" -t UTF8 -m 2 -o "$name-$level.utf8"
    done
done
