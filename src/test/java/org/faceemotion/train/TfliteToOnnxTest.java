package org.faceemotion.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.faceemotion.Cli;
import org.faceemotion.TestData;
import org.faceemotion.core.detect.BlazeFaceDetector;
import org.faceemotion.core.image.OpenCv;
import org.faceemotion.core.model.Face;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/** MediaPipe's TFLite detectors converted to ONNX give OpenCV DNN's outputs, and the engine finds the same faces with either runtime. */
class TfliteToOnnxTest {
	@TempDir
	Path dir;

	@Test
	void theShippedOnnxDetectorsAreWhatTheConverterWritesAndAgreeWithOpenCv() throws Exception {
		for (BlazeFaceDetector.Variant v : BlazeFaceDetector.Variant.values()) {
			String tflite = BlazeFaceDetector.onnxName(v).replace(".onnx", ".tflite");
			Path out = dir.resolve(v + ".onnx");
			String[] r = Cli.run("convert-tflite", TestData.models().resolve(tflite).toString(), "--out", out.toString());
			assertEquals("0", r[0], r[2]);
			double diff = Double.parseDouble(r[1].replaceFirst("(?s).*over 4 random inputs: ([0-9.eE+-]+).*", "$1"));
			assertTrue(diff < 1e-3, tflite + ": " + r[1]);
			assertArrayEquals(Files.readAllBytes(TestData.models().resolve(BlazeFaceDetector.onnxName(v))), Files.readAllBytes(out),
					"models/" + BlazeFaceDetector.onnxName(v) + " is the converter's output for " + tflite);
			String[] again = Cli.run("convert-tflite", TestData.models().resolve(tflite).toString(), "--out", out.toString());
			assertEquals("2", again[0], "an existing file is not replaced without --overwrite");
		}
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> TfliteToOnnx.convert(Files.readAllBytes(TestData.models().resolve("emotion-cnn.onnx"))));
		assertTrue(e.getMessage().contains("not a TensorFlow Lite model"), e.getMessage());
	}

	@Test
	void bothRuntimesFindTheSameFaces() {
		OpenCv.load();
		Mat photo = Imgcodecs.imread(TestData.faces().resolve("2008_002506.jpg").toString());
		List<Face> ort, cv;
		try (BlazeFaceDetector d = new BlazeFaceDetector(BlazeFaceDetector.Variant.FULL_RANGE, 0.5, 0.3, 10)) {
			assertEquals("ONNX Runtime", d.runtime());
			ort = d.detect(photo);
		}
		String before = System.getProperty("faceemotion.runtime");
		System.setProperty("faceemotion.runtime", "opencv");
		try (BlazeFaceDetector d = new BlazeFaceDetector(BlazeFaceDetector.Variant.FULL_RANGE, 0.5, 0.3, 10)) {
			assertEquals("OpenCV DNN", d.runtime());
			cv = d.detect(photo);
		} finally {
			if (before == null)
				System.clearProperty("faceemotion.runtime");
			else
				System.setProperty("faceemotion.runtime", before);
		}
		assertEquals(3, cv.size(), "the photo's three faces");
		assertEquals(cv.size(), ort.size());
		for (int i = 0; i < cv.size(); i++) {
			assertEquals(cv.get(i).x, ort.get(i).x, 0.05, "face " + i);
			assertEquals(cv.get(i).y, ort.get(i).y, 0.05);
			assertEquals(cv.get(i).width, ort.get(i).width, 0.05);
			assertEquals(cv.get(i).score, ort.get(i).score, 1e-4);
		}
	}
}
