package org.faceemotion.batch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.faceemotion.core.classify.Calibration;
import org.faceemotion.core.classify.EmotionClassifier;
import org.faceemotion.core.model.Emotion;
import org.faceemotion.core.pipeline.EngineConfig;
import org.faceemotion.io.OutputFiles;

/**
 * What made an input's outputs ({@code <name>-run.json}): the program's version and commit, the
 * model's SHA-256 and calibration, the prior, the detector and every option, the input (size,
 * SHA-256, and for a video its duration, frame rate and geometry), when the run started and
 * ended, Java and the operating system. A table without it cannot be traced to what made it.
 */
public final class Provenance {
	/** Inputs larger than this are fingerprinted by their first and last MiB and their size (said in the file). */
	static final long WHOLE_HASH_LIMIT = 256L << 20;

	private final Map<String, Object> root = new LinkedHashMap<>();

	/** {@code detectorRuntime}: what ran the face detector ({@code FaceEngine.detectorRuntime()}). */
	public Provenance(AnnotateOptions options, EngineConfig config, EmotionClassifier model, String detectorRuntime) {
		Properties build = build();
		Map<String, Object> program = new LinkedHashMap<>();
		program.put("name", "Face Emotion for Fiji");
		program.put("version", build.getProperty("version", "unknown"));
		program.put("commit", build.getProperty("commit", "unknown"));
		program.put("modified_sources", Boolean.parseBoolean(build.getProperty("modified", "false")));
		root.put("program", program);
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("file", model.modelName());
		m.put("sha256", model.modelSha256());
		m.put("runtime", model.runtime());
		Calibration c = model.calibration();
		m.put("temperature", c.temperature);
		m.put("bias", labelled(c.bias()));
		m.put("prior_of_training_votes", c.prior() == null ? null : labelled(c.prior()));
		root.put("model", m);
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("prior", config.prior.id());
		settings.put("labels", config.labels.id());
		settings.put("detector", config.detector.id);
		settings.put("detector_runtime", detectorRuntime);
		settings.put("score_threshold", config.scoreThreshold);
		settings.put("min_face_px", config.minFaceSize);
		settings.put("mirror_tta", config.testTimeAugmentation);
		settings.put("measured_crop", config.measuredCrop);
		settings.put("align_eyes", config.alignEyes);
		settings.put("track_iou", config.trackIou);
		settings.put("track_max_gap_s", config.trackMaxGapSec);
		settings.put("smoothing_tau_s", config.smoothingTauSec);
		settings.put("every", options.every);
		settings.put("start_s", options.start);
		settings.put("end_s", options.end);
		settings.put("annotated_video", options.annotatedVideo);
		settings.put("detect_every", options.detectEvery);
		settings.put("quality_min_face_px", config.quality.minFacePx);
		settings.put("quality_min_sharpness", config.quality.minSharpness);
		settings.put("quality_max_roll_deg", config.quality.maxRollDeg);
		settings.put("quality_max_yaw_deg", config.quality.maxYawDeg);
		settings.put("count_all_rows", options.countAllRows);
		settings.put("min_track_s", options.minTrack);
		settings.put("events", options.events);
		settings.put("event_window_s", options.eventWindow);
		settings.put("event_baseline_s", options.eventBaseline);
		settings.put("baseline", options.baseline);
		root.put("settings", settings);
		Map<String, Object> system = new LinkedHashMap<>();
		system.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
		system.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
		system.put("cores", Runtime.getRuntime().availableProcessors());
		root.put("system", system);
	}

	private static Map<String, Object> labelled(double[] v) {
		Map<String, Object> m = new LinkedHashMap<>();
		for (Emotion e : Emotion.values())
			m.put(e.label(), v[e.ordinal()]);
		return m;
	}

	/** The program's version and commit, written into the jar at build time. */
	public static Properties build() {
		Properties p = new Properties();
		try (InputStream in = Provenance.class.getResourceAsStream("/org/faceemotion/build.properties")) {
			if (in != null)
				p.load(in);
		} catch (IOException e) {
			// unknown then
		}
		return p;
	}

	/**
	 * The input: where it is ({@code name}: a local path or a URI), its size and fingerprint (of the
	 * local copy {@code file}), and {@code details} (duration, geometry, ...) as measured by the job.
	 */
	public Provenance input(String name, Path file, Map<String, Object> details) throws IOException {
		Map<String, Object> in = new LinkedHashMap<>();
		in.put("file", where(name));
		long size = Files.size(file);
		in.put("bytes", size);
		in.put("sha256", sha256(file, size));
		in.put("sha256_of", size > WHOLE_HASH_LIMIT ? "the first and last MiB and the size (the file is larger than 256 MiB)" : "the whole file");
		in.putAll(details);
		root.put("input", in);
		return this;
	}

