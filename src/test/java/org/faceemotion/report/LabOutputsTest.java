package org.faceemotion.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.faceemotion.core.model.Emotion;
import org.faceemotion.core.model.Face;
import org.faceemotion.core.model.FaceQuality;
import org.faceemotion.core.pipeline.ResultRow;
import org.faceemotion.core.pipeline.ResultsCsv;
import org.faceemotion.core.pipeline.TrackSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The lab outputs computed from a table's rows (issue #27), on rows made here where each value is known. */
class LabOutputsTest {
	/** A row of face {@code id} at {@code t} s whose probabilities put {@code p} on {@code e} and share the rest. */
	static ResultRow row(int id, int frame, double t, Emotion e, double p, FaceQuality.Label q) {
		ResultRow r = new ResultRow();
		r.source = "clip.mp4";
		r.frame = frame;
		r.timeSec = t;
		r.faceId = id;
		r.x = 100;
		r.y = 100;
		r.width = r.height = 80;
		r.detectorScore = 0.9;
		for (int c = 0; c < Emotion.COUNT; c++)
			r.probabilities[c] = (float) ((1 - p) / (Emotion.COUNT - 1));
		r.probabilities[e.ordinal()] = (float) p;
		r.emotion = r.smoothedEmotion = e;
		r.confidence = p;
		r.facePx = 80;
		r.sharpness = 0.8;
		r.rollDeg = 0;
		r.yawDeg = 0;
		r.quality = q;
		return r;
	}

