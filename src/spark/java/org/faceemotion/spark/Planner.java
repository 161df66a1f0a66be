package org.faceemotion.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.faceemotion.io.ImageFiles;
import org.faceemotion.io.video.VideoFiles;
import org.faceemotion.report.AnnotateSettings;
import org.faceemotion.report.BatchRunner;
import org.faceemotion.report.VideoJob;

/**
 * The driver's listing of the inputs, with the command line's rules: local inputs through the
 * command line's own batch runner (same listing, skipping, collisions, resume and overwrite);
 * inputs on Hadoop file systems listed through Hadoop with the same rules by name.
 */
final class Planner {
	final List<Work.Entry> toRun = new ArrayList<>();
	/** Inputs whose outputs are complete from an earlier run (--resume). */
	final List<Work.Entry> complete = new ArrayList<>();
	final List<String> refused = new ArrayList<>(), skipped = new ArrayList<>();

	private final AnnotateSettings settings;
	private final String out;
	private final Configuration conf;

	Planner(AnnotateSettings settings, String out, Configuration conf) {
		this.settings = settings;
		this.out = out;
		this.conf = conf;
	}

	Planner plan(List<String> inputs) throws IOException {
		List<Path> local = new ArrayList<>();
		List<Work.Entry> remote = new ArrayList<>();
		for (String in : inputs)
			if (Storage.viaHadoop(in))
				listHadoop(in, remote);
			else
				local.add(Path.of(in));
		Map<String, String> claimed = new HashMap<>();
		if (!local.isEmpty()) {
			Path outDir = Storage.viaHadoop(out) ? Path.of("/nonexistent-output-folder") : Path.of(out);
			BatchRunner.Settings s = settings.batch(outDir);
			BatchRunner.Plan p = BatchRunner.plan(local, s);
			skipped.addAll(p.skipped);
			refused.addAll(p.refused);
			for (BatchRunner.Item item : p.items) {
				List<String> names = new ArrayList<>();
				item.outputs.forEach(o -> names.add(o.getFileName().toString()));
				Work.Entry e = new Work.Entry(item.input.toAbsolutePath().normalize().toString(), item.stem, item.video, names);
				if (!claim(e, claimed))
					continue;
				if (Storage.viaHadoop(out))
					decideHadoop(e);
				else
					decideLocal(item, s, e);
			}
		}
		for (Work.Entry e : remote)
			if (claim(e, claimed))
				decideHadoop(e);
		return this;
	}

	private Work.Entry entry(String input, String stem, boolean video, Path nameOnly) {
		Path none = Path.of("");
		List<Path> outs = video ? VideoJob.outputs(none, stem, settings.annotatedVideo) : BatchRunner.imageOutputs(none, nameOnly, stem);
		List<String> names = new ArrayList<>();
		outs.forEach(o -> names.add(o.getFileName().toString()));
		return new Work.Entry(input, stem, video, names);
	}

	/** Two inputs of one run never write the same output (x.jpg in two folders, a.mp4 beside a.mov). */
	private boolean claim(Work.Entry e, Map<String, String> claimed) {
		List<String> all = new ArrayList<>(e.outputs);
		if (e.video && !settings.annotatedVideo)
			all.add(e.stem + "-annotated.mp4");
		for (String o : all)
			if (claimed.containsKey(o)) {
				refused.add(e.input + ": its output " + o + " would also be written for " + claimed.get(o)
						+ "; annotate one of them into another folder");
				return false;
			}
		all.forEach(o -> claimed.put(o, e.input));
		return true;
	}

	private void decideLocal(BatchRunner.Item item, BatchRunner.Settings s, Work.Entry e) {
		if (settings.resume && BatchRunner.complete(item)) {
			complete.add(e);
			return;
		}
		try {
			BatchRunner.refuseExisting(item, s);
			toRun.add(e);
		} catch (IllegalArgumentException x) {
			refused.add(x.getMessage());
		}
	}

