package org.faceemotion.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.faceemotion.io.OutputLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch rules with fake stores and jobs: no model is loaded, nothing is decoded. */
class BatchPolicyTest {
	/** An output folder in memory: name -> modification time. */
	static final class FakeStore implements OutputStore {
		final Map<String, Long> files = new HashMap<>();

		@Override
		public long modified(String name) {
			return files.getOrDefault(name, -1L);
		}

		@Override
		public void delete(String name) {
			files.remove(name);
		}

		@Override
		public String where(String name) {
			return "mem:/" + name;
		}

		@Override
		public AutoCloseable lock(String stem) {
			return () -> {
			};
		}
	}

	static Item video(String stem, boolean annotated) {
		return new Item("/in/" + stem + ".mp4", stem, OutputLayout.Kind.VIDEO, annotated);
	}

	@Test
	void theLayoutNamesEveryOutputWithTheTableFirst() {
		assertEquals(List.of("v.csv", "v-summary.csv", "v-segments.csv", "v-segments.eaf", "v-segments.boris", "v-timeline.png", "v-run.json"),
				video("v", false).outputs);
		assertEquals(List.of("v.csv", "v-summary.csv", "v-segments.csv", "v-segments.eaf", "v-segments.boris", "v-timeline.png", "v-annotated.mp4",
				"v-run.json"), video("v", true).outputs);
		assertEquals(List.of("v.csv", "v-summary.csv", "v-segments.csv", "v-segments.eaf", "v-segments.boris", "v-timeline.png", "v-events.csv",
				"v-events.png", "v-run.json"), new Item("/in/v.mp4", "v", OutputLayout.Kind.VIDEO, false, true).outputs);
		assertEquals(List.of("a.b.csv", "a.b-annotated.tif", "a.b-run.json"), new Item("a.b.tif", "a.b", OutputLayout.Kind.STACK, false).outputs);
		assertEquals(List.of("p.csv", "p-annotated.png", "p-run.json"), new Item("p.jpg", "p", OutputLayout.Kind.IMAGE, true).outputs);
		assertTrue(OutputLayout.producedHere("x-annotated.png") && OutputLayout.producedHere("x-summary.csv")
				&& OutputLayout.producedHere("x-timeline.png") && OutputLayout.producedHere("x-annotated.mp4") && OutputLayout.producedHere("x-segments.csv")
				&& OutputLayout.producedHere("x-events.csv") && OutputLayout.producedHere("x-corrected.csv"));
		assertFalse(OutputLayout.producedHere("x.csv") || OutputLayout.producedHere("annotated.png"));
		assertEquals("a.b", OutputLayout.stem("a.b.tif"));
		assertEquals(".hidden", OutputLayout.stem(".hidden"));
	}

	@Test
	void resumeOverwriteAndRefusalFollowOneRule() throws IOException {
		FakeStore store = new FakeStore();
		Item v = video("v", false);
		OutputPolicy plain = new OutputPolicy(false, false, false), resume = new OutputPolicy(true, false, false),
				overwrite = new OutputPolicy(false, true, false);
		assertEquals(OutputPolicy.Verdict.RUN, plain.decide(v, store).verdict, "nothing there: run");
		assertEquals(OutputPolicy.Verdict.RUN, resume.decide(v, store).verdict);

		long t = 1_000_000_000L;
		store.files.put("v.csv", t);
		store.files.put("v-summary.csv", t + 1000);
		OutputPolicy.Decision d = plain.decide(v, store);
		assertEquals(OutputPolicy.Verdict.REFUSED, d.verdict, "an earlier output is never overwritten silently");
		assertTrue(d.message.contains("mem:/v.csv") && d.message.contains("--overwrite") && d.message.contains("--resume"), d.message);
		assertEquals(OutputPolicy.Verdict.RUN, resume.decide(v, store).verdict, "incomplete: redone");
		assertEquals(OutputPolicy.Verdict.RUN, overwrite.decide(v, store).verdict);

		store.files.put("v-timeline.png", t - 5_000);
		store.files.put("v-run.json", t + 2000);
		assertEquals(OutputPolicy.Verdict.RUN, resume.decide(v, store).verdict, "the segments are missing: incomplete");
		for (String s : new String[] { "v-segments.csv", "v-segments.eaf", "v-segments.boris" })
			store.files.put(s, t + 1500);
		assertEquals(OutputPolicy.Verdict.COMPLETE, resume.decide(v, store).verdict, "all there within moments of each other");
		store.files.put("v-timeline.png", t - OutputPolicy.SAME_RUN_MS - 1);
		assertEquals(OutputPolicy.Verdict.RUN, resume.decide(v, store).verdict, "an output of another, earlier run: incomplete");

		// an annotated video that this run does not write is refused too, and removed before a run
		FakeStore other = new FakeStore();
		other.files.put("w-annotated.mp4", t);
		assertEquals(OutputPolicy.Verdict.REFUSED, plain.decide(video("w", false), other).verdict);
		overwrite.removeStale(video("w", false), other);
		assertFalse(other.files.containsKey("w-annotated.mp4"));
		other.files.put("w-annotated.mp4", t);
		new OutputPolicy(false, true, true).removeStale(video("w", true), other);
		assertTrue(other.files.containsKey("w-annotated.mp4"), "asked for now: kept until replaced");

		assertThrows(IllegalArgumentException.class, () -> new OutputPolicy(true, true, false));
	}

