package org.faceemotion.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import org.faceemotion.Cli;
import org.faceemotion.TestData;
import org.faceemotion.core.model.FaceQuality;
import org.faceemotion.core.pipeline.ResultRow;
import org.faceemotion.core.pipeline.ResultsCsv;
import org.faceemotion.imagej.AnnotateVideosCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandService;

/** The lab outputs of a real video through the command line and Fiji's Annotate Videos (issue #27). */
class LabOutputsCliTest {
	static String run(String... cmd) throws Exception {
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
		return out;
	}

	/** Presentation time of each frame as ffprobe reports it, in display order. */
	static List<Double> presentationTimes(Path video) throws Exception {
		List<Double> t = new ArrayList<>();
		for (String line : run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "frame=best_effort_timestamp_time", "-of", "csv=p=0",
				video.toString()).split("\n"))
			if (!line.isBlank())
				t.add(Double.parseDouble(line.trim().replace(",", "")));
		return t;
	}

	@Test
	void variableFrameRateEventsBaselineAndCoderFilesFromTheCommandLineAndFijiAlike(@TempDir Path tmp) throws Exception {
		// 4 s of the real clip with frames 3-5 of every 10 dropped and the others kept at their own
		// times: a variable frame rate, as phones record in low light
		Path vfr = tmp.resolve("vfr.mkv");
		run("ffmpeg", "-v", "error", "-y", "-i", TestData.video().toString(), "-t", "4", "-an", "-vf", "select='not(between(mod(n\\,10)\\,3\\,5))'",
				"-fps_mode", "vfr", "-c:v", "mpeg4", "-q:v", "3", vfr.toString());
		List<Double> pts = presentationTimes(vfr);
		Set<Long> steps = new HashSet<>();
		for (int i = 1; i < pts.size(); i++)
			steps.add(Math.round((pts.get(i) - pts.get(i - 1)) * 1000));
		assertTrue(steps.size() >= 2, "frame steps vary: " + steps);
		Path events = tmp.resolve("events.csv");
		Files.writeString(events, "onset,duration,label\n1.2,,cue\n2.4,1.0,cue\n");
		Path cli = tmp.resolve("cli");
		String[] r = Cli.run("annotate", vfr.toString(), "--out", cli.toString(), "--events", events.toString(), "--baseline", "neutral:0.5");
		assertEquals("0", r[0], r[1] + r[2]);

		// time_s is each frame's presentation time
		List<ResultRow> rows = ResultsCsv.read(cli.resolve("vfr.csv"));
		assertFalse(rows.isEmpty());
		for (ResultRow row : rows)
			assertEquals(pts.get(row.frame), row.timeSec, 0.0006, "frame " + row.frame);
		// quality per row; relative columns after the calibrated ones
		List<String> header = List.of(Files.readAllLines(cli.resolve("vfr.csv")).get(0).split(","));
		assertEquals(ResultsCsv.COLUMNS, header.subList(0, ResultsCsv.COLUMNS.size()));
		assertEquals("rel_angry", header.get(ResultsCsv.COLUMNS.size()));
		assertTrue(rows.stream().allMatch(x -> x.quality != null && x.facePx > 0 && x.sharpness > 0), "every row has its quality");
		assertTrue(rows.stream().anyMatch(x -> x.quality == FaceQuality.Label.OK));
		// events: a row per event and face, the plot, the same events in the provenance
		List<String> ev = Files.readAllLines(cli.resolve("vfr-events.csv"));
		assertTrue(ev.get(0).startsWith("source,event,label,onset_s,end_s,face_id"), ev.get(0));
		assertTrue(ev.stream().anyMatch(l -> l.startsWith("vfr.mkv,1,cue,1.2000,3.2000,")), String.join("\n", ev));
		assertTrue(ev.stream().anyMatch(l -> l.startsWith("vfr.mkv,2,cue,2.4000,3.4000,")), String.join("\n", ev));
		assertTrue(Files.size(cli.resolve("vfr-events.png")) > 5000);
		assertTrue(Files.readString(cli.resolve("vfr-run.json")).contains("\"events\": \"" + events.toString().replace("\\", "\\\\") + "\""));
		// coders' files
		assertTrue(Files.readAllLines(cli.resolve("vfr-segments.csv")).size() > 1);
		DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(cli.resolve("vfr-segments.eaf").toFile());
		com.google.gson.JsonParser.parseString(Files.readString(cli.resolve("vfr-segments.boris")));
		assertTrue(Files.readAllLines(cli.resolve("vfr-summary.csv")).get(0).contains(",counted_rows,rows_ok,rows_small,rows_blurred,rows_turned,rows_partial,"));

		// Fiji's Annotate Videos, same settings: the same bytes in every table
		Path fiji = tmp.resolve("fiji");
		try (Context context = new Context(CommandService.class)) {
			// every setting named: SciJava keeps the values of earlier runs (other tests) for those left out
			context.service(CommandService.class).run(AnnotateVideosCommand.class, true, "input", new File[] { vfr.toFile() }, "output_folder",
					fiji.toFile(), "events", events.toFile(), "person_baseline", "neutral:0.5", "resume", false, "detector", "blazeface-full",
					"score_threshold", 0.5, "min_face_size", 12.0, "prior", "everyday", "labels", "people", "every", 1, "annotated_video", false,
					"event_window", 2.0, "event_baseline", 1.0, "quality_min_face", 40.0, "quality_min_sharpness", 0.35, "quality_max_roll", 35.0,
					"quality_max_yaw", 45.0, "count_all_rows", false, "min_track", 0.5, "detection_interval", org.faceemotion.io.video.VideoAnnotator.DEFAULT_DETECT_EVERY).get();
		}
		for (String f : new String[] { "vfr.csv", "vfr-summary.csv", "vfr-segments.csv", "vfr-events.csv", "vfr-segments.eaf", "vfr-segments.boris" })
			assertArrayEquals(Files.readAllBytes(cli.resolve(f)), Files.readAllBytes(fiji.resolve(f)), f + ": the command line and Fiji differ");

		// a run without events leaves no event tables of an earlier run behind
		r = Cli.run("annotate", vfr.toString(), "--out", cli.toString(), "--overwrite", "--every", "5");
		assertEquals("0", r[0], r[1] + r[2]);
		assertFalse(Files.exists(cli.resolve("vfr-events.csv")), "stale event table removed");
		assertFalse(Files.readAllLines(cli.resolve("vfr.csv")).get(0).contains("rel_"));
		// a bad events file is refused before any video runs, naming the file and the line
		Files.writeString(events, "onset,label\nsoon,cue\n");
		r = Cli.run("annotate", vfr.toString(), "--out", tmp.resolve("bad").toString(), "--events", events.toString());
		assertEquals("2", r[0], r[1] + r[2]);
		assertTrue(r[2].contains("events.csv: line 2"), r[2]);
	}
}
