package org.faceemotion.imagej;

import java.awt.Button;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Color;
import java.awt.Font;
import java.awt.Label;
import java.awt.Panel;
import java.awt.event.KeyAdapter;
import java.awt.event.KeyEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import javax.swing.SwingUtilities;
import javax.swing.Timer;

import ij.ImagePlus;
import ij.gui.ImageWindow;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.process.ColorProcessor;

import org.faceemotion.core.model.Emotion;
import org.faceemotion.core.model.FaceResult;
import org.faceemotion.core.model.FrameResult;
import org.faceemotion.core.pipeline.EngineConfig;
import org.faceemotion.core.pipeline.FaceEngine;
import org.faceemotion.core.pipeline.LivePipeline;
import org.faceemotion.core.pipeline.ResultsCsv;
import org.faceemotion.core.pipeline.FrameSource;

/**
 * The live view: an ImageJ window updated in place at display rate with the newest captured frame
 * and the newest results (boxes coloured per emotion, id, label, confidence, a bar chart of the
 * seven probabilities of the largest face, and the measured fps). The display never waits on
 * inference. Controls: record the results table (and optionally the frames), snapshot, detector,
 * stop; closing the window or Esc also stops, and stopping always releases the source and keeps
 * what was recorded.
 */
public final class LiveWindow {
	private final FrameSource source;
	private final Path recordFile;
	private final AtomicReference<int[]> latestPixels = new AtomicReference<>();
	private final AtomicReference<LivePipeline.Update> latestResult = new AtomicReference<>();
	private final AtomicReference<int[]> resultPixels = new AtomicReference<>();
	private long lastResultShown;
	private volatile long lastResultAt;
	private static final long STALE_NANOS = 150_000_000L;
	private volatile FrameResult shownResult;
	private volatile double shownFps;
	private final int width, height;
	private LivePipeline pipeline;
	/** The window's one engine, from the pool every front door takes its engines from (one worker: OpenCV's threads untouched). */
	private final org.faceemotion.core.pipeline.EnginePool engines;
	private final FaceEngine engine;
	private ImagePlus imp;
	private Timer timer;
	private Writer recordWriter;
	private ResultsCsv recordCsv;
	private volatile FrameRecorder recordedFrames;
	private Checkbox recordFramesBox;
	private Button recordButton;
	private Label status;
	private int snapshots;
	private volatile boolean stopped;

	public LiveWindow(FrameSource source, EngineConfig config, Path recordFile, int width, int height) {
		this.source = source;
		this.recordFile = recordFile;
		this.width = width;
		this.height = height;
		this.engines = new org.faceemotion.core.pipeline.EnginePool(config, 1);
		this.engine = engines.primary();
	}

	public ImagePlus image() {
		return imp;
	}

	public LivePipeline pipeline() {
		return pipeline;
	}

	private int detectEvery = LivePipeline.DEFAULT_DETECT_EVERY;

	/** Key-frame detection (see {@link LivePipeline#setDetectEvery}); before {@link #open()}. */
	public void setDetectEvery(int n) {
		detectEvery = LivePipeline.checkDetectEvery(n);
	}

	/** Opens the window and starts capture and inference; returns at once. */
	public void open() throws Exception {
		SwingUtilities.invokeAndWait(this::build);
		pipeline = new LivePipeline(source, engine, true);
		pipeline.setDetectEvery(detectEvery);
		// the frame a result belongs to travels with it, so boxes sit on the faces; raw captured
		// frames are shown only when inference falls behind (a slow detector), so the view stays live
		pipeline.start(f -> {
			if (System.nanoTime() - lastResultAt > STALE_NANOS) // converted only when inference lags
				latestPixels.set((int[]) VideoStacks.toProcessor(f.bgr).getPixels());
		}, u -> {
			resultPixels.set((int[]) VideoStacks.toProcessor(u.frame.bgr).getPixels());
			latestResult.set(u);
			lastResultAt = System.nanoTime();
		});
		if (recordFile != null)
			startRecording(recordFile);
	}

	/** ImageJ sizes the window by the image: widen it when the controls need more room than a small video gives. */
	private static void ensureWideEnough(ImageWindow win, Panel controls) {
		int need = controls.getPreferredSize().width + win.getInsets().left + win.getInsets().right + 10;
		if (win.getWidth() < need)
			win.setSize(need, win.getHeight());
	}

