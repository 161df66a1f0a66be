package org.faceemotion.report;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import org.faceemotion.core.model.Emotion;
import org.faceemotion.core.pipeline.ResultsCsv;

/**
 * The segments in the files of the hand-coders' tools, to open beside their own codes:
 * <ul>
 * <li>ELAN: an {@code .eaf} annotation document (EAF 3.0), one tier per face (its participant
 * label where given) whose annotations are the segments' emotions; ELAN opens it with File &gt;
 * Open and finds the video next to it by its relative path.</li>
 * <li>BORIS: a {@code .boris} project (format 7.0) with the seven emotions as state events, one
 * subject per face and one media observation whose events start and stop at the segments'
 * bounds; BORIS opens it with File &gt; Open project, or merges its observation into an
 * existing project with Observations &gt; Import observations.</li>
 * </ul>
 */
public final class CoderExports {
	private CoderExports() {
	}

	/** The ELAN document; {@code mediaName} is the video's file name (the EAF links it relative to its own folder). */
	public static void writeEaf(List<Segments.Segment> segments, String mediaName, String mediaUri, Writer out) throws IOException {
		TreeSet<Long> times = new TreeSet<>();
		for (Segments.Segment s : segments) {
			times.add(ms(s.startSec));
			times.add(ms(s.endSec));
		}
		Map<Long, String> slot = new LinkedHashMap<>();
		for (long t : times)
			slot.put(t, "ts" + (slot.size() + 1));
		Map<String, List<Segments.Segment>> tiers = new LinkedHashMap<>();
		for (Segments.Segment s : segments)
			tiers.computeIfAbsent(s.who(), k -> new ArrayList<>()).add(s);
		StringBuilder x = new StringBuilder();
		x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
		x.append("<ANNOTATION_DOCUMENT AUTHOR=\"Face Emotion\" DATE=\"1970-01-01T00:00:00+00:00\" FORMAT=\"3.0\" VERSION=\"3.0\"")
				.append(" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"")
				.append(" xsi:noNamespaceSchemaLocation=\"http://www.mpi.nl/tools/elan/EAFv3.0.xsd\">\n");
		x.append("  <HEADER MEDIA_FILE=\"\" TIME_UNITS=\"milliseconds\">\n");
		x.append("    <MEDIA_DESCRIPTOR MEDIA_URL=\"").append(esc(mediaUri)).append("\" MIME_TYPE=\"").append(mime(mediaName))
				.append("\" RELATIVE_MEDIA_URL=\"./").append(esc(mediaName)).append("\"/>\n");
		x.append("    <PROPERTY NAME=\"lastUsedAnnotationId\">").append(segments.size()).append("</PROPERTY>\n");
		x.append("  </HEADER>\n  <TIME_ORDER>\n");
		for (Map.Entry<Long, String> e : slot.entrySet())
			x.append("    <TIME_SLOT TIME_SLOT_ID=\"").append(e.getValue()).append("\" TIME_VALUE=\"").append(e.getKey()).append("\"/>\n");
		x.append("  </TIME_ORDER>\n");
		int id = 0;
		for (Map.Entry<String, List<Segments.Segment>> tier : tiers.entrySet()) {
			x.append("  <TIER LINGUISTIC_TYPE_REF=\"emotion\" TIER_ID=\"").append(esc(tier.getKey())).append("\">\n");
			for (Segments.Segment s : tier.getValue()) {
				if (ms(s.endSec) <= ms(s.startSec))
					continue; // ELAN refuses empty annotations
				x.append("    <ANNOTATION>\n      <ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a").append(++id).append("\" TIME_SLOT_REF1=\"")
						.append(slot.get(ms(s.startSec))).append("\" TIME_SLOT_REF2=\"").append(slot.get(ms(s.endSec))).append("\">\n");
				x.append("        <ANNOTATION_VALUE>").append(s.emotion.label()).append("</ANNOTATION_VALUE>\n");
				x.append("      </ALIGNABLE_ANNOTATION>\n    </ANNOTATION>\n");
			}
			x.append("  </TIER>\n");
		}
		x.append("  <LINGUISTIC_TYPE GRAPHIC_REFERENCES=\"false\" LINGUISTIC_TYPE_ID=\"emotion\" TIME_ALIGNABLE=\"true\" CONTROLLED_VOCABULARY_REF=\"emotions\"/>\n");
		x.append("  <CONTROLLED_VOCABULARY CV_ID=\"emotions\">\n");
		for (Emotion e : Emotion.values())
			x.append("    <CV_ENTRY_ML CVE_ID=\"").append(e.label()).append("\">\n      <CVE_VALUE LANG_REF=\"und\">").append(e.label())
					.append("</CVE_VALUE>\n    </CV_ENTRY_ML>\n");
		x.append("  </CONTROLLED_VOCABULARY>\n");
		x.append("  <LANGUAGE LANG_ID=\"und\" LANG_LABEL=\"undetermined (und)\"/>\n");
		x.append("</ANNOTATION_DOCUMENT>\n");
		out.write(x.toString());
	}

	/** The BORIS project; {@code mediaPath} is the video as BORIS should find it, {@code durationSec} and {@code fps} its length and rate. */
	public static void writeBoris(List<Segments.Segment> segments, String observationId, String mediaPath, double durationSec, double fps,
			Writer out) throws IOException {
		List<String> subjects = new ArrayList<>();
		for (Segments.Segment s : segments)
			if (!subjects.contains(s.who()))
				subjects.add(s.who());
		// events: [time, subject, behaviour, modifier, comment, frame index], in time order; a state
		// event is a start and a stop of the same behaviour and subject
		List<Object[]> events = new ArrayList<>();
		for (Segments.Segment s : segments) {
			events.add(new Object[] { s.startSec, s.who(), s.emotion.label(), 1 });
			events.add(new Object[] { s.endSec, s.who(), s.emotion.label(), 0 });
		}
		// by time; at one instant, stops before starts (one subject's segments touch)
		events.sort((a, b) -> a[0].equals(b[0]) ? Integer.compare((int) a[3], (int) b[3]) : Double.compare((double) a[0], (double) b[0]));
		StringBuilder j = new StringBuilder();
		j.append("{\n");
		j.append("  \"project_name\": \"Face Emotion: ").append(json(observationId)).append("\",\n");
		j.append("  \"project_date\": \"1970-01-01T00:00:00\",\n");
		j.append("  \"project_description\": \"Smoothed emotions per face from Face Emotion for Fiji (segments as state events)\",\n");
		j.append("  \"project_format_version\": \"7.0\",\n");
		j.append("  \"time_format\": \"s\",\n");
		j.append("  \"subjects_conf\": {");
		for (int i = 0; i < subjects.size(); i++)
			j.append(i == 0 ? "\n" : ",\n").append("    \"").append(i).append("\": {\"key\": \"\", \"name\": \"").append(json(subjects.get(i)))
					.append("\", \"description\": \"\"}");
		j.append("\n  },\n");
		j.append("  \"behaviors_conf\": {");
		for (Emotion e : Emotion.values())
			j.append(e.ordinal() == 0 ? "\n" : ",\n").append("    \"").append(e.ordinal()).append("\": {\"type\": \"State event\", \"key\": \"")
					.append(e.ordinal() + 1).append("\", \"code\": \"").append(e.label()).append("\", \"description\": \"\", \"color\": \"")
					.append(String.format(Locale.ROOT, "#%06X", e.rgb() & 0xFFFFFF)).append("\", \"category\": \"\", \"modifiers\": {}, \"excluded\": \"\", \"coding map\": \"\"}");
		j.append("\n  },\n");
		j.append("  \"behavioral_categories\": [],\n  \"behavioral_categories_config\": {},\n  \"independent_variables\": {},\n");
		j.append("  \"coding_map\": {},\n  \"behaviors_coding_map\": [],\n  \"converters\": {},\n");
		j.append("  \"observations\": {\n    \"").append(json(observationId)).append("\": {\n");
		j.append("      \"file\": {\"1\": [\"").append(json(mediaPath)).append("\"], \"2\": [], \"3\": [], \"4\": [], \"5\": [], \"6\": [], \"7\": [], \"8\": []},\n");
		j.append("      \"type\": \"MEDIA\",\n      \"date\": \"1970-01-01T00:00:00\",\n      \"description\": \"\",\n      \"time offset\": 0,\n");
		j.append("      \"events\": [");
		for (int i = 0; i < events.size(); i++) {
			Object[] e = events.get(i);
			double t = (double) e[0];
			j.append(i == 0 ? "\n" : ",\n").append("        [").append(ResultsCsv.fixed(t, 3)).append(", \"").append(json((String) e[1]))
					.append("\", \"").append(e[2]).append("\", \"\", \"\", ").append(fps > 0 ? Math.round(t * fps) : 0).append("]");
		}
		j.append("\n      ],\n");
		j.append("      \"observation time interval\": [0, 0],\n      \"independent_variables\": {},\n");
		j.append("      \"visualize_spectrogram\": false,\n      \"visualize_waveform\": false,\n      \"media_creation_date_as_offset\": false,\n");
		j.append("      \"media_scan_sampling_duration\": 0,\n      \"image_display_duration\": 1,\n      \"close_behaviors_between_videos\": false,\n");
		j.append("      \"media_info\": {\"length\": {\"").append(json(mediaPath)).append("\": ").append(ResultsCsv.fixed(durationSec, 3))
				.append("}, \"fps\": {\"").append(json(mediaPath)).append("\": ").append(ResultsCsv.fixed(fps, 3))
				.append("}, \"hasVideo\": {\"").append(json(mediaPath)).append("\": true}, \"hasAudio\": {\"").append(json(mediaPath))
				.append("\": false}, \"offset\": {\"1\": 0.0}}\n");
		j.append("    }\n  }\n}\n");
		out.write(j.toString());
	}

	/** Milliseconds, as ELAN counts. */
	static long ms(double sec) {
		return Math.round(sec * 1000);
	}

	static String mime(String name) {
		String n = name.toLowerCase(Locale.ROOT);
		if (n.endsWith(".mp4") || n.endsWith(".m4v") || n.endsWith(".mov"))
			return "video/mp4";
		if (n.endsWith(".mpg") || n.endsWith(".mpeg"))
			return "video/mpeg";
		return "video/*";
	}

	static String esc(String s) {
		StringBuilder b = new StringBuilder();
		for (char c : s.toCharArray())
			switch (c) {
			case '&': b.append("&amp;"); break;
			case '<': b.append("&lt;"); break;
			case '>': b.append("&gt;"); break;
			case '"': b.append("&quot;"); break;
			default:
				if (c >= 0x20 || c == '\t')
					b.append(c);
			}
		return b.toString();
	}

	static String json(String s) {
		StringBuilder b = new StringBuilder();
		for (char c : s.toCharArray())
			if (c == '"' || c == '\\')
				b.append('\\').append(c);
			else if (c < 0x20)
				b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
			else
				b.append(c);
		return b.toString();
	}
}