	@Test
	void thePlanClaimsEachOutputOnceAndLeavesOutWhatIsNoInput(@TempDir Path tmp) throws IOException {
		Path in = Files.createDirectories(tmp.resolve("in"));
		Files.write(in.resolve("a.mov"), new byte[] { 1 });
		Files.write(in.resolve("a.mp4"), new byte[] { 1 });
		Files.write(in.resolve("b-annotated.png"), new byte[] { 1 });
		Files.write(in.resolve("notes.txt"), new byte[] { 1 });
		Files.write(in.resolve("c.png"), new byte[] { (byte) 0x89, 'P', 'N', 'G' });
		Path out = Files.createDirectories(in.resolve("out"));
		Files.write(out.resolve("d.png"), new byte[] { (byte) 0x89, 'P', 'N', 'G' });
		BatchPlan plan = BatchPlan.local(List.of(in, tmp.resolve("missing.mp4"), in.resolve("notes.txt")), out,
				BatchPlan.Kinds.IMAGES_AND_VIDEOS, false);
		List<String> inputs = new ArrayList<>();
		plan.items.forEach(i -> inputs.add(Path.of(i.input).getFileName().toString()));
		assertEquals(List.of("a.mov", "c.png"), inputs, "name order; the output folder is never walked");
		String refused = String.join("\n", plan.refused), skipped = String.join("\n", plan.skipped);
		assertTrue(refused.contains("a.mp4: its output a.csv would also be written for " + in.resolve("a.mov")), refused);
		assertTrue(refused.contains("missing.mp4: no such file or folder"), refused);
		assertTrue(refused.contains("notes.txt: not a supported image or video file (images: png, jpg, jpeg, tif, tiff, bmp, gif, pgm"), refused);
		assertTrue(skipped.contains("b-annotated.png: named like an output"), skipped);
		assertTrue(skipped.contains("notes.txt: not a supported"), skipped);

		BatchPlan videos = BatchPlan.local(List.of(in), out, BatchPlan.Kinds.VIDEOS, false);
		assertEquals(1, videos.items.size());
		assertTrue(String.join("\n", videos.skipped).contains("c.png: not a supported video file (videos: mp4"), videos.skipped.toString());
	}

	@Test
	void theRunnerGoesOnPastAFailureKeepsOrderAndReportsEveryInput(@TempDir Path tmp) throws IOException {
		Path in = Files.createDirectories(tmp.resolve("in"));
		for (String n : List.of("1.mp4", "2.mp4", "3.mp4"))
			Files.write(in.resolve(n), new byte[] { 1 });
		Path out = tmp.resolve("out");
		BatchPlan plan = BatchPlan.local(List.of(in), out, BatchPlan.Kinds.VIDEOS, false);
		LocalStore store = LocalStore.prepare(out);
		List<String> ran = new ArrayList<>(), lines = new ArrayList<>(), errors = new ArrayList<>();
		List<Double> progress = new ArrayList<>();
		BatchRunner.InputJob job = (item, input, dir, log) -> {
			ran.add(item.stem);
			log.progress(0.5);
			if (item.stem.equals("2"))
				throw new IOException("No space left on device");
			for (String o : item.outputs)
				Files.write(dir.resolve(o), new byte[] { 1 });
			return item.stem + " done";
		};
		BatchReport r = BatchRunner.run(plan, new OutputPolicy(false, false, false), store, job, () -> false,
				Logger.of(lines::add, errors::add, progress::add));
		assertEquals(List.of("1", "2", "3"), ran);
		assertEquals(2, r.done.size());
		assertEquals(1, r.failed.size());
		assertTrue(r.failed.get(0).contains("2.mp4") && r.failed.get(0).contains("no space left on the device"), r.failed.get(0));
		assertTrue(errors.stream().anyMatch(e -> e.startsWith("  failed: ") && e.contains("2.mp4")), errors.toString());
		assertEquals(1.0 / 6, progress.get(0), 1e-9, "half of the first of three inputs");
		assertEquals(1.0, progress.get(progress.size() - 1), 1e-9);
		assertEquals("2 of 3 input(s) annotated into " + out, r.summary(out.toString()));

		// again with resume: the finished ones are complete, the failed one runs; without flags every one is refused
		ran.clear();
		BatchReport again = BatchRunner.run(plan, new OutputPolicy(true, false, false), store, job, () -> false, Logger.NONE);
		assertEquals(List.of("2"), ran);
		assertEquals(2, again.complete.size());
		ran.clear();
		BatchReport refused = BatchRunner.run(plan, new OutputPolicy(false, false, false), store, job, () -> false, Logger.NONE);
		assertEquals(List.of("2"), ran, "only the input without outputs runs");
		assertEquals(3, refused.failed.size(), "two refused, one failed again");

		// cancelled: nothing more starts
		ran.clear();
		BatchRunner.run(plan, new OutputPolicy(false, true, false), store, job, () -> true, Logger.NONE);
		assertEquals(List.of(), ran);

		// another run holding an input's lock: that input fails, the rest go on
		ran.clear();
		try (AutoCloseable held = store.lock("1")) {
			BatchReport locked = BatchRunner.run(plan, new OutputPolicy(false, true, false), store, job, () -> false, Logger.NONE);
			assertTrue(locked.failed.stream().anyMatch(m -> m.contains("another run is writing")), locked.failed.toString());
			assertEquals(List.of("2", "3"), ran);
		} catch (Exception e) {
			throw new AssertionError(e);
		}
	}

