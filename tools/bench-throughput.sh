#!/usr/bin/env bash
# Throughput (issue #26), the whole commands as a user runs them, each paired with another build
# run alternately on the same machine (this machine's speed drifts by 10 % within minutes):
#   1. annotate on a one-face video like the 50 s phone vlog of the issue (made here with ffmpeg:
#      50 s, 30 fps, 1280x720, the shared one-face portrait moving slowly; one face of about 580
#      pixels in every frame), the other build (its defaults) against this one with
#      --detect-every 1 (new1), 2 (new2) and its defaults (new3: --detect-every 3 since session 16);
#   2. live --headless on the same video, unpaced;
#   3. cores: that video and a batch of 8 videos (copies of the shared clip) on 1 and 2 cores
#      (taskset), and the batch with one video per worker (--videos-at-once 2).
# Prints the median of RUNS runs (default 3) and the ratios. Needs ffmpeg, taskset, bc.
# PARTS (default "annotate live cores") picks the parts. Nothing else should run meanwhile.
#
#   git worktree add /tmp/base 2dd2350 && (cd /tmp/base && mvn -B -q package -DskipTests -Dspark.skip=true)
#   bash tools/bench-throughput.sh /tmp/base/target/face-emotion.jar [RUNS]
#   PARTS=annotate bash tools/bench-throughput.sh /tmp/base/target/face-emotion.jar 5
set -euo pipefail
cd "$(dirname "$0")/.."
base=$(realpath "${1:?usage: tools/bench-throughput.sh OTHER_BUILD.jar [RUNS]}")
runs=${2:-3}
new=$(realpath target/face-emotion.jar)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
shared=../shared/testdata
ffmpeg -v error -y -loop 1 -i "$shared/faces/Tom_Cruise_avp_2014_4.jpg" -t 50 -r 30 \
	-vf "scale=-2:1000,pad=2000:1000:(ow-iw)/2:0,crop=1280:720:x='360+200*sin(t)':y='60+40*sin(t/2)'" \
	-c:v libx264 -pix_fmt yuv420p "$work/vlog.mp4"
mkdir -p "$work/batch"
for n in a b c d e f g h; do cp "$shared/video/short-clip-640x360.mp4" "$work/batch/$n.mp4"; done
seconds() { # prints the wall seconds of the command
	local t0 t1
	t0=$(date +%s.%N)
	"$@" > "$work/last.log" 2>&1 || { cat "$work/last.log" >&2; return 1; }
	t1=$(date +%s.%N)
	echo "$t1 - $t0" | bc
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
k=0
run_annotate() { # label jar args...: one timed run into a fresh folder
	local label=$1 jar=$2
	shift 2
	k=$((k + 1))
	seconds java -jar "$jar" annotate "$@" --out "$work/out$k" >> "$work/$label.s"
	rm -rf "$work/out$k"
}
run_live() {
	local label=$1 jar=$2
	shift 2
	k=$((k + 1))
	java -jar "$jar" live --headless --source "$work/vlog.mp4" --out "$work/out$k" "$@" 2>/dev/null | grep -o 'fps: [0-9.]*' | cut -d' ' -f2 >> "$work/$label.fps"
	rm -rf "$work/out$k"
}
frames=1500
parts=${PARTS:-annotate live cores}
if [[ " $parts " == *" annotate "* ]]; then
echo "== annotate, one-face video (50 s, 1500 frames, 1280x720), median of $runs"
for r in $(seq "$runs"); do
	run_annotate base "$base" "$work/vlog.mp4"
	run_annotate new1 "$new" "$work/vlog.mp4" --detect-every 1
	run_annotate new2 "$new" "$work/vlog.mp4" --detect-every 2
	run_annotate new3 "$new" "$work/vlog.mp4"
done
b=$(median < "$work/base.s")
for l in base new1 new2 new3; do
	m=$(median < "$work/$l.s")
	printf '  %-6s %6.2f s  %6.1f frames/s  %.2fx the other build  (runs: %s)\n' "$l" "$m" "$(echo "$frames / $m" | bc -l)" \
		"$(echo "$b / $m" | bc -l)" "$(tr '\n' ' ' < "$work/$l.s")"
done
java -jar "$new" annotate "$work/vlog.mp4" --out "$work/stages" | grep -o 'per frame: .*' | sed 's/^/  this build (defaults): /'
java -jar "$base" annotate "$work/vlog.mp4" --out "$work/stages-base" | grep -o 'per frame: .*' | sed 's/^/  other build: /'
fi
if [[ " $parts " == *" live "* ]]; then
echo "== live --headless, same video, unpaced, median of $runs"
for r in $(seq "$runs"); do
	run_live lbase "$base"
	run_live lnew1 "$new" --detect-every 1
	run_live lnew2 "$new" --detect-every 2
	run_live lnew3 "$new" --detect-every 3
done
lb=$(median < "$work/lbase.fps")
for l in lbase lnew1 lnew2 lnew3; do
	m=$(median < "$work/$l.fps")
	printf '  %-6s %6.1f fps  %.2fx the other build  (runs: %s)\n' "$l" "$m" "$(echo "$m / $lb" | bc -l)" "$(tr '\n' ' ' < "$work/$l.fps")"
done
fi
if [[ " $parts " == *" cores "* ]]; then
echo "== cores (this build, defaults), median of $runs"
for r in $(seq "$runs"); do
	k=$((k + 1)); seconds taskset -c 0 java -jar "$new" annotate "$work/vlog.mp4" --out "$work/out$k" >> "$work/v1.s"; rm -rf "$work/out$k"
	k=$((k + 1)); seconds taskset -c 0,1 java -jar "$new" annotate "$work/vlog.mp4" --out "$work/out$k" >> "$work/v2.s"; rm -rf "$work/out$k"
	k=$((k + 1)); seconds taskset -c 0 java -jar "$new" annotate "$work/batch" --out "$work/out$k" >> "$work/b1.s"; rm -rf "$work/out$k"
	k=$((k + 1)); seconds taskset -c 0,1 java -jar "$new" annotate "$work/batch" --out "$work/out$k" >> "$work/b2.s"; rm -rf "$work/out$k"
	k=$((k + 1)); seconds taskset -c 0,1 java -jar "$new" annotate "$work/batch" --videos-at-once 2 --out "$work/out$k" >> "$work/b2l.s"; rm -rf "$work/out$k"
done
v1=$(median < "$work/v1.s"); v2=$(median < "$work/v2.s"); b1=$(median < "$work/b1.s"); b2=$(median < "$work/b2.s"); b2l=$(median < "$work/b2l.s")
printf '  one video:  1 core %.2f s, 2 cores %.2f s: %.2fx\n' "$v1" "$v2" "$(echo "$v1 / $v2" | bc -l)"
printf '  8 videos:   1 core %.2f s, 2 cores %.2f s: %.2fx; 2 cores, two videos at once (one worker each) %.2f s: %.2fx\n' \
	"$b1" "$b2" "$(echo "$b1 / $b2" | bc -l)" "$b2l" "$(echo "$b1 / $b2l" | bc -l)"
fi