	/** A local path (absolute; a {@code file:} URI becomes one, so every front door names a local file alike) or another file system's URI as it is. */
	static String where(String name) {
		if (name.startsWith("file:"))
			return Path.of(java.net.URI.create(name)).toAbsolutePath().normalize().toString();
		boolean uri = name.matches("^[A-Za-z][A-Za-z0-9+.-]+:.*") && !name.matches("^[A-Za-z]:[\\\\/].*");
		return uri ? name : Path.of(name).toAbsolutePath().normalize().toString();
	}

	public Provenance times(Instant start, Instant end) {
		Map<String, Object> t = new LinkedHashMap<>();
		t.put("started", start.toString());
		t.put("ended", end.toString());
		t.put("seconds", (end.toEpochMilli() - start.toEpochMilli()) / 1000.0);
		root.put("run", t);
		return this;
	}

	public Provenance outputs(List<String> names) {
		root.put("outputs", names);
		return this;
	}

	/** The JSON that {@link #write} writes (without its last newline). */
	public String json() {
		return json(root, "");
	}

	public void write(Path file) throws IOException {
		OutputFiles.write(file, o -> o.write((json(root, "") + "\n").getBytes(StandardCharsets.UTF_8)));
	}

	/** One line for a log (Fiji's Log window): version, commit, model hash, prior, detector. */
	public String summary() {
		@SuppressWarnings("unchecked")
		Map<String, Object> p = (Map<String, Object>) root.get("program"), m = (Map<String, Object>) root.get("model"),
				s = (Map<String, Object>) root.get("settings");
		String sha = String.valueOf(m.get("sha256"));
		String commit = String.valueOf(p.get("commit"));
		return String.format(Locale.ROOT, "Face Emotion %s (commit %s%s), model %s sha256 %s, prior %s, detector %s", p.get("version"),
				commit.length() > 12 ? commit.substring(0, 12) : commit, Boolean.TRUE.equals(p.get("modified_sources")) ? ", modified" : "",
				m.get("file"), sha.length() > 16 ? sha.substring(0, 16) + "..." : sha, s.get("prior"), s.get("detector"));
	}

	static String sha256(Path file, long size) throws IOException {
		try {
			MessageDigest md = MessageDigest.getInstance("SHA-256");
			try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
				ByteBuffer buf = ByteBuffer.allocate(1 << 20);
				if (size <= WHOLE_HASH_LIMIT) {
					while (ch.read(buf) > 0) {
						buf.flip();
						md.update(buf);
						buf.clear();
					}
				} else {
					for (long at : new long[] { 0, size - (1 << 20) }) {
						buf.clear();
						ch.read(buf, at);
						buf.flip();
						md.update(buf);
					}
					md.update(Long.toString(size).getBytes(StandardCharsets.UTF_8));
				}
			}
			StringBuilder sb = new StringBuilder();
			for (byte b : md.digest())
				sb.append(String.format(Locale.ROOT, "%02x", b));
			return sb.toString();
		} catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** JSON of maps, lists, strings, numbers, booleans and nulls, keys in insertion order, two spaces per level. */
	static String json(Object v, String indent) {
		if (v == null)
			return "null";
		if (v instanceof String)
			return quote((String) v);
		if (v instanceof Boolean || v instanceof Integer || v instanceof Long)
			return v.toString();
		if (v instanceof Number) {
			double d = ((Number) v).doubleValue();
			return Double.isFinite(d) ? (d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d)) : "null";
		}
		String in = indent + "  ";
		StringBuilder sb = new StringBuilder();
		if (v instanceof Map) {
			sb.append("{");
			boolean first = true;
			for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
				sb.append(first ? "\n" : ",\n").append(in).append(quote(String.valueOf(e.getKey()))).append(": ").append(json(e.getValue(), in));
				first = false;
			}
			return sb.append(first ? "}" : "\n" + indent + "}").toString();
		}
		if (v instanceof List) {
			sb.append("[");
			boolean first = true;
			for (Object o : (List<?>) v) {
				sb.append(first ? "" : ", ").append(json(o, in));
				first = false;
			}
			return sb.append("]").toString();
		}
		return quote(v.toString());
	}

	static String quote(String s) {
		StringBuilder sb = new StringBuilder("\"");
		for (char c : s.toCharArray()) {
			if (c == '"' || c == '\\')
				sb.append('\\').append(c);
			else if (c < 0x20)
				sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
			else
				sb.append(c);
		}
		return sb.append('"').toString();
	}
}