	static List<CSVRecord> csv(String text) throws Exception {
		return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(text)).getRecords();
	}

	@Test
	void qualityLabelNamesTheFirstRuleARowBreaks() {
		FaceQuality.Rules rules = new FaceQuality.Rules();
		// eyes level, nose centred between the ears: facing the camera
		double[] frontal = { 90, 100, 110, 100, 100, 110, 100, 120, 70, 105, 130, 105 };
		Face f = new Face(60, 60, 80, 80, 0.9, frontal);
		assertEquals(0, f.yawEstimate(), 1e-9);
		assertEquals(FaceQuality.Label.OK, FaceQuality.of(f, 0.8, 640, 480, rules).label);
		assertEquals(FaceQuality.Label.BLURRED, FaceQuality.of(f, 0.2, 640, 480, rules).label);
		assertEquals(FaceQuality.Label.PARTIAL, FaceQuality.of(new Face(0, 60, 80, 80, 0.9, frontal), 0.8, 640, 480, rules).label);
		assertEquals(FaceQuality.Label.PARTIAL, FaceQuality.of(new Face(580, 60, 60, 60, 0.9), 0.8, 640, 480, rules).label, "touches the right border");
		assertEquals(FaceQuality.Label.SMALL, FaceQuality.of(new Face(60, 60, 30, 30, 0.9), 0.8, 640, 480, rules).label);
		// nose well toward the ear on the image's right: turned, positive yaw
		double[] turned = { 90, 100, 110, 100, 125, 110, 120, 120, 70, 105, 130, 105 };
		Face t = new Face(60, 60, 80, 80, 0.9, turned);
		assertTrue(t.yawEstimate() > 45, "yaw " + t.yawEstimate());
		assertEquals(FaceQuality.Label.TURNED, FaceQuality.of(t, 0.8, 640, 480, rules).label);
		// the mirror image turns the other way by as much
		double[] mirrored = { 90, 100, 110, 100, 75, 110, 80, 120, 70, 105, 130, 105 };
		assertEquals(-t.yawEstimate(), new Face(60, 60, 80, 80, 0.9, mirrored).yawEstimate(), 1e-9);
		// a tilted head (eyes at 45 degrees) is turned by roll; its yaw is measured in the head's own frame
		double[] rolled = { 100, 100, 120, 120, 105, 115, 100, 125, 85, 85, 135, 135 };
		Face r = new Face(60, 60, 80, 80, 0.9, rolled);
		assertEquals(45, r.eyeAngle(), 1e-9);
		assertEquals(FaceQuality.Label.TURNED, FaceQuality.of(r, 0.8, 640, 480, rules).label);
		// Haar gives no key points: roll and yaw unknown, the other rules still apply
		FaceQuality haar = FaceQuality.of(new Face(60, 60, 80, 80, 0.9), 0.8, 640, 480, rules);
		assertTrue(Double.isNaN(haar.yawDeg) && Double.isNaN(haar.rollDeg));
		assertEquals(FaceQuality.Label.OK, haar.label);
		rules.maxYawDeg = 0;
		assertThrows(IllegalArgumentException.class, rules::check);
	}

	@Test
	void sharpnessFallsWithBlurAndIgnoresContrast() {
		byte[] sharp = new byte[48 * 48], soft = new byte[48 * 48], dim = new byte[48 * 48];
		java.util.Random rnd = new java.util.Random(1);
		double[] v = new double[48 * 48];
		for (int i = 0; i < v.length; i++)
			v[i] = rnd.nextDouble();
		for (int y = 0; y < 48; y++)
			for (int x = 0; x < 48; x++) {
				int i = y * 48 + x;
				sharp[i] = (byte) (40 + 170 * v[i]);
				dim[i] = (byte) (40 + 85 * v[i]);
				double s = 0;
				int n = 0;
				for (int dy = -2; dy <= 2; dy++)
					for (int dx = -2; dx <= 2; dx++) {
						int yy = Math.min(47, Math.max(0, y + dy)), xx = Math.min(47, Math.max(0, x + dx));
						s += v[yy * 48 + xx];
						n++;
					}
				soft[i] = (byte) (40 + 170 * s / n);
			}
		double a = FaceQuality.sharpness(sharp), b = FaceQuality.sharpness(soft), c = FaceQuality.sharpness(dim);
		assertTrue(a > 3 * b, a + " vs blurred " + b);
		assertEquals(a, c, 0.05 * a, "half the contrast, the same sharpness");
		assertEquals(0, FaceQuality.sharpness(new byte[48 * 48]));
	}

	@Test
	void tableRoundTripsThroughItsReader(@TempDir Path tmp) throws Exception {
		ResultRow a = row(1, 0, 0.5, Emotion.HAPPY, 0.9, FaceQuality.Label.OK);
		a.source = "=cmd.mp4";
		ResultRow b = row(2, 1, 0.54, Emotion.SAD, 0.6, FaceQuality.Label.TURNED);
		b.rollDeg = Double.NaN;
		b.yawDeg = Double.NaN;
		b.participant = "P01";
		b.excluded = "hand over face";
		b.edited = true;
		Path file = tmp.resolve("t.csv");
		try (java.io.Writer w = Files.newBufferedWriter(file); ResultsCsv t = new ResultsCsv(w, true, List.of())) {
			t.write(a, List.of());
			t.write(b, List.of());
		}
		List<String> lines = Files.readAllLines(file);
		assertTrue(lines.get(0).endsWith(",face_px,sharpness,roll_deg,yaw_deg,quality,participant,excluded,edited"), lines.get(0));
		assertTrue(lines.get(2).contains(",80.0,0.8000,,,turned,P01,hand over face,true"), "unknown roll and yaw are empty cells: " + lines.get(2));
		List<ResultRow> back = ResultsCsv.read(file);
		assertEquals("=cmd.mp4", back.get(0).source, "the formula guard is undone on reading");
		assertEquals(FaceQuality.Label.TURNED, back.get(1).quality);
		assertTrue(Double.isNaN(back.get(1).yawDeg));
		assertEquals("P01", back.get(1).participant);
		assertEquals("hand over face", back.get(1).excluded);
		assertNull(back.get(0).excluded);
		assertEquals(0.54, back.get(1).timeSec, 1e-9);
		// a table of an older version (no quality columns) still reads; a broken cell names file, line and column
		Files.writeString(tmp.resolve("old.csv"), String.join(",", ResultsCsv.BASE_COLUMNS) + "\nv.mp4,0,0.0,1,1,1,5,5,0.9,happy,0.9,happy,0,0,0,0.9,0.1,0,0\n");
		assertNull(ResultsCsv.read(tmp.resolve("old.csv")).get(0).quality);
		Files.writeString(tmp.resolve("bad.csv"), String.join(",", ResultsCsv.BASE_COLUMNS) + "\nv.mp4,0,zero,1,1,1,5,5,0.9,happy,0.9,happy,0,0,0,0.9,0.1,0,0\n");
		java.io.IOException e = assertThrows(java.io.IOException.class, () -> ResultsCsv.read(tmp.resolve("bad.csv")));
		assertTrue(e.getMessage().contains("bad.csv") && e.getMessage().contains("line 2") && e.getMessage().contains("time_s"), e.getMessage());
		Files.writeString(tmp.resolve("other.csv"), "a,b\n1,2\n");
		e = assertThrows(java.io.IOException.class, () -> ResultsCsv.read(tmp.resolve("other.csv")));
		assertTrue(e.getMessage().contains("not a Face Emotion table"), e.getMessage());
	}

	@Test
	void summaryCountsOkRowsSaysHowManyOfEachAndMarksShortTracks() throws Exception {
		List<ResultRow> rows = new ArrayList<>();
		for (int i = 0; i < 20; i++) // face 1: 2 s; 10 rows ok and happy, 10 blurred and sad
			rows.add(row(1, i, i * 0.1, i < 10 ? Emotion.HAPPY : Emotion.SAD, 0.8, i < 10 ? FaceQuality.Label.OK : FaceQuality.Label.BLURRED));
		rows.add(row(2, 3, 0.3, Emotion.ANGRY, 0.8, FaceQuality.Label.OK)); // face 2: one frame
		rows.add(row(2, 4, 0.4, Emotion.ANGRY, 0.8, FaceQuality.Label.SMALL));
		TrackSummary s = new TrackSummary();
		rows.forEach(s::add);
		StringWriter w = new StringWriter();
		s.write(w, "clip.mp4");
		List<CSVRecord> recs = csv(w.toString());
		assertEquals(List.of("source", "face_id", "first_s", "last_s", "frames", "dominant_emotion"), recs.get(0).getParser().getHeaderNames().subList(0, 6),
				"old columns first, unchanged");
		CSVRecord one = recs.get(0), two = recs.get(1);
		assertEquals("1", one.get("face_id"));
		assertEquals("20", one.get("frames"));
		assertEquals("10", one.get("counted_rows"));
		assertEquals("happy", one.get("dominant_emotion"), "the blurred sad rows are not counted");
		assertEquals("1.0000", one.get("fraction_happy"));
		assertEquals("10", one.get("rows_ok"));
		assertEquals("10", one.get("rows_blurred"));
		assertEquals("false", one.get("short_track"));
		assertEquals("2", two.get("face_id"), "short tracks come after the others");
		assertEquals("true", two.get("short_track"));
		assertEquals("1", two.get("rows_small"));
		// counting every row instead
		TrackSummary.Options all = new TrackSummary.Options();
		all.countAllRows = true;
		TrackSummary s2 = new TrackSummary(all);
		rows.forEach(s2::add);
		assertEquals(0.5, s2.tracks().get(0).fraction(Emotion.SAD), 1e-9);
	}

	@Test
	void segmentsAreRunsOfTheSmoothedEmotionThatTouchAndBreakAtGapsAndExclusions() throws Exception {
		List<ResultRow> rows = new ArrayList<>();
		int frame = 0;
		for (int i = 0; i < 10; i++)
			rows.add(row(1, frame++, i * 0.1, Emotion.HAPPY, 0.9, FaceQuality.Label.OK)); // 0.0-0.9
		for (int i = 10; i < 15; i++)
			rows.add(row(1, frame++, i * 0.1, Emotion.SURPRISE, 0.7, i == 14 ? FaceQuality.Label.TURNED : FaceQuality.Label.OK)); // 1.0-1.4
		for (int i = 40; i < 45; i++) // after a 2.6 s gap, surprise again: a new segment
			rows.add(row(1, frame++, i * 0.1, Emotion.SURPRISE, 0.7, FaceQuality.Label.OK));
		ResultRow ex = rows.get(3);
		ex.excluded = "hand";
		List<Segments.Segment> seg = Segments.of(rows);
		assertEquals(4, seg.size(), "happy, (excluded row), happy, surprise, surprise after the gap");
		assertEquals(0.0, seg.get(0).startSec, 1e-9);
		assertEquals(0.3, seg.get(0).endSec, 1e-9, "ends where the excluded row starts");
		assertEquals(0.4, seg.get(1).startSec, 1e-9);
		assertEquals(1.0, seg.get(1).endSec, 1e-9, "touches the next segment");
		assertEquals(Emotion.SURPRISE, seg.get(2).emotion);
		assertEquals(1.5, seg.get(2).endSec, 1e-9, "the last frame lasts one frame step");
		assertEquals(0.8, seg.get(2).okFraction(), 1e-9);
		assertEquals(0.7, seg.get(2).meanConfidence(), 1e-6);
		assertEquals(4.0, seg.get(3).startSec, 1e-9);
		StringWriter w = new StringWriter();
		Segments.write(seg, "clip.mp4", w);
		List<CSVRecord> recs = csv(w.toString());
		assertEquals("4", recs.get(3).get("segment"));
		assertEquals("0.5000", recs.get(3).get("duration_s"));

		// ELAN: a well-formed EAF with one tier per face and one annotation per segment, in milliseconds
		StringWriter eaf = new StringWriter();
		seg.get(0).participant = "P<1>"; // escaped in XML
		CoderExports.writeEaf(seg, "clip & co.mp4", "file:///data/clip%20&%20co.mp4", eaf);
		Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(eaf.toString())));
		assertEquals(2, d.getElementsByTagName("TIER").getLength(), "P<1> and face 1");
		assertEquals(4, d.getElementsByTagName("ALIGNABLE_ANNOTATION").getLength());
		assertEquals("./clip & co.mp4", ((org.w3c.dom.Element) d.getElementsByTagName("MEDIA_DESCRIPTOR").item(0)).getAttribute("RELATIVE_MEDIA_URL"));
		assertTrue(eaf.toString().contains("TIME_VALUE=\"4000\""));
		// BORIS: a project whose observation has a start and a stop event per segment, in time order
		StringWriter boris = new StringWriter();
		CoderExports.writeBoris(seg, "clip.mp4", "/data/clip.mp4", 5.0, 10, boris);
		JsonObject pj = JsonParser.parseString(boris.toString()).getAsJsonObject();
		assertEquals(7, pj.getAsJsonObject("behaviors_conf").size());
		assertEquals("State event", pj.getAsJsonObject("behaviors_conf").getAsJsonObject("0").get("type").getAsString());
		JsonArray ev = pj.getAsJsonObject("observations").getAsJsonObject("clip.mp4").getAsJsonArray("events");
		assertEquals(8, ev.size());
		double last = -1;
		for (int i = 0; i < ev.size(); i++) {
			double t = ev.get(i).getAsJsonArray().get(0).getAsDouble();
			assertTrue(t >= last, "time order");
			last = t;
		}
	}

	@Test
	void eventsSummariseEachWindowAgainstItsBaseline(@TempDir Path tmp) throws Exception {
		List<ResultRow> rows = new ArrayList<>();
		int frame = 0;
		// face 1: neutral at rest, happy for 2 s after each onset at 2 s and 6 s; 10 frames a second
		for (int i = 0; i < 100; i++) {
			double t = i * 0.1;
			boolean happy = (t >= 2 && t < 4) || (t >= 6 && t < 8);
			rows.add(row(1, frame++, t, happy ? Emotion.HAPPY : Emotion.NEUTRAL, 0.9, FaceQuality.Label.OK));
		}
		Path events = tmp.resolve("events.csv");
		Files.writeString(events, "\uFEFFonset,duration,label\n2,,joke\n6,2,joke\n9.5,0.5,noise\n");
		List<Events.Event> ev = Events.read(events);
		assertEquals(3, ev.size());
		assertTrue(Double.isNaN(ev.get(0).durationSec), "an empty duration: the default window");
		Events.Options o = new Events.Options();
		List<Events.Row> table = Events.summarize(rows, ev, o);
		assertEquals(3, table.size());
		Events.Row first = table.get(0);
		assertEquals(20, first.frames);
		assertEquals(10, first.baselineFrames);
		assertEquals(Emotion.HAPPY, first.dominant());
		assertEquals(0.9, first.mean(Emotion.HAPPY), 1e-6);
		assertEquals(0.9 - (0.1 / 6), first.mean(Emotion.HAPPY) - first.baselineMean(Emotion.HAPPY), 1e-6);
		StringWriter w = new StringWriter();
		Events.write(table, "clip.mp4", o, w);
		List<CSVRecord> recs = csv(w.toString());
		assertEquals("joke", recs.get(1).get("label"));
		assertEquals("8.0000", recs.get(1).get("end_s"));
		assertEquals("1.0000", recs.get(1).get("ok_fraction"));
		assertEquals("noise", recs.get(2).get("label"));
		// the plot's curves: per label, happy high after the onset and low before it, no spread across two alike events
		List<Events.Curves> curves = Events.curves(rows, ev, o);
		assertEquals(2, curves.size());
		Events.Curves joke = curves.get(0);
		assertEquals(2, joke.events);
		assertEquals(-1.0, joke.startSec, 1e-9);
		int onsetBin = (int) Math.round(-joke.startSec / Events.BIN_SEC);
		assertEquals(0.9, joke.mean[Emotion.HAPPY.ordinal()][onsetBin + 1], 1e-6);
		assertEquals(0.1 / 6, joke.mean[Emotion.HAPPY.ordinal()][onsetBin - 2], 1e-6);
		assertEquals(0, joke.sd[Emotion.HAPPY.ordinal()][onsetBin + 1], 1e-6);
		assertTrue(Events.plot("clip", curves).getHeight() > 400);
		// bad files name the file and the line
		Files.writeString(tmp.resolve("bad.csv"), "onset,label\n1.5,a\nsoon,b\n");
		java.io.IOException e = assertThrows(java.io.IOException.class, () -> Events.read(tmp.resolve("bad.csv")));
		assertTrue(e.getMessage().contains("bad.csv: line 3"), e.getMessage());
		Files.writeString(tmp.resolve("nohead.csv"), "time,label\n1,a\n");
		e = assertThrows(java.io.IOException.class, () -> Events.read(tmp.resolve("nohead.csv")));
		assertTrue(e.getMessage().contains("'onset'"), e.getMessage());
		// a folder holds one file per video, by the video's name
		Path dir = Files.createDirectories(tmp.resolve("per-video"));
		Files.copy(events, dir.resolve("clip.csv"));
		assertEquals(dir.resolve("clip.csv"), Events.forVideo(dir, "clip"));
		assertNull(Events.forVideo(dir, "other"));
		assertEquals(events, Events.forVideo(events, "other"));
	}

	@Test
	void baselineIsEachFacesOwnRestingLevel() {
		assertNull(Baseline.parse(""));
		assertEquals(0.8, Baseline.parse("neutral").minNeutral, 1e-9);
		assertEquals(0.6, Baseline.parse("Neutral:0.6").minNeutral, 1e-9);
		assertEquals(5, Baseline.parse("5-20").startSec, 1e-9);
		for (String bad : new String[] { "neutral:1.5", "20-5", "-5-2", "calm", "1-x" }) {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Baseline.parse(bad), bad);
			assertTrue(e.getMessage().contains("--baseline '" + bad + "'"), e.getMessage());
		}
		List<ResultRow> rows = new ArrayList<>();
		rows.add(row(1, 0, 0, Emotion.NEUTRAL, 0.9, FaceQuality.Label.OK));
		rows.add(row(1, 1, 1, Emotion.NEUTRAL, 0.85, FaceQuality.Label.OK));
		rows.add(row(1, 2, 2, Emotion.NEUTRAL, 0.95, FaceQuality.Label.BLURRED)); // not trusted: not in the level
		rows.add(row(1, 3, 3, Emotion.HAPPY, 0.9, FaceQuality.Label.OK));
		rows.add(row(2, 3, 3, Emotion.SAD, 0.9, FaceQuality.Label.OK)); // never neutral: no level
		Map<Integer, double[]> byNeutral = Baseline.parse("neutral").levels(rows);
		assertEquals(0.875, byNeutral.get(1)[Emotion.NEUTRAL.ordinal()], 1e-6);
		assertFalse(byNeutral.containsKey(2));
		List<Object> rel = Baseline.values(rows.get(3), byNeutral);
		assertEquals(0.9 - (0.1 + 0.15) / 2 / 6, (double) rel.get(Emotion.HAPPY.ordinal()), 1e-4);
		assertTrue(Double.isNaN((double) Baseline.values(rows.get(4), byNeutral).get(0)), "no level: empty cells");
		Map<Integer, double[]> byWindow = Baseline.parse("0-1.5").levels(rows);
		assertEquals(0.875, byWindow.get(1)[Emotion.NEUTRAL.ordinal()], 1e-6);
		assertEquals(List.of("rel_angry", "rel_disgust", "rel_fear", "rel_happy", "rel_neutral", "rel_sad", "rel_surprise"), Baseline.columns());
	}

	@Test
	void theTimelineDrawsEachFacesProbabilityTracesAndTheEventOnsets() {
		List<ResultRow> rows = new ArrayList<>();
		for (int i = 0; i < 50; i++)
			rows.add(row(1, i, i * 0.1, Emotion.HAPPY, 0.9, FaceQuality.Label.OK));
		TrackSummary s = new TrackSummary();
		rows.forEach(s::add);
		java.awt.image.BufferedImage plain = TimelineChart.render("t", s.tracks(), 5.0);
		java.awt.image.BufferedImage marked = TimelineChart.render("t", s.tracks(), 5.0, List.of(new Events.Event(1, 2.5, Double.NaN, "cue")));
		int happy = Emotion.HAPPY.rgb() & 0xFFFFFF, traceTop = 62, trace = 0, lane = 0;
		for (int y = 0; y < plain.getHeight(); y++)
			for (int x = 0; x < plain.getWidth(); x++)
				if ((plain.getRGB(x, y) & 0xFFFFFF) == happy) {
					if (y < traceTop + 20) // probability 0.9: the trace runs near the top of the face's box
						trace++;
					else
						lane++;
				}
		assertTrue(trace > 100, "the happy trace near the top: " + trace);
		assertTrue(lane > 1000, "the happy lane below: " + lane);
		int differ = 0;
		for (int y = 0; y < plain.getHeight(); y++)
			if (plain.getRGB(110 + (int) Math.round(2.5 / 5.0 * 870), y) != marked.getRGB(110 + (int) Math.round(2.5 / 5.0 * 870), y))
				differ++;
		assertTrue(differ > 20, "the onset is marked across the faces: " + differ);
	}
}
