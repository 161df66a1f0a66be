package org.faceemotion.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

import org.faceemotion.Cli;
import org.faceemotion.TestData;
import org.faceemotion.imagej.AnnotateVideosCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandService;

/** Every input's outputs say what made them; the command line and Fiji make the same bytes from the same input and settings. */
class ProvenanceTest {
	static String sha256(Path f) throws Exception {
		StringBuilder sb = new StringBuilder();
		for (byte b : MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)))
			sb.append(String.format("%02x", b));
		return sb.toString();
	}

	@Test
	void runJsonNamesProgramModelSettingsAndInputAndFijiWritesTheSameTables(@TempDir Path tmp) throws Exception {
		Path clip = Files.copy(TestData.video(), tmp.resolve("clip.mp4"));
		Path photo = Files.copy(TestData.faces().resolve("2008_002506.jpg"), tmp.resolve("photo.jpg"));
		Path cli = tmp.resolve("cli"), fiji = tmp.resolve("fiji");
		String[] r = Cli.run("annotate", clip.toString(), photo.toString(), "--every", "10", "--prior", "everyday", "--out", cli.toString());
		assertEquals("0", r[0], r[2]);

		String video = Files.readString(cli.resolve("clip-run.json")), image = Files.readString(cli.resolve("photo-run.json"));
		for (String json : new String[] { video, image }) {
			assertTrue(json.contains("\"version\": \"" + Provenance.build().getProperty("version") + "\""), json);
			assertTrue(json.matches("(?s).*\"commit\": \"[0-9a-f]{40}\".*") || json.contains("\"commit\": \"unknown\""), json);
			assertTrue(json.contains("\"sha256\": \"" + sha256(TestData.models().resolve("emotion-cnn.onnx")) + "\""), "the model's hash: " + json);
			assertTrue(json.contains("\"prior\": \"everyday\"") && json.contains("\"detector\": \"blazeface-full\"") && json.contains("\"every\": 10"), json);
			assertTrue(json.contains("\"detector_runtime\": \"ONNX Runtime\"") && json.contains("\"runtime\": \"ONNX Runtime 1.") && json.contains("8-bit"),
					"what ran the detector and the classifier: " + json);
			assertTrue(json.contains("\"started\": \"") && json.contains("\"java\": \"") && json.contains("\"os\": \""), json);
		}
		assertTrue(video.contains("\"sha256\": \"" + sha256(clip) + "\"") && video.contains("\"sha256_of\": \"the whole file\""), video);
		assertTrue(video.contains("\"duration_s\": 10.0") && video.contains("\"frame_rate\": 29.97") && video.contains("\"width\": 640") && video.contains("\"codec\": \"h264\""), video);
		assertTrue(image.contains("\"sha256\": \"" + sha256(photo) + "\"") && image.contains("\"kind\": \"image\""), image);

		// Fiji's Annotate Videos with the same settings: the same bytes in the tables
		try (Context context = new Context(CommandService.class)) {
			context.service(CommandService.class).run(AnnotateVideosCommand.class, true, "input", new File[] { clip.toFile() }, "output_folder",
					fiji.toFile(), "detector", "blazeface-full", "score_threshold", 0.5, "min_face_size", 12.0, "prior", "everyday", "every", 10,
					"annotated_video", false, "resume", false, "labels", "people", "event_window", 2.0, "event_baseline", 1.0, "quality_min_face", 40.0,
					"quality_min_sharpness", 0.35, "quality_max_roll", 35.0, "quality_max_yaw", 45.0, "count_all_rows", false, "min_track", 0.5,
					"detection_interval", org.faceemotion.io.video.VideoAnnotator.DEFAULT_DETECT_EVERY).get();
		}
		for (String f : new String[] { "clip.csv", "clip-summary.csv" })
			assertArrayEquals(Files.readAllBytes(cli.resolve(f)), Files.readAllBytes(fiji.resolve(f)), f + ": the command line and Fiji differ");
		assertTrue(Files.exists(fiji.resolve("clip-run.json")));
	}

	@Test
	void everyFrontDoorNamesALocalInputAlike() {
		Path p = Path.of("/tmp/x y/a.mp4");
		assertEquals(p.toString(), Provenance.where(p.toUri().toString()), "a file: URI (Spark) is the local path (command line)");
		assertEquals(p.toString(), Provenance.where("/tmp/x y/./a.mp4"));
		assertEquals("hdfs://nn:8020/v/a.mp4", Provenance.where("hdfs://nn:8020/v/a.mp4"));
	}
}