	@Test
	void severalInputsRunAtOnceOnePerLaneAndTheReportKeepsPlanOrder(@TempDir Path tmp) throws IOException {
		Path in = Files.createDirectories(tmp.resolve("in"));
		for (String n : List.of("1.mp4", "2.mp4", "3.mp4", "4.mp4", "5.mp4"))
			Files.write(in.resolve(n), new byte[] { 1 });
		Path out = tmp.resolve("out");
		BatchPlan plan = BatchPlan.local(List.of(in), out, BatchPlan.Kinds.VIDEOS, false);
		LocalStore store = LocalStore.prepare(out);
		// the first two inputs wait for each other: they pass only if they run at the same time
		java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
		java.util.concurrent.atomic.AtomicIntegerArray busy = new java.util.concurrent.atomic.AtomicIntegerArray(2);
		List<String> ran = java.util.Collections.synchronizedList(new ArrayList<>());
		List<BatchRunner.InputJob> lanes = new ArrayList<>();
		for (int l = 0; l < 2; l++) {
			int lane = l;
			lanes.add((item, input, dir, log) -> {
				if (busy.incrementAndGet(lane) != 1)
					throw new AssertionError("lane " + lane + " runs two inputs at once");
				try {
					ran.add(item.stem);
					if (item.stem.equals("1") || item.stem.equals("2"))
						together.await(20, java.util.concurrent.TimeUnit.SECONDS);
					log.log("  working");
					log.progress(0.5);
					if (item.stem.equals("3"))
						throw new IOException("No space left on device");
					for (String o : item.outputs)
						Files.write(dir.resolve(o), new byte[] { 1 });
					return item.stem + " done";
				} finally {
					busy.decrementAndGet(lane);
				}
			});
		}
		List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>()), errors = java.util.Collections.synchronizedList(new ArrayList<>());
		List<Double> progress = java.util.Collections.synchronizedList(new ArrayList<>());
		BatchReport r = BatchRunner.run(plan, new OutputPolicy(false, false, false), store, lanes, () -> false,
				Logger.of(lines::add, errors::add, progress::add));
		assertEquals(5, ran.size(), ran.toString());
		assertEquals(List.of("1", "2", "4", "5"), r.done.stream().map(i -> i.stem).collect(java.util.stream.Collectors.toList()), "plan order");
		assertEquals(1, r.failed.size());
		assertTrue(r.failed.get(0).contains("3.mp4") && r.failed.get(0).contains("no space left on the device"), r.failed.get(0));
		assertTrue(errors.stream().anyMatch(e -> e.startsWith("[3/5] failed: ")), errors.toString());
		assertTrue(lines.contains("[2/5] working"), "an input's own lines carry its number: " + lines);
		assertTrue(lines.contains("[4/5] 4 done"), lines.toString());
		assertEquals(1.0, progress.get(progress.size() - 1), 1e-9);
		for (double p : progress)
			assertTrue(p >= 0 && p <= 1, "progress " + p);
		// resume with two lanes: the failed one alone runs again
		ran.clear();
		BatchReport again = BatchRunner.run(plan, new OutputPolicy(true, false, false), store, lanes.subList(0, 1), () -> false, Logger.NONE);
		assertEquals(List.of("3"), ran);
		assertEquals(4, again.complete.size());
	}
}