	private void build() {
		imp = new ImagePlus("Face Emotion Live: " + source.describe(), new ColorProcessor(width, height));
		imp.show();
		ImageWindow win = imp.getWindow();
		Panel controls = new Panel();
		recordButton = new Button("Stop recording"); // sized for its longer label below
		recordButton.addActionListener(e -> toggleRecording());
		recordFramesBox = new Checkbox("frames too", false);
		Button snapshot = new Button("Snapshot");
		snapshot.addActionListener(e -> snapshot());
		Choice detector = new Choice();
		for (String id : org.faceemotion.core.detect.DetectorKind.ids())
			detector.add(id);
		detector.select(engine.config().detector.id);
		detector.addItemListener(e -> switchDetector(detector.getSelectedItem()));
		Button stop = new Button("Stop");
		stop.addActionListener(e -> stop());
		// two rows, so that neither the buttons nor the status line are cut off on a narrow video;
		// the status label is sized for its longest text before packing
		status = new Label("recording to face-emotion-live-20260101-000000.csv: 000.0 fps, 00 faces");
		Panel buttons = new Panel(new java.awt.FlowLayout(java.awt.FlowLayout.LEFT, 4, 2));
		buttons.add(recordButton);
		buttons.add(recordFramesBox);
		buttons.add(snapshot);
		buttons.add(detector);
		buttons.add(stop);
		Panel statusRow = new Panel(new java.awt.BorderLayout());
		statusRow.add(status, java.awt.BorderLayout.CENTER);
		controls.setLayout(new java.awt.GridLayout(2, 1));
		controls.add(buttons);
		controls.add(statusRow);
		win.add(controls);
		win.pack();
		recordButton.setPreferredSize(recordButton.getPreferredSize());
		recordButton.setLabel("Record");
		status.setText("starting...");
		ensureWideEnough(win, controls);
		win.addWindowListener(new WindowAdapter() {
			@Override
			public void windowClosing(WindowEvent e) {
				stop();
			}

			@Override
			public void windowClosed(WindowEvent e) {
				stop();
			}
		});
		KeyAdapter esc = new KeyAdapter() {
			@Override
			public void keyPressed(KeyEvent e) {
				if (e.getKeyCode() == KeyEvent.VK_ESCAPE)
					stop();
			}
		};
		win.addKeyListener(esc);
		imp.getCanvas().addKeyListener(esc);
		timer = new Timer(33, e -> refresh());
		timer.start();
	}

	/** One display tick on the event thread: newest pixels, newest results. */
	void refresh() {
		if (stopped)
			return;
		int[] captured = latestPixels.getAndSet(null);
		LivePipeline.Update u = latestResult.getAndSet(null);
		int[] px = null;
		long now = System.nanoTime();
		if (u != null) {
			px = resultPixels.getAndSet(null);
			lastResultShown = now;
		} else if (captured != null && now - lastResultShown > STALE_NANOS) {
			px = captured;
		}
		if (u != null) {
			shownResult = u.result;
			shownFps = u.fps;
			FrameRecorder frames = recordedFrames;
			if (frames != null && recordFramesBox.getState())
				frames.add(px != null ? px : (int[]) imp.getProcessor().getPixels(), u.frame.timeSec);
		}
		if (px != null && px.length == width * height)
			imp.getProcessor().setPixels(px);
		imp.setOverlay(overlay(shownResult, shownFps));
		imp.updateAndDraw();
		if (pipeline != null) {
			status.setText(String.format(Locale.ROOT, "%.1f fps%s", pipeline.fps(), recordCsv != null ? "  recording" : ""));
			if (!pipeline.isRunning() && pipeline.error() != null)
				status.setText("stopped: " + pipeline.error());
		}
	}

