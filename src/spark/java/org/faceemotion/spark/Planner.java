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
import org.faceemotion.batch.AnnotateOptions;
import org.faceemotion.batch.BatchPlan;
import org.faceemotion.batch.Item;
import org.faceemotion.batch.LocalStore;
import org.faceemotion.batch.OutputPolicy;
import org.faceemotion.batch.OutputStore;

/**
 * The driver's plan: the batch's own listing and rules ({@link BatchPlan}, {@link OutputPolicy}),
 * with inputs on Hadoop file systems listed through Hadoop and an output folder there judged
 * through {@link HadoopStore}.
 */
final class Planner {
	final List<Item> toRun = new ArrayList<>();
	/** Inputs whose outputs are complete from an earlier run (--resume). */
	final List<Item> complete = new ArrayList<>();
	final List<String> refused = new ArrayList<>(), skipped = new ArrayList<>();

	private final AnnotateOptions options;
	private final String out;
	private final Configuration conf;

	Planner(AnnotateOptions options, String out, Configuration conf) {
		this.options = options;
		this.out = out;
		this.conf = conf;
	}

	Planner plan(List<String> inputs) throws IOException {
		BatchPlan plan = new BatchPlan(BatchPlan.Kinds.IMAGES_AND_VIDEOS, options.annotatedVideo, options.events != null);
		List<Path> local = new ArrayList<>();
		for (String in : inputs)
			if (!Storage.viaHadoop(in))
				local.add(Path.of(in).toAbsolutePath().normalize()); // executors read it by this name
		plan.addLocal(local, Storage.viaHadoop(out) ? null : Path.of(out));
		for (String in : inputs)
			if (Storage.viaHadoop(in))
				listHadoop(in, plan);
		skipped.addAll(plan.skipped);
		refused.addAll(plan.refused);
		OutputStore store = Storage.viaHadoop(out) ? new HadoopStore(out, conf) : new LocalStore(Path.of(out));
		OutputPolicy policy = options.policy();
		for (Item item : plan.items) {
			OutputPolicy.Decision d = policy.decide(item, store);
			if (d.verdict == OutputPolicy.Verdict.COMPLETE)
				complete.add(item);
			else if (d.verdict == OutputPolicy.Verdict.REFUSED)
				refused.add(d.message);
			else
				toRun.add(item);
		}
		return this;
	}

	private void listHadoop(String input, BatchPlan plan) throws IOException {
		FileSystem fs = Storage.fs(input, conf);
		FileStatus st = Storage.status(input, conf);
		if (st == null) {
			plan.refused.add(input + ": no such file or folder");
			return;
		}
		if (!st.isDirectory()) {
			plan.addNamed(st.getPath().toString(), st.getPath().getName(), null);
			return;
		}
		List<org.apache.hadoop.fs.Path> files = new ArrayList<>();
		String outPrefix = Storage.hpath(out).toString() + "/";
		RemoteIterator<LocatedFileStatus> it = fs.listFiles(st.getPath(), true);
		while (it.hasNext()) {
			org.apache.hadoop.fs.Path f = it.next().getPath();
			String name = f.getName(), full = f.toString();
			if (name.startsWith(".") || name.startsWith("_") || (full + "/").startsWith(outPrefix))
				continue;
			if (plan.found(full, name, null))
				files.add(f);
		}
		files.sort(null);
		plan.folderDone(input, files.size());
		for (org.apache.hadoop.fs.Path f : files)
			plan.add(f.toString(), f.getName(), null);
	}

	/** Tasks: one per video; images of one folder grouped, at most {@code imagesPerTask} each. */
	List<Work.Unit> units(int imagesPerTask) {
		List<Work.Unit> units = new ArrayList<>();
		Map<String, Work.Unit> openGroup = new HashMap<>();
		for (Item e : toRun) {
			if (e.video()) {
				Work.Unit u = new Work.Unit();
				u.items.add(e);
				units.add(u);
				continue;
			}
			String folder = new org.apache.hadoop.fs.Path(Storage.uri(e.input)).getParent().toString();
			Work.Unit u = openGroup.get(folder);
			if (u == null || u.items.size() >= imagesPerTask) {
				u = new Work.Unit();
				units.add(u);
				openGroup.put(folder, u);
			}
			u.items.add(e);
		}
		return units;
	}
}
