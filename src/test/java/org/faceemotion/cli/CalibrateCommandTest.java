package org.faceemotion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.faceemotion.Cli;
import org.faceemotion.TestData;
import org.faceemotion.core.classify.OnnxEmotionClassifier;
import org.faceemotion.core.detect.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrateCommandTest {
	@Test
	void fitsATemperatureOnValidationFacesWritesItBesideTheModelAndTheModelUsesIt(@TempDir Path tmp) throws Exception {
		Path model = Files.write(tmp.resolve("m.onnx"), ModelFiles.bytes(OnnxEmotionClassifier.SHIPPED));
		// a few hundred validation faces: three classes of PublicTest
		Path val = Files.createDirectories(tmp.resolve("val"));
		for (String e : List.of("happy", "sad", "surprise")) {
			Path dir = Files.createDirectories(val.resolve(e));
			try (var s = Files.list(TestData.fer().resolve("val").resolve(e))) {
				for (Path f : (Iterable<Path>) s.sorted().limit(120)::iterator)
					Files.copy(f, dir.resolve(f.getFileName()));
			}
		}
		String[] r = Cli.run("calibrate", "--data", val.toString(), "--model", model.toString());
		assertEquals("0", r[0], r[1] + r[2]);
		Matcher m = Pattern.compile("temperature: (\\d+\\.\\d+)").matcher(r[1]);
		assertTrue(m.find(), r[1]);
		double t = Double.parseDouble(m.group(1));
		Matcher ece = Pattern.compile("ECE \\(15 bins\\): (\\d\\.\\d+) before, (\\d\\.\\d+) after").matcher(r[1]);
		assertTrue(ece.find(), r[1]);
		// the fit minimises the log-likelihood (the ECE usually follows, but need not on a small, skewed sample)
		Matcher nll = Pattern.compile("NLL: (\\d+\\.\\d+) before, (\\d+\\.\\d+) after").matcher(r[1]);
		assertTrue(nll.find(), r[1]);
		assertTrue(Double.parseDouble(nll.group(2)) <= Double.parseDouble(nll.group(1)), "no worse after fitting: " + r[1]);
		Path file = tmp.resolve("m.calibration.properties");
		assertTrue(Files.readString(file).contains("temperature="), "written beside the model");
		assertEquals(t, OnnxEmotionClassifier.load(model).temperature(), 1e-4, "the model reads it");
		r = Cli.run("calibrate", "--data", val.toString(), "--model", model.toString());
		assertEquals("2", r[0], "never replaced without --overwrite");
	}
}