	static Overlay overlay(FrameResult r, double fps) {
		Overlay ov = new Overlay();
		Font font = new Font(Font.SANS_SERIF, Font.BOLD, 14);
		FaceResult largest = null;
		if (r != null) {
			for (FaceResult f : r.faces) {
				Color c = ImageAnnotation.color(f.smoothedEmotion());
				Roi box = new Roi(f.box.x, f.box.y, f.box.width, f.box.height);
				box.setStrokeColor(c);
				box.setStrokeWidth(2);
				box.setName(ImageAnnotation.roiName(f));
				ov.add(box);
				TextRoi label = new TextRoi(f.box.x, Math.max(0, f.box.y - 18), ImageAnnotation.roiName(f), font);
				label.setStrokeColor(c);
				label.setFillColor(new Color(0, 0, 0, 140));
				ov.add(label);
				if (largest == null || f.box.area() > largest.box.area())
					largest = f;
			}
		}
		if (largest != null) {
			int x0 = 8, y0 = 30, barW = 120;
			for (Emotion e : Emotion.values()) {
				double p = largest.smoothed[e.ordinal()];
				Roi bar = new Roi(x0 + 62, y0 + e.ordinal() * 14, Math.max(1, p * barW), 11);
				bar.setFillColor(ImageAnnotation.color(e));
				ov.add(bar);
				TextRoi name = new TextRoi(x0, y0 + e.ordinal() * 14 - 2, e.label(), new Font(Font.SANS_SERIF, Font.PLAIN, 11));
				name.setStrokeColor(Color.WHITE);
				ov.add(name);
			}
		}
		TextRoi fpsText = new TextRoi(8, 6, String.format(Locale.ROOT, "%.1f fps", fps), font);
		fpsText.setStrokeColor(Color.WHITE);
		fpsText.setFillColor(new Color(0, 0, 0, 140));
		ov.add(fpsText);
		return ov;
	}

	private synchronized void toggleRecording() {
		if (recordCsv != null) {
			stopRecording();
			return;
		}
		String stamp = new java.text.SimpleDateFormat("yyyyMMdd-HHmmss").format(new java.util.Date());
		startRecording(Path.of(System.getProperty("user.home"), "face-emotion-live-" + stamp + ".csv"));
	}

	/** The "frames too" box: recordings also keep the frames (as JPEG files beside the CSV). */
	public void setRecordFrames(boolean on) {
		if (recordFramesBox != null)
			recordFramesBox.setState(on);
	}

	/** Results of every processed frame go to {@code file} (never replacing an existing file). */
	public synchronized void startRecording(Path file) {
		try {
			if (Files.exists(file))
				throw new IOException(file + " exists; not overwritten");
			recordWriter = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
			recordCsv = new ResultsCsv(recordWriter);
			pipeline.record(recordCsv);
			String name = file.getFileName().toString().replaceFirst("\\.csv$", "");
			recordedFrames = new FrameRecorder(file.resolveSibling(name + "-frames"), width, height);
			if (recordButton != null)
				recordButton.setLabel("Stop recording");
			ij.IJ.log("Face Emotion Live: recording to " + file);
		} catch (IOException e) {
			ij.IJ.log("Face Emotion Live: cannot record: " + e.getMessage());
		}
	}

	public synchronized void stopRecording() {
		if (recordCsv == null)
			return;
		try {
			pipeline.record(null);
			recordCsv.close();
		} catch (IOException e) {
			ij.IJ.log("Face Emotion Live: recording: " + e.getMessage());
		}
		recordCsv = null;
		if (recordButton != null)
			recordButton.setLabel("Record");
		FrameRecorder frames = recordedFrames;
		recordedFrames = null;
		if (frames != null) {
			ij.IJ.log("Face Emotion Live: recorded " + frames.stop());
			ImagePlus stack = frames.open();
			if (stack != null) {
				stack.setTitle("Face Emotion Live recording");
				stack.show();
			}
		}
	}

	/** The current annotated frame as a new image. */
	public ImagePlus snapshot() {
		ImagePlus snap = imp.flatten();
		snap.setTitle("Face Emotion snapshot " + (++snapshots));
		snap.show();
		return snap;
	}

	/** The same engine with another detector: face ids and smoothing go on, and nothing is closed while inference uses it. */
	private void switchDetector(String id) {
		engine.switchDetector(org.faceemotion.core.detect.DetectorKind.parse(id));
	}

	/** Stops capture and inference, releases the source, keeps what was recorded; safe to call more than once. */
	public void stop() {
		if (stopped)
			return;
		stopped = true;
		if (timer != null)
			timer.stop();
		if (pipeline != null)
			pipeline.stop();
		stopRecording();
		engines.close();
		if (status != null)
			status.setText("stopped");
	}

	public boolean isStopped() {
		return stopped;
	}
}
