#!/usr/bin/env bash
# Throughput of the Spark job against the plain command line on the same files (BENCHMARKS.md):
# N copies of a video (default: the shared clip, 4 copies), annotated by
#   the command line (one JVM, two analysis workers), the Spark job with local[1] and local[2].
# Usage: bash src/spark/bench.sh [VIDEO] [COPIES]     (after mvn package)
set -euo pipefail
cd "$(dirname "$0")/../.."
video=${1:-../shared/testdata/video/short-clip-640x360.mp4}
copies=${2:-4}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/in"
for i in $(seq 1 "$copies"); do cp "$video" "$tmp/in/copy$i.${video##*.}"; done
frames=$(ffprobe -v error -select_streams v:0 -count_packets -show_entries stream=nb_read_packets -of csv=p=0 "$video")
duration=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$video")
echo "input: $copies x $(basename "$video") ($frames frames, $duration s each); $(nproc) cores"
run() {
	local name=$1; shift
	local t0=$(date +%s.%N)
	"$@" >"$tmp/$name.log" 2>&1 || { cat "$tmp/$name.log"; exit 1; }
	local t1=$(date +%s.%N)
	awk -v n="$name" -v a="$t0" -v b="$t1" -v f="$frames" -v c="$copies" -v d="$duration" \
		'BEGIN { s = b - a; printf "%-22s %6.1f s  %6.1f frames/s  %5.2fx real time (whole command, JVM start included)\n", n, s, f * c / s, d * c / s }'
}
run "command line" java -jar target/face-emotion.jar annotate --out "$tmp/cli" "$tmp/in"
run "spark local[1]" java -jar target/face-emotion-spark.jar --master 'local[1]' --out "$tmp/s1" "$tmp/in"
run "spark local[2]" java -jar target/face-emotion-spark.jar --master 'local[2]' --out "$tmp/s2" "$tmp/in"
run "spark local[2] x2thr" java -jar target/face-emotion-spark.jar --master 'local[2]' --threads-per-task 2 --out "$tmp/s3" "$tmp/in"
for d in s1 s2 s3; do diff -rq -x rows.parquet "$tmp/cli" "$tmp/$d" >/dev/null && echo "$d: outputs identical to the command line's" || echo "$d: OUTPUTS DIFFER"; done
