// Run by FijiDistributionIT as a single-file program on the class path of a Fiji-like jars/
// folder with target/fiji laid over it (java -cp "jars/*:jars/linux64/*" FijiCheck.java ...):
// finds the Face Emotion commands through the SciJava annotation index and runs each of them
// headless, printing one "check NAME: ..." line per result and exiting 1 on the first failure.

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.ResultsTable;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

public class FijiCheck {
	public static void main(String[] args) throws Exception {
		Path photo = Path.of(args[0]), video = Path.of(args[1]), out = Path.of(args[2]);
		try (Context context = new Context()) {
			CommandService cs = context.service(CommandService.class);
			Map<String, CommandInfo> commands = new TreeMap<>();
			for (CommandInfo info : cs.getCommands())
				if (info.getMenuPath() != null && info.getMenuPath().size() == 3 && info.getMenuPath().get(0).getName().equals("Plugins")
						&& info.getMenuPath().get(1).getName().equals("Face Emotion"))
					commands.put(info.getMenuPath().getLeaf().getName(), info);
			System.out.println("check commands: " + commands.keySet());
			require(commands.keySet().containsAll(java.util.List.of("Annotate Faces", "Annotate Videos...", "Open Video as Stack...", "Live")),
					"four commands in the index");

			ImagePlus imp = IJ.openImage(photo.toString());
			CommandModule m = cs.run(commands.get("Annotate Faces"), true, "imp", imp, "detector", "blazeface-full", "score_threshold", 0.5,
					"min_face_size", 12.0, "test_time_augmentation", false, "add_to_roi_manager", false).get();
			ResultsTable rt = (ResultsTable) m.getOutput("results");
			System.out.println("check annotate-photo: " + rt.size() + " faces, overlay " + imp.getOverlay().size());
			require(rt.size() > 0 && imp.getOverlay().size() == rt.size(), "faces found in the photo");

			m = cs.run(commands.get("Open Video as Stack..."), true, "video", video.toFile(), "max_memory_mb", 2048).get();
			ImagePlus stack = (ImagePlus) m.getOutput("stack");
			require(stack != null, "Open Video as Stack gave an image");
			System.out.println("check open-video: " + stack.getNFrames() + " frames, interval " + stack.getCalibration().frameInterval);
			require(stack.getNFrames() > 100, "video frames");
			m = cs.run(commands.get("Annotate Faces"), true, "imp", stack, "detector", "blazeface-full", "score_threshold", 0.5,
					"min_face_size", 12.0, "test_time_augmentation", false, "add_to_roi_manager", false).get();
			rt = (ResultsTable) m.getOutput("results");
			ResultsTable summary = (ResultsTable) m.getOutput("summary");
			ImagePlus timeline = (ImagePlus) m.getOutput("timeline");
			System.out.println("check annotate-stack: " + rt.size() + " faces, " + (summary == null ? -1 : summary.size())
					+ " face ids, timeline " + (timeline == null ? null : timeline.getWidth() + "x" + timeline.getHeight()));
			require(rt.size() > stack.getNFrames() / 2 && summary != null && summary.size() > 0 && timeline != null, "stack results");

			if (args.length > 3) { // stored sideways with a rotation tag: read through Fiji's JavaCV 1.5.10
				m = cs.run(commands.get("Open Video as Stack..."), true, "video", new File(args[3]), "max_memory_mb", 2048).get();
				ImagePlus sideways = (ImagePlus) m.getOutput("stack");
				System.out.println("check rotated-video: " + sideways.getWidth() + "x" + sideways.getHeight());
				require(sideways.getWidth() == 640 && sideways.getHeight() == 360, "a rotated video opens upright");
			}

			Path videos = out.resolve("videos");
			m = cs.run(commands.get("Annotate Videos..."), true, "input", new File[] { video.toFile() }, "output_folder", videos.toFile(),
					"detector", "blazeface-full", "score_threshold", 0.5, "every", 1, "annotated_video", true, "resume", true).get();
			String stem = video.getFileName().toString().replaceFirst("\\.[^.]+$", "");
			long rows = Files.lines(videos.resolve(stem + ".csv")).count() - 1;
			long mp4 = Files.size(videos.resolve(stem + "-annotated.mp4"));
			System.out.println("check annotate-videos: " + rows + " rows, annotated mp4 " + mp4 + " bytes, summary "
					+ Files.exists(videos.resolve(stem + "-summary.csv")) + ", timeline " + Files.exists(videos.resolve(stem + "-timeline.png")));
			require(rows > 100 && mp4 > 10_000, "video outputs");
			String run = Files.readString(videos.resolve(stem + "-run.json"));
			System.out.println("check runtime: " + run.replaceAll("(?s).*\"runtime\": \"([^\"]*)\".*", "$1"));
			require(run.contains("\"runtime\": \"ONNX Runtime"), "ONNX Runtime loads from the split jars (runtime in -run.json)");

			m = cs.run(commands.get("Live"), true, "camera", -1, "video_file", video.toFile(), "detector", "blazeface-full", "max_frames", 60L).get();
			ResultsTable live = (ResultsTable) m.getOutput("results");
			require(live != null, "Live headless gave a table (canceled: " + m.getCancelReason() + ")");
			int frameCol = live.getColumnIndex("frame");
			long frames = java.util.stream.IntStream.range(0, live.size()).mapToDouble(r -> live.getValueAsDouble(frameCol, r)).distinct().count();
			System.out.println("check live-headless: " + live.size() + " faces in " + frames + " frames");
			require(live.size() > 30 && frames <= 60, "live results");
		}
		System.out.println("check all: passed");
		System.exit(0);
	}

	static void require(boolean ok, String what) {
		if (!ok) {
			System.out.println("check FAILED: " + what);
			System.exit(1);
		}
	}
}
