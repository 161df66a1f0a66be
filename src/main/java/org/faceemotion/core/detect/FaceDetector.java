package org.faceemotion.core.detect;

import java.util.List;

import org.faceemotion.core.model.Face;
import org.opencv.core.Mat;

/** Finds faces in an 8-bit BGR frame. Implementations are not thread-safe; use one per thread. */
public interface FaceDetector extends AutoCloseable {
	List<Face> detect(Mat bgr);

	/** Nanoseconds spent in the network's forward pass so far (0 where there is no network), for benchmarks. */
	default long forwardNanos() {
		return 0;
	}

	/** What runs it, for provenance ("ONNX Runtime", "OpenCV DNN", "OpenCV cascade classifier"; "none" for the whole frame as one face). */
	default String runtime() {
		return "none";
	}

	@Override
	default void close() {
	}
}
