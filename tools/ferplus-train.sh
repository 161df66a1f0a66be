#!/usr/bin/env bash
# FER+ training (issue #23): a warm restart of the shipped network toward the FER+ taggers' votes,
# resumable. Checkpoints live in training/<run> (ignored by git); a copy kept outside the work
# tree (FE_KEEP, default /root/fe-training) is restored when the work tree was laid anew, and
# refreshed every ten minutes. Runs at low priority, so builds and tests go first.
# Run 1 (12 epochs) was lost with its machine after epoch 6; run 2 plans 6 epochs, so that its
# cosine schedule ends within one session.
#
#   bash tools/ferplus-train.sh                      # run 2: start or resume (the jar is built when missing)
#   RUN=ferplus1 EPOCHS=12 bash tools/ferplus-train.sh
#   FE_KEEP=/somewhere bash tools/ferplus-train.sh
set -euo pipefail
cd "$(dirname "$0")/.."
keep=${FE_KEEP:-/root/fe-training}
run=${RUN:-ferplus2}
epochs=${EPOCHS:-6}
out=training/$run
if [ ! -f "$out/checkpoint.zip" ] && [ -f "$keep/$run/checkpoint.zip" ]; then
	mkdir -p training
	cp -r "$keep/$run" training/
	echo "restored $out from $keep/$run (after epoch $(grep '^epoch=' "$out/state.properties" | cut -d= -f2))"
fi
# the trainer runs from a copy of the jar, so that rebuilding target/ never pulls it from under a running JVM
if [ ! -f training/app/face-emotion.jar ]; then
	[ -f target/face-emotion.jar ] || mvn -B -q package -DskipTests -Dspark.skip=true
	mkdir -p training/app && cp -r target/face-emotion.jar target/lib training/app/
fi
keep_copy() { mkdir -p "$keep" && rm -rf "$keep/$run.new" && cp -r "$out" "$keep/$run.new" && rm -rf "$keep/$run" && mv "$keep/$run.new" "$keep/$run"; }
# a session may be stopped mid-run: refresh the kept copy every ten minutes (checkpoints are written whole)
( while sleep 600; do [ -f "$out/checkpoint.zip" ] && keep_copy || true; done ) &
copier=$!
trap 'kill $copier 2>/dev/null || true' EXIT
java_train() { nice -n 10 java -Xmx8g -jar training/app/face-emotion.jar train --data ../shared/datasets/fer2013 --out "$out" "$@"; }
if [ -f "$out/checkpoint.zip" ]; then
	java_train --resume --snapshots --erase 0.3
else
	java_train --targets ferplus --init models/emotion-cnn.zip --epochs "$epochs" --lr 0.0005 --mixup 0.2 --camera-effects --jpeg 0.2 \
		--erase 0.3 --snapshots --seed 23
fi
keep_copy
