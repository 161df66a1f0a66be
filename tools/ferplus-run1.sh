#!/usr/bin/env bash
# FER+ run 1 (issue #23): a warm restart of the shipped network toward the FER+ taggers' votes,
# resumable. Checkpoints live in training/ferplus1 (ignored by git); a copy kept outside the work
# tree (FE_KEEP, default /root/fe-training) is restored when the work tree was laid anew, and
# refreshed after each run of this script. Runs at low priority, so builds and tests go first.
#
#   bash tools/ferplus-run1.sh            # start or resume (the jar is built when missing)
#   FE_KEEP=/somewhere bash tools/ferplus-run1.sh
set -euo pipefail
cd "$(dirname "$0")/.."
keep=${FE_KEEP:-/root/fe-training}
out=training/ferplus1
if [ ! -f "$out/checkpoint.zip" ] && [ -f "$keep/ferplus1/checkpoint.zip" ]; then
	mkdir -p training
	cp -r "$keep/ferplus1" training/
	echo "restored $out from $keep/ferplus1 (after epoch $(grep '^epoch=' "$out/state.properties" | cut -d= -f2))"
fi
# the trainer runs from a copy of the jar, so that rebuilding target/ never pulls it from under a running JVM
if [ ! -f training/app/face-emotion.jar ]; then
	[ -f target/face-emotion.jar ] || mvn -B -q package -DskipTests -Dspark.skip=true
	mkdir -p training/app && cp -r target/face-emotion.jar target/lib training/app/
fi
keep_copy() { mkdir -p "$keep" && rm -rf "$keep/ferplus1.new" && cp -r "$out" "$keep/ferplus1.new" && rm -rf "$keep/ferplus1" && mv "$keep/ferplus1.new" "$keep/ferplus1"; }
# a session may be stopped mid-run: refresh the kept copy every ten minutes (checkpoints are written whole)
( while sleep 600; do [ -f "$out/checkpoint.zip" ] && keep_copy || true; done ) &
copier=$!
trap 'kill $copier 2>/dev/null || true' EXIT
java_train() { nice -n 10 java -Xmx8g -jar training/app/face-emotion.jar train --data ../shared/datasets/fer2013 --out "$out" "$@"; }
if [ -f "$out/checkpoint.zip" ]; then
	java_train --resume --snapshots --erase 0.3
else
	java_train --targets ferplus --init models/emotion-cnn.zip --epochs 12 --lr 0.0005 --mixup 0.2 --camera-effects --jpeg 0.2 \
		--erase 0.3 --snapshots --seed 23
fi
keep_copy
