package org.faceemotion.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.faceemotion.core.pipeline.ResultRow;
import org.faceemotion.io.OutputFiles;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

/**
 * Corrections of a video's table, made in Review Results (Fiji) or by hand: merge two ids into one
 * person, split an id at a time, delete an id (not a person) or a time range of it, give an id a
 * participant label, exclude a time range of one face or of all faces with a reason. They are
 * kept as a list of edits ({@code <name>-corrections.json}) with the SHA-256 of the table they
 * were made on and, for each id they name, its boxes over time, so that they can be applied again
 * to a fresh run of the same video (a newer model): there ids are matched by the overlap of
 * their boxes over time, and an edit that no longer fits is reported, never guessed. The raw
 * table is never changed: applying the edits to its rows gives the corrected rows.
 */
public final class Corrections {
	public enum Op {
		MERGE, SPLIT, DELETE, DELETE_RANGE, RENAME, EXCLUDE;

		public String id() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}
	}

	/** One edit; times in seconds on the video's clock ({@code time_s}). */
	public static final class Edit {
		public Op op;
		/** The face the edit is about (merge: the id kept; exclude: 0 for every face). */
		public int id;
		/** Merge: the id merged into {@link #id}; split: the id the later part got when the edit was made. */
		public int other;
		/** Split: the time from which rows go to the new id; ranges: from and to, both included. */
		public double fromSec = Double.NaN, toSec = Double.NaN;
		/** Rename: the participant label; exclude: the reason. */
		public String text;

		public static Edit merge(int keep, int absorbed) {
			if (keep == absorbed)
				throw new IllegalArgumentException("merge needs two different ids, got " + keep + " twice");
			return edit(Op.MERGE, keep, absorbed, Double.NaN, Double.NaN, null);
		}

		public static Edit split(int id, double atSec) {
			return edit(Op.SPLIT, id, 0, atSec, Double.NaN, null);
		}

		public static Edit delete(int id) {
			return edit(Op.DELETE, id, 0, Double.NaN, Double.NaN, null);
		}

		public static Edit deleteRange(int id, double fromSec, double toSec) {
			range(fromSec, toSec);
			return edit(Op.DELETE_RANGE, id, 0, fromSec, toSec, null);
		}

		public static Edit rename(int id, String participant) {
			if (participant == null || participant.isBlank())
				throw new IllegalArgumentException("a participant label must not be empty");
			return edit(Op.RENAME, id, 0, Double.NaN, Double.NaN, participant.trim());
		}

		/** {@code id} 0: every face in the range. */
		public static Edit exclude(int id, double fromSec, double toSec, String reason) {
			range(fromSec, toSec);
			return edit(Op.EXCLUDE, id, 0, fromSec, toSec, reason == null || reason.isBlank() ? "excluded" : reason.trim());
		}

		private static void range(double from, double to) {
			if (!(from <= to))
				throw new IllegalArgumentException(String.format(Locale.ROOT, "a time range needs from <= to, got %.3f to %.3f s", from, to));
		}

		private static Edit edit(Op op, int id, int other, double from, double to, String text) {
			if (id < 0 || (id == 0 && op != Op.EXCLUDE))
				throw new IllegalArgumentException(op.id() + ": face id must be >= 1, got " + id);
			Edit e = new Edit();
			e.op = op;
			e.id = id;
			e.other = other;
			e.fromSec = from;
			e.toSec = to;
			e.text = text;
			return e;
		}

		/** In words, as the review's list and the reports show it. */
		public String describe() {
			switch (op) {
			case MERGE:
				return "merge face " + other + " into face " + id;
			case SPLIT:
				return String.format(Locale.ROOT, "split face %d at %.3f s%s", id, fromSec, other > 0 ? " (later part: face " + other + ")" : "");
			case DELETE:
				return "delete face " + id + " (not a person)";
			case DELETE_RANGE:
				return String.format(Locale.ROOT, "delete face %d from %.3f to %.3f s", id, fromSec, toSec);
			case RENAME:
				return "name face " + id + " '" + text + "'";
			default:
				return String.format(Locale.ROOT, "exclude %s from %.3f to %.3f s: %s", id == 0 ? "every face" : "face " + id, fromSec, toSec, text);
			}
		}

		/** Whether the rows of face {@code id} (or all rows) in the range are meant. */
		boolean inRange(ResultRow r) {
			return r.timeSec >= fromSec - 1e-9 && r.timeSec <= toSec + 1e-9;
		}
	}

	/** What applying edits gave: the corrected rows, what was done and what did not fit (with the reason). */
	public static final class Outcome {
		public final List<ResultRow> rows;
		public final List<String> applied = new ArrayList<>(), notApplied = new ArrayList<>();
		/** Split edits whose later part got an id: the edit's index and that id. */
		public final Map<Integer, Integer> splitIds = new HashMap<>();
		/** The indices of the edits that did not fit. */
		final java.util.Set<Integer> misfits = new java.util.HashSet<>();
		int nextId;

		Outcome(List<ResultRow> rows) {
			this.rows = rows;
		}
	}

	/** File name of the table the edits were made on. */
	public String table;
	/** SHA-256 of that table's bytes. */
	public String tableSha256;
	/** Free text: who made the corrections and when, or anything else worth keeping. */
	public String author = "", note = "";
	public String saved;
	public List<Edit> edits = new ArrayList<>();
	/** For each id an edit names that was in the raw table: its boxes there, {time, x, y, width, height}, one per 0.25 s at most. */
	public Map<Integer, List<double[]>> tracks = new TreeMap<>();

	/** Applies {@code edits} in order to (copies of) {@code raw}, whose ids are those the edits name. */
	public static Outcome apply(List<ResultRow> raw, List<Edit> edits) {
		return apply(raw, edits, new HashMap<>(), false);
	}

	/**
	 * Applies the edits with their ids read through {@code idMap} (an edit's id that is not a key
	 * stays as it is unless {@code strict}, when it does not fit).
	 */
	static Outcome apply(List<ResultRow> raw, List<Edit> edits, Map<Integer, Integer> idMap, boolean strict) {
		List<ResultRow> rows = new ArrayList<>(raw.size());
		for (ResultRow r : raw)
			rows.add(r.copy());
		Outcome out = new Outcome(rows);
		// a split's part gets an id no face of the raw table had (a number is never reused for another face)
		out.nextId = raw.stream().mapToInt(r -> r.faceId).max().orElse(0) + 1;
		Map<Integer, Integer> map = new HashMap<>(idMap);
		for (int i = 0; i < edits.size(); i++) {
			Edit e = edits.get(i);
			Integer id = e.id == 0 ? Integer.valueOf(0) : resolve(map, e.id, strict);
			Integer other = e.op == Op.MERGE ? resolve(map, e.other, strict) : null;
			if (id == null || (e.op == Op.MERGE && other == null)) {
				out.notApplied.add(e.describe() + ": face " + (id == null ? e.id : e.other) + " has no match in this table");
				out.misfits.add(i);
				continue;
			}
			String problem = applyOne(rows, e, id, other == null ? 0 : other, out, i, map);
			if (problem != null) {
				out.notApplied.add(e.describe() + ": " + problem);
				out.misfits.add(i);
			}
			else
				out.applied.add(e.describe() + (id != e.id || (other != null && other != e.other) ? " (here: " + ids(id, other) + ")" : ""));
		}
		return out;
	}

	private static String ids(int id, Integer other) {
		return other == null ? "face " + id : "faces " + id + " and " + other;
	}

	private static Integer resolve(Map<Integer, Integer> map, int id, boolean strict) {
		Integer m = map.get(id);
		return m != null ? m : strict ? null : Integer.valueOf(id);
	}

	/** One edit on the rows in place; null when done, else why it does not fit. */
	private static String applyOne(List<ResultRow> rows, Edit e, int id, int other, Outcome out, int index, Map<Integer, Integer> map) {
		boolean present = id == 0 || rows.stream().anyMatch(r -> r.faceId == id);
		if (!present)
			return "face " + id + " is not in the table";
		switch (e.op) {
		case MERGE: {
			if (id == other)
				return null; // already one id here
			if (rows.stream().noneMatch(r -> r.faceId == other))
				return "face " + other + " is not in the table";
			TreeSet<Integer> framesOfId = new TreeSet<>();
			for (ResultRow r : rows)
				if (r.faceId == id)
					framesOfId.add(r.frame);
			String participant = rows.stream().filter(r -> r.faceId == id && r.participant != null).map(r -> r.participant).findFirst().orElse(null);
			for (ResultRow r : rows)
				if (r.faceId == other) {
					r.faceId = id;
					r.edited = true;
					if (participant != null)
						r.participant = participant;
					if (framesOfId.contains(r.frame) && r.excluded == null)
						r.excluded = "merged: face " + id + " is in the same frame";
				}
			return null;
		}
		case SPLIT: {
			int next = out.nextId;
			int moved = 0;
			for (ResultRow r : rows)
				if (r.faceId == id && r.timeSec >= e.fromSec - 1e-9) {
					r.faceId = next;
					r.participant = null;
					r.edited = true;
					moved++;
				}
			if (moved == 0)
				return String.format(Locale.ROOT, "face %d has no rows from %.3f s on", id, e.fromSec);
			out.splitIds.put(index, next);
			out.nextId++;
			if (e.other > 0)
				map.put(e.other, next); // later edits name the part by the id it had when they were made
			return null;
		}
		case DELETE:
			rows.removeIf(r -> r.faceId == id);
			return null;
		case DELETE_RANGE: {
			int before = rows.size();
			rows.removeIf(r -> r.faceId == id && e.inRange(r));
			return rows.size() == before ? "face " + id + " has no rows in that range" : null;
		}
		case RENAME:
			for (ResultRow r : rows)
				if (r.faceId == id) {
					r.participant = e.text;
					r.edited = true;
				}
			return null;
		default: {
			int n = 0;
			for (ResultRow r : rows)
				if ((id == 0 || r.faceId == id) && e.inRange(r)) {
					r.excluded = e.text;
					r.edited = true;
					n++;
				}
			return n == 0 ? "no rows in that range" : null;
		}
		}
	}

	/** Adds an edit made on the rows of {@code raw} with the edits so far: records the split's new id and the boxes of the ids it names. */
	public Outcome add(List<ResultRow> raw, Edit e) {
		List<Edit> with = new ArrayList<>(edits);
		with.add(e);
		Outcome o = apply(raw, with);
		if (o.misfits.contains(with.size() - 1))
			throw new IllegalArgumentException(o.notApplied.get(o.notApplied.size() - 1));
		if (e.op == Op.SPLIT)
			e.other = o.splitIds.get(with.size() - 1);
		for (int id : new int[] { e.id, e.op == Op.MERGE ? e.other : 0 })
			if (id > 0 && !tracks.containsKey(id) && raw.stream().anyMatch(r -> r.faceId == id))
				tracks.put(id, signature(raw, id));
		edits.add(e);
		return o;
	}

	/** Removes the last edit (undo); false when there is none. */
	public boolean undo() {
		if (edits.isEmpty())
			return false;
		edits.remove(edits.size() - 1);
		return true;
	}

	static List<double[]> signature(List<ResultRow> rows, int id) {
		List<double[]> s = new ArrayList<>();
		double last = Double.NEGATIVE_INFINITY;
		for (ResultRow r : rows)
			if (r.faceId == id && r.timeSec - last >= 0.25) {
				s.add(new double[] { r.timeSec, r.x, r.y, r.width, r.height });
				last = r.timeSec;
			}
		return s;
	}

	/** The least mean overlap (IoU) over an id's recorded boxes for a face of another table to count as the same person. */
	public static final double MATCH_IOU = 0.3;

	/**
	 * These edits on {@code rows} of a table: as they are when it is the table they were made on
	 * (same SHA-256); otherwise each id they name is matched to the face of {@code rows} whose boxes
	 * overlap its recorded boxes best over time (mean IoU at least {@link #MATCH_IOU}, over at least
	 * half of its recorded times), and what cannot be matched is reported.
	 */
	public Outcome applyTo(List<ResultRow> rows, String sha256) {
		if (sha256 != null && sha256.equals(tableSha256))
			return apply(rows, edits);
		Map<Integer, Integer> map = new HashMap<>();
		List<String> matching = new ArrayList<>();
		for (Map.Entry<Integer, List<double[]>> t : tracks.entrySet()) {
			int best = -1;
			double bestScore = 0;
			Map<Integer, double[]> score = new HashMap<>(); // id -> {sum IoU, samples}
			for (double[] s : t.getValue()) {
				org.faceemotion.core.model.Face a = new org.faceemotion.core.model.Face(s[1], s[2], s[3], s[4], 1);
				Map<Integer, Double> bestAt = new HashMap<>();
				for (ResultRow r : rows)
					if (Math.abs(r.timeSec - s[0]) <= 0.06) {
						double iou = a.iou(new org.faceemotion.core.model.Face(r.x, r.y, r.width, r.height, 1));
						bestAt.merge(r.faceId, iou, Math::max);
					}
				for (Map.Entry<Integer, Double> b : bestAt.entrySet()) {
					double[] acc = score.computeIfAbsent(b.getKey(), k -> new double[2]);
					acc[0] += b.getValue();
					acc[1]++;
				}
			}
			int n = t.getValue().size();
			for (Map.Entry<Integer, double[]> c : score.entrySet()) {
				double mean = c.getValue()[0] / n; // times without a box count as no overlap
				if (mean > bestScore && c.getValue()[1] >= n / 2.0) {
					bestScore = mean;
					best = c.getKey();
				}
			}
			if (best > 0 && bestScore >= MATCH_IOU) {
				map.put(t.getKey(), best);
				matching.add(String.format(Locale.ROOT, "face %d is face %d here (mean overlap %.2f)", t.getKey(), best, bestScore));
			} else {
				matching.add(String.format(Locale.ROOT, "face %d: no face here overlaps its boxes enough (best mean overlap %.2f < %.2f)", t.getKey(),
						bestScore, MATCH_IOU));
			}
		}
		Outcome o = apply(rows, edits, map, true);
		o.applied.addAll(0, matching);
		return o;
	}

	public static String sha256(Path file) throws IOException {
		try {
			MessageDigest md = MessageDigest.getInstance("SHA-256");
			StringBuilder sb = new StringBuilder();
			for (byte b : md.digest(Files.readAllBytes(file)))
				sb.append(String.format(Locale.ROOT, "%02x", b));
			return sb.toString();
		} catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static Gson gson() {
		return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().disableHtmlEscaping().create();
	}

	public void write(Path file) throws IOException {
		Map<String, Object> root = new LinkedHashMap<>();
		root.put("format", "face-emotion corrections 1");
		root.put("table", table);
		root.put("table_sha256", tableSha256);
		root.put("author", author);
		root.put("note", note);
		root.put("saved", saved);
		List<Map<String, Object>> list = new ArrayList<>();
		for (Edit e : edits) {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("op", e.op.id());
			m.put("id", e.id);
			if (e.op == Op.MERGE || e.op == Op.SPLIT)
				m.put("other", e.other);
			if (!Double.isNaN(e.fromSec))
				m.put(e.op == Op.SPLIT ? "at_s" : "from_s", e.fromSec);
			if (!Double.isNaN(e.toSec))
				m.put("to_s", e.toSec);
			if (e.text != null)
				m.put(e.op == Op.RENAME ? "participant" : "reason", e.text);
			m.put("says", e.describe());
			list.add(m);
		}
		root.put("edits", list);
		Map<String, Object> t = new LinkedHashMap<>();
		tracks.forEach((id, s) -> t.put(String.valueOf(id), s));
		root.put("tracks", t);
		String json = gson().toJson(root) + "\n";
		OutputFiles.write(file, o -> o.write(json.getBytes(StandardCharsets.UTF_8)));
	}

	/** A corrections file; a broken one fails naming the file and what is wrong. */
	public static Corrections read(Path file) throws IOException {
		Map<?, ?> root;
		try {
			root = gson().fromJson(Files.readString(file, StandardCharsets.UTF_8), Map.class);
		} catch (JsonParseException e) {
			throw new IOException(file + ": not a corrections file (" + e.getMessage() + ")", e);
		}
		if (root == null || !"face-emotion corrections 1".equals(root.get("format")))
			throw new IOException(file + ": not a Face Emotion corrections file (no \"format\": \"face-emotion corrections 1\")");
		Corrections c = new Corrections();
		c.table = (String) root.get("table");
		c.tableSha256 = (String) root.get("table_sha256");
		c.author = root.get("author") == null ? "" : String.valueOf(root.get("author"));
		c.note = root.get("note") == null ? "" : String.valueOf(root.get("note"));
		c.saved = (String) root.get("saved");
		Object edits = root.get("edits");
		if (!(edits instanceof List))
			throw new IOException(file + ": no list of edits");
		int n = 0;
		for (Object o : (List<?>) edits) {
			n++;
			try {
				Map<?, ?> m = (Map<?, ?>) o;
				Op op = null;
				for (Op x : Op.values())
					if (x.id().equals(m.get("op")))
						op = x;
				if (op == null)
					throw new IllegalArgumentException("unknown op " + m.get("op"));
				int id = num(m.get("id")).intValue();
				Edit e;
				switch (op) {
				case MERGE: e = Edit.merge(id, num(m.get("other")).intValue()); break;
				case SPLIT: e = Edit.split(id, num(m.get("at_s")).doubleValue()); e.other = num(m.get("other")).intValue(); break;
				case DELETE: e = Edit.delete(id); break;
				case DELETE_RANGE: e = Edit.deleteRange(id, num(m.get("from_s")).doubleValue(), num(m.get("to_s")).doubleValue()); break;
				case RENAME: e = Edit.rename(id, (String) m.get("participant")); break;
				default: e = Edit.exclude(id, num(m.get("from_s")).doubleValue(), num(m.get("to_s")).doubleValue(), (String) m.get("reason"));
				}
				c.edits.add(e);
			} catch (RuntimeException e) {
				throw new IOException(file + ": edit " + n + ": " + e.getMessage(), e);
			}
		}
		Object tracks = root.get("tracks");
		if (tracks instanceof Map)
			for (Map.Entry<?, ?> t : ((Map<?, ?>) tracks).entrySet()) {
				List<double[]> s = new ArrayList<>();
				for (Object p : (List<?>) t.getValue()) {
					List<?> v = (List<?>) p;
					double[] d = new double[v.size()];
					for (int i = 0; i < d.length; i++)
						d[i] = num(v.get(i)).doubleValue();
					s.add(d);
				}
				c.tracks.put(Integer.parseInt(String.valueOf(t.getKey())), s);
			}
		return c;
	}

	private static Number num(Object o) {
		if (!(o instanceof Number))
			throw new IllegalArgumentException("a number was expected, got " + o);
		return (Number) o;
	}
}
