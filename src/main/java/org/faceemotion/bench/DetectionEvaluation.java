package org.faceemotion.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.faceemotion.core.detect.FaceDetector;
import org.faceemotion.core.image.GrayImages;
import org.faceemotion.core.model.Face;
import org.opencv.core.Mat;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Detection recall and precision against hand-drawn boxes in dlib's imglab XML format
 * ({@code <image file=..><box top= left= width= height=/>}), with greedy one-to-one matching at
 * an IoU threshold.
 */
public final class DetectionEvaluation {
	public int truth, detected, matched;
	public double millis;
	public int images;

	public double recall() {
		return truth == 0 ? 0 : matched / (double) truth;
	}

	public double precision() {
		return detected == 0 ? 0 : matched / (double) detected;
	}

	public double msPerImage() {
		return images == 0 ? 0 : millis / images;
	}

	/** Reads all boxed images of the given XML files (paths relative to each XML's folder). */
	public static Map<Path, List<Face>> readBoxes(List<Path> xmls) throws Exception {
		Map<Path, List<Face>> out = new LinkedHashMap<>();
		for (Path xml : xmls) {
			DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
			f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
			Document doc = f.newDocumentBuilder().parse(xml.toFile());
			NodeList images = doc.getElementsByTagName("image");
			for (int i = 0; i < images.getLength(); i++) {
				Element im = (Element) images.item(i);
				List<Face> boxes = new ArrayList<>();
				NodeList bl = im.getElementsByTagName("box");
				for (int j = 0; j < bl.getLength(); j++) {
					Element b = (Element) bl.item(j);
					boxes.add(new Face(Double.parseDouble(b.getAttribute("left")), Double.parseDouble(b.getAttribute("top")),
							Double.parseDouble(b.getAttribute("width")), Double.parseDouble(b.getAttribute("height")), 1));
				}
				out.put(xml.getParent().resolve(im.getAttribute("file")), boxes);
			}
		}
		return out;
	}

	public static DetectionEvaluation run(FaceDetector detector, Map<Path, List<Face>> truth, double iou) {
		DetectionEvaluation e = new DetectionEvaluation();
		for (Map.Entry<Path, List<Face>> en : truth.entrySet()) {
			if (!Files.exists(en.getKey()))
				continue;
			Mat bgr = GrayImages.toBgr8(GrayImages.read(en.getKey()));
			detector.detect(bgr); // warm-up, so the figure is steady-state time per image
			long t0 = System.nanoTime();
			List<Face> found = detector.detect(bgr);
			e.millis += (System.nanoTime() - t0) / 1e6;
			e.images++;
			e.truth += en.getValue().size();
			e.detected += found.size();
			e.matched += matches(en.getValue(), found, iou);
		}
		return e;
	}

	/** Greedy one-to-one matching by best IoU. */
	public static int matches(List<Face> truth, List<Face> found, double iou) {
		boolean[] used = new boolean[found.size()];
		int m = 0;
		for (Face t : truth) {
			int best = -1;
			double bestIou = iou;
			for (int i = 0; i < found.size(); i++) {
				double v = t.iou(found.get(i));
				if (!used[i] && v >= bestIou) {
					best = i;
					bestIou = v;
				}
			}
			if (best >= 0) {
				used[best] = true;
				m++;
			}
		}
		return m;
	}
}
