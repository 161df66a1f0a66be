package org.faceemotion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;

import org.faceemotion.Cli;
import org.faceemotion.TestData;
import org.faceemotion.imagej.AnnotateFacesCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandService;

/** "The image is one face": --detector none on the command line and the none choice in Fiji. */
class WholeImageTest {
	@Test
	void aFolderOfFaceCropsGetsOneRowPerImageWithTheWholeImageAsBox(@TempDir Path tmp) throws Exception {
		Path in = Files.createDirectories(tmp.resolve("crops"));
		int n = 0;
		for (String emotion : List.of("happy", "surprise", "angry", "neutral"))
			try (Stream<Path> s = Files.list(TestData.fer().resolve("val").resolve(emotion))) {
				for (Path f : s.sorted().limit(25).collect(Collectors.toList())) {
					Files.copy(f, in.resolve(emotion + "-" + f.getFileName()));
					n++;
				}
			}
		String[] r = Cli.run("annotate", in.toString(), "--out", tmp.resolve("out").toString(), "--detector", "none");
		assertEquals("0", r[0], r[1] + r[2]);
		int right = 0;
		try (Stream<Path> s = Files.list(tmp.resolve("out"))) {
			for (Path csv : s.filter(p -> p.toString().endsWith(".csv")).collect(Collectors.toList())) {
				List<String> rows = Files.readAllLines(csv);
				assertEquals(2, rows.size(), "one face per crop: " + csv);
				String[] v = rows.get(1).split(",");
				assertEquals(List.of("0.0", "0.0", "48.0", "48.0"), List.of(v[4], v[5], v[6], v[7]), "box = the whole image");
				if (csv.getFileName().toString().startsWith(v[9] + "-"))
					right++;
			}
		}
		// the shipped model scores about 0.68 on all of PublicTest; these four classes are its easier ones
		assertTrue(right >= 0.6 * n, right + " of " + n + " crops classified as their folder says");
	}

	@Test
	void fijisAnnotateFacesWithNoneGivesOneFacePerSlice() throws Exception {
		ImageStack stack = new ImageStack(48, 48);
		try (Stream<Path> s = Files.list(TestData.fer().resolve("val/happy"))) {
			for (Path f : s.sorted().limit(5).collect(Collectors.toList()))
				stack.addSlice(ij.IJ.openImage(f.toString()).getProcessor());
		}
		ImagePlus imp = new ImagePlus("crops", stack);
		try (Context context = new Context(CommandService.class)) {
			ResultsTable rt = (ResultsTable) context.service(CommandService.class).run(AnnotateFacesCommand.class, true, "imp", imp,
					"detector", "none", "score_threshold", 0.5, "min_face_size", 12.0, "test_time_augmentation", false, "add_to_roi_manager",
					false).get().getOutput("results");
			assertEquals(5, rt.size());
			for (int i = 0; i < 5; i++) {
				assertEquals(i, (int) rt.getValue("frame", i));
				assertEquals(48, (int) rt.getValue("width", i));
			}
		}
	}
}
