package org.faceemotion.core.pipeline;

import java.util.ArrayList;
import java.util.List;

import org.faceemotion.core.image.OpenCv;
import org.opencv.core.Core;

/**
 * The engines of a run: one per analysis worker, each with its own detector and classifier
 * (neither is thread-safe), made when first asked for and kept, so that a batch loads its models
 * once per worker, not once per input. The first engine also tracks (ids in frame order). The
 * front doors take their engines here: the command line, Fiji's Annotate Faces and Annotate
 * Videos, headless live, Fiji's live window and the Spark job. A batch of videos splits them among the videos that run at once ({@link #lanes}).
 *
 * OpenCV's thread pool is per process: with several workers each engine runs single-threaded
 * (one core per worker instead of all workers fighting over every core, BENCHMARKS.md); a single
 * engine keeps OpenCV's own threads. The pool sets this once, when it is made, and gives the
 * earlier setting back when it is closed (Fiji runs other commands in the same process).
 */
public final class EnginePool implements AutoCloseable {
	private final EngineConfig config;
	private final List<FaceEngine> engines = new ArrayList<>();
	private final boolean grows;
	private final int workers;
	/** OpenCV's thread count before this pool set it (restored on close, so Fiji's next command gets it back); -1 if untouched. */
	private int opencvThreadsBefore = -1;
	/** A lane of another pool ({@link #lanes}): its engines are that pool's to close. */
	private boolean view;

	/** A pool for {@code workers} analysis workers (at least 1) with these settings. */
	public EnginePool(EngineConfig config, int workers) {
		if (workers < 1)
			throw new IllegalArgumentException("workers must be at least 1, not " + workers);
		this.config = config.copy().check();
		this.workers = workers;
		this.grows = true;
		if (workers > 1) {
			OpenCv.load();
			opencvThreadsBefore = Core.getNumThreads();
			Core.setNumThreads(1);
		}
	}

	private EnginePool(List<FaceEngine> given) {
		if (given.isEmpty())
			throw new IllegalArgumentException("a pool needs at least one engine");
		this.config = given.get(0).config();
		this.workers = given.size();
		this.grows = false;
		engines.addAll(given);
	}

	/** A pool of engines made elsewhere (tests with fake parts, the Spark job's engines of one task); closing it closes them. */
	public static EnginePool of(List<FaceEngine> engines) {
		return new EnginePool(new ArrayList<>(engines));
	}

	/** The workers this pool serves. */
	public int workers() {
		return workers;
	}

	public EngineConfig config() {
		return config.copy();
	}

	/** The first engine: it analyses too, and tracks. */
	public FaceEngine primary() {
		return engines(1).get(0);
	}

	/** The first {@code n} engines (at most {@link #workers()}), made as needed. */
	public synchronized List<FaceEngine> engines(int n) {
		int want = Math.max(1, Math.min(n, workers));
		while (grows && engines.size() < want)
			engines.add(new FaceEngine(config));
		return new ArrayList<>(engines.subList(0, Math.min(want, engines.size())));
	}

	/**
	 * The engines split among {@code k} videos that run at once (at most {@link #workers()}): k pools
	 * over disjoint engines, as equal in size as they divide (the first ones get the remainder), each
	 * with its own first engine that tracks its video. All engines are made now. The lane pools are
	 * views: closing this pool closes their engines; closing a view does nothing.
	 */
	public List<EnginePool> lanes(int k) {
		int n = Math.max(1, Math.min(k, workers));
		if (n == 1)
			return List.of(this);
		List<FaceEngine> all = engines(workers);
		List<EnginePool> lanes = new ArrayList<>();
		int from = 0;
		for (int i = 0; i < n; i++) {
			int size = all.size() / n + (i < all.size() % n ? 1 : 0);
			EnginePool view = new EnginePool(all.subList(from, from + size));
			view.view = true;
			lanes.add(view);
			from += size;
		}
		return lanes;
	}

	/**
	 * Before a batch of videos: the other workers' engines load and warm up on threads of their own
	 * while the first warms up here, so they are ready when the first video starts.
	 */
	public void readyForVideo() {
		FaceEngine first = primary();
		List<Thread> loading = new ArrayList<>();
		for (int k = 1; k < workers && grows; k++) {
			Thread t = new Thread(() -> {
				FaceEngine e;
				synchronized (this) {
					if (engines.size() >= workers)
						return; // made already by a pipeline that did not wait
					e = new FaceEngine(config);
					engines.add(e);
				}
				e.warmUp(FaceEngine.WARM_UP_PASSES);
			}, "engine-load-" + k);
			t.setDaemon(true);
			t.start();
			loading.add(t);
		}
		first.warmUp(FaceEngine.WARM_UP_PASSES);
	}

	@Override
	public synchronized void close() {
		if (view)
			return;
		RuntimeException first = null;
		for (FaceEngine e : engines)
			try {
				e.close();
			} catch (RuntimeException x) {
				if (first == null)
					first = x;
			}
		engines.clear();
		if (opencvThreadsBefore > 0)
			Core.setNumThreads(opencvThreadsBefore);
		opencvThreadsBefore = -1;
		if (first != null)
			throw first;
	}
}
