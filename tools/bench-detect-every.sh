#!/usr/bin/env bash
# Key-frame detection (--detect-every N) against detection on every frame: speed of the whole
# annotate command and agreement of the rows, on the shared clip and on three videos made here with
# ffmpeg from the shared photos (a pan across a group photo: faces enter and move fast; a slow
# zoom on one face; 15 s of the one-face 1280x720 video of bench-throughput.sh). Prints one block
# per video and N, and a noise floor: every frame detected on the same video re-encoded (libx264,
# CRF 16: a change nobody sees) against the original, so that the agreement of key frames can be
# read against how much an invisible change of the pixels moves the table by itself.
# Needs target/face-emotion.jar and ffmpeg.
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
ffmpeg -v error -y -loop 1 -i "$shared/faces/Tom_Cruise_avp_2014_4.jpg" -t 15 -r 30 \
	-vf "scale=-2:1000,pad=2000:1000:(ow-iw)/2:0,crop=1280:720:x='360+200*sin(t)':y='60+40*sin(t/2)'" \
	-c:v libx264 -pix_fmt yuv420p "$work/vlog.mp4"
for v in clip pan zoom vlog; do
	mkdir -p "$work/reenc"
	ffmpeg -v error -y -i "$work/$v.mp4" -an -c:v libx264 -crf 16 -fps_mode passthrough -pix_fmt yuv420p "$work/reenc/$v.mp4"
	java -jar target/face-emotion.jar annotate "$work/reenc/$v.mp4" --out "$work/$v-reenc" --detect-every 1 > /dev/null 2>&1
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
	if [ -d "$work/$v-1" ]; then
		echo "$v noise floor: every frame, the video re-encoded (CRF 16) against the original"
		java -jar target/face-emotion.jar compare-tables "$work/$v-1/$v.csv" "$work/$v-reenc/$v.csv" 2>/dev/null | sed 's/^/    /'
	fi
done
