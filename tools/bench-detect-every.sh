#!/usr/bin/env bash
# Key-frame detection (--detect-every N) against detection on every frame: speed of the whole
# annotate command and agreement of the rows, on the shared clip and on two videos made here with
# ffmpeg from the shared photos (a pan across a group photo: faces enter and move fast; a slow
# zoom on one face). Prints one block per video and N. Needs target/face-emotion.jar and ffmpeg.
#
#   bash tools/bench-detect-every.sh [N ...]        (default: 1 2 3 5)
set -euo pipefail
cd "$(dirname "$0")/.."
ns=${*:-1 2 3 5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
shared=../shared/testdata
cp "$shared/video/short-clip-640x360.mp4" "$work/clip.mp4"
# 8 s pan across the 24-face group photo, 30 fps: faces enter from the right all the time
ffmpeg -v error -y -loop 1 -i "$shared/faces/bald_guys.jpg" -t 8 -r 30 \
	-vf "scale=2400:-2,crop=640:360:x='min(t*200\,iw-640)':y='(ih-360)/2'" -c:v libx264 -pix_fmt yuv420p "$work/pan.mp4"
# 8 s slow zoom on one face of a photo, 30 fps
ffmpeg -v error -y -loop 1 -i "$shared/faces/2008_002506.jpg" -t 8 -r 30 \
	-vf "scale=1280:-2,zoompan=z='1+0.002*on':d=1:s=640x360:fps=30" -c:v libx264 -pix_fmt yuv420p "$work/zoom.mp4"
for v in clip pan zoom; do
	for n in $ns; do
		out="$work/$v-$n"
		t0=$(date +%s.%N)
		java -jar target/face-emotion.jar annotate "$work/$v.mp4" --out "$out" --detect-every "$n" > "$out.log" 2>&1
		t1=$(date +%s.%N)
		frames=$(grep -o '^  [0-9]* frames' "$out.log" | head -1 | tr -dc 0-9)
		printf '%s --detect-every %s: whole command %.2f s, %s frames; %s\n' "$v" "$n" "$(echo "$t1 - $t0" | bc)" "$frames" \
			"$(grep -o 'per frame: .*ms, write' "$out.log" | head -1)"
		if [ "$n" != 1 ] && [ -d "$work/$v-1" ]; then
			java -jar target/face-emotion.jar compare-tables "$work/$v-1/$v.csv" "$out/$v.csv" 2>/dev/null | sed 's/^/    /'
		fi
	done
done
