#!/usr/bin/env bash
# Stage a trained DL4J network as a candidate for models/: export it to ONNX and its 8-bit copy, calibrate it to the
# FER+ votes of val (the temperature and the taggers' prior; since session 14 no bias per emotion:
# on every candidate measured the bias cost 0.2-0.4 points of majority agreement and 1.2-1.6 of
# balanced accuracy for 0.005 of cross-entropy, models/MODEL_CARD.md), fit its FER-2013 head,
# then print its figures
# against FER-2013's labels and against the taggers with both priors, beside the shipped model's.
# Nothing in models/ is touched: copy the staged files there by hand once the figures say so.
#
#   bash tools/stage-model.sh training/ferplus1/best.zip staging/ferplus1
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:?usage: tools/stage-model.sh MODEL.zip OUT_DIR}
out=${2:?usage: tools/stage-model.sh MODEL.zip OUT_DIR}
data=../shared/datasets/fer2013
jar=target/face-emotion.jar
test -f "$jar" || { echo "error: $jar is missing; run: mvn -B -q package -DskipTests" >&2; exit 2; }
mkdir -p "$out"
cp "$model" "$out/emotion-cnn.zip"
java -jar "$jar" export-onnx --model "$out/emotion-cnn.zip" --out "$out/emotion-cnn.onnx" --overwrite
# the 8-bit copy ONNX Runtime runs (calibrated on training faces; evaluate below measures it)
java -jar "$jar" quantize --model "$out/emotion-cnn.onnx" --data "$data" --out "$out/emotion-cnn.int8.onnx" --overwrite
java -jar "$jar" calibrate --data "$data" --split val --model "$out/emotion-cnn.onnx" --labels ferplus --no-bias --overwrite | tee "$out/calibrate.txt"
# the FER-2013 head (--labels fer2013): a softmax layer on the hidden features, fitted to FER-2013's labels
java -jar "$jar" fit-fer2013-head --model "$out/emotion-cnn.zip" --data "$data" --out "$out/emotion-cnn.fer2013-head.csv" | tee "$out/fer2013-head.txt"
for prior in everyday balanced; do
	java -jar "$jar" evaluate --data "$data/val" --model "$out/emotion-cnn.onnx" --prior "$prior" > "$out/evaluate-$prior.txt"
	java -jar "$jar" evaluate --data "$data/val" --model "$out/emotion-cnn.onnx" --prior "$prior" --tta > "$out/evaluate-$prior-tta.txt"
done
java -jar "$jar" evaluate --data "$data/val" > "$out/evaluate-shipped.txt"
for f in "$out"/evaluate-*.txt; do
	printf '%-28s' "$(basename "$f" .txt)"
	sed 's/ ([^)]*)//' "$f" | grep -E '^(majority accuracy|balanced accuracy|tagger share|cross-entropy against the votes|accuracy):' | tr '\n' ' '
	echo
done
sha256sum "$out/emotion-cnn.onnx" "$out/emotion-cnn.int8.onnx" "$out/emotion-cnn.zip"