	/** The rules of {@link BatchRunner#complete} and {@link BatchRunner#refuseExisting} on a Hadoop output folder. */
	private void decideHadoop(Work.Entry e) throws IOException {
		List<FileStatus> found = new ArrayList<>();
		for (String o : e.outputs) {
			FileStatus st = Storage.status(Storage.child(out, o), conf);
			if (st != null)
				found.add(st);
		}
		if (settings.resume && found.size() == e.outputs.size()) {
			long csv = found.get(0).getModificationTime();
			if (found.stream().allMatch(f -> f.getModificationTime() >= csv - 120_000)) {
				complete.add(e);
				return;
			}
		}
		String stale = e.video && !settings.annotatedVideo ? e.stem + "-annotated.mp4" : null;
		if (found.isEmpty() && stale != null && Storage.status(Storage.child(out, stale), conf) != null)
			found.add(Storage.status(Storage.child(out, stale), conf));
		if (!found.isEmpty() && !settings.overwrite && !settings.resume) {
			refused.add(e.input + ": output " + found.get(0).getPath()
					+ " exists; use --overwrite to replace it or --resume to skip finished inputs");
			return;
		}
		toRun.add(e);
	}

	private void listHadoop(String input, List<Work.Entry> entries) throws IOException {
		FileSystem fs = Storage.fs(input, conf);
		FileStatus st = Storage.status(input, conf);
		if (st == null) {
			refused.add(input + ": no such file or folder");
			return;
		}
		List<String> files = new ArrayList<>();
		if (st.isDirectory()) {
			String outPrefix = Storage.hpath(out).toString() + "/";
			RemoteIterator<LocatedFileStatus> it = fs.listFiles(st.getPath(), true);
			while (it.hasNext()) {
				LocatedFileStatus f = it.next();
				String name = f.getPath().getName();
				String full = f.getPath().toString();
				if (name.startsWith(".") || name.startsWith("_") || (full + "/").startsWith(outPrefix) || full.startsWith(outPrefix))
					continue;
				if (BatchRunner.producedHere(name))
					skipped.add(full + ": named like an output of Face Emotion (-annotated, -summary, -timeline); not an input");
				else if (accepted(name))
					files.add(full);
				else
					skipped.add(full + ": not a supported image or video file");
			}
			files.sort(null);
			if (files.isEmpty())
				skipped.add(input + ": folder holds no image or video files");
		} else if (accepted(st.getPath().getName()))
			files.add(st.getPath().toString());
		else
			refused.add(input + ": not a supported image or video file (images: png, jpg, tif, bmp; videos: mp4, mov, mkv, webm, avi, ...)");
		for (String f : files) {
			String name = new org.apache.hadoop.fs.Path(f).getName();
			int dot = name.lastIndexOf('.');
			String stem = dot <= 0 ? name : name.substring(0, dot);
			entries.add(entry(f, stem, VideoFiles.isVideo(Path.of(name)), Path.of(name)));
		}
	}

	private static boolean accepted(String name) {
		return VideoFiles.isVideo(Path.of(name)) || ImageFiles.isImage(Path.of(name));
	}

	/** Tasks: one per video; images of one folder grouped, at most {@code imagesPerTask} each. */
	List<Work.Unit> units(int imagesPerTask) {
		List<Work.Unit> units = new ArrayList<>();
		Map<String, Work.Unit> openGroup = new HashMap<>();
		for (Work.Entry e : toRun) {
			if (e.video) {
				Work.Unit u = new Work.Unit();
				u.entries.add(e);
				units.add(u);
				continue;
			}
			String folder = new org.apache.hadoop.fs.Path(Storage.uri(e.input)).getParent().toString();
			Work.Unit u = openGroup.get(folder);
			if (u == null || u.entries.size() >= imagesPerTask) {
				u = new Work.Unit();
				units.add(u);
				openGroup.put(folder, u);
			}
			u.entries.add(e);
		}
		return units;
	}
}
