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

	@Test
	void fittedToFerPlusVotesItWritesBiasAndPriorAndEvaluateScoresBothPriorsAgainstPeople(@TempDir Path tmp) throws Exception {
		Path model = Files.write(tmp.resolve("m.onnx"), ModelFiles.bytes(OnnxEmotionClassifier.SHIPPED));
		Path val = Files.createDirectories(tmp.resolve("val"));
		for (org.faceemotion.core.model.Emotion e : org.faceemotion.core.model.Emotion.values()) {
			Path dir = Files.createDirectories(val.resolve(e.label()));
			try (var s = Files.list(TestData.fer().resolve("val").resolve(e.label()))) {
				for (Path f : (Iterable<Path>) s.sorted().limit(50)::iterator)
					Files.copy(f, dir.resolve(f.getFileName()));
			}
		}
		Path votes = TestData.fer().resolve(org.faceemotion.train.FerPlusVotes.FILE);
		// the shipped calibration holds no class prior yet: balanced is refused in words
		String[] r = Cli.run("evaluate", "--data", val.toString(), "--model", model.toString(), "--votes", votes.toString(), "--prior", "balanced");
		assertEquals("2", r[0], r[1]);
		assertTrue(r[2].contains("m.onnx") && r[2].contains("prior"), r[2]);

		r = Cli.run("calibrate", "--data", val.toString(), "--model", model.toString(), "--votes", votes.toString());
		assertEquals("0", r[0], r[1] + r[2]);
		assertTrue(r[1].contains("prior from the training split's"), r[1]);
		Matcher before = Pattern.compile("uncalibrated, everyday prior: .* cross-entropy (\\d+\\.\\d+)").matcher(r[1]);
		Matcher after = Pattern.compile("calibrated, everyday prior: .* cross-entropy (\\d+\\.\\d+)").matcher(r[1].substring(r[1].indexOf("\ncalibrated")));
		assertTrue(before.find() && after.find(), r[1]);
		assertTrue(Double.parseDouble(after.group(1)) < Double.parseDouble(before.group(1)), "the fit lowers the cross-entropy: " + r[1]);
		String text = Files.readString(tmp.resolve("m.calibration.properties"));
		assertTrue(text.contains("bias=") && text.contains("prior="), text);
		org.faceemotion.core.classify.Calibration c = OnnxEmotionClassifier.load(model).calibration();
		assertTrue(c.hasPrior());
		double sum = 0;
		for (double q : c.prior())
			sum += q;
		assertEquals(1, sum, 1e-3, "the prior is a distribution");

		String[] everyday = Cli.run("evaluate", "--data", val.toString(), "--model", model.toString(), "--votes", votes.toString());
		String[] balanced = Cli.run("evaluate", "--data", val.toString(), "--model", model.toString(), "--votes", votes.toString(), "--prior",
				"balanced");
		assertEquals("0", balanced[0], balanced[2]);
		for (String out : new String[] { everyday[1], balanced[1] })
			for (String figure : new String[] { "one-emotion majority", "majority accuracy: ", "balanced accuracy (mean recall on the majority): ",
					"tagger share", "cross-entropy against the votes", "confusion matrix", "against FER-2013's labels:" })
				assertTrue(out.contains(figure), figure + " missing in\n" + out);
		assertTrue(balanced[1].contains("prior: balanced") && everyday[1].contains("prior: everyday"));
		// 50 images per FER-2013 class: the taggers' neutral dominates, so the balanced prior predicts neutral less often
		assertTrue(neutralPredictions(balanced[1]) < neutralPredictions(everyday[1]), balanced[1] + everyday[1]);
	}

	/** Predicted-neutral count in the first confusion matrix (against the majority). */
	private static int neutralPredictions(String report) {
		String[] lines = report.split("\\R");
		int header = -1;
		for (int i = 0; i < lines.length && header < 0; i++)
			if (lines[i].startsWith("confusion matrix"))
				header = i + 1;
		int col = java.util.Arrays.asList(lines[header].trim().split("\\s+")).indexOf("neutral");
		int n = 0;
		for (int i = header + 1; i <= header + 7; i++)
			n += Integer.parseInt(lines[i].trim().split("\\s+")[col + 1]);
		return n;
	}
}
