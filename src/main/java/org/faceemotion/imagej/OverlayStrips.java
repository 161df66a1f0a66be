package org.faceemotion.imagej;

import java.awt.Graphics2D;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;
import java.awt.image.RenderedImage;
import java.awt.image.SampleModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Vector;

import javax.imageio.ImageIO;

import ij.gui.Roi;

import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * The annotated copy of a photo held as the engine's native BGR frame, made a strip of rows at a
 * time as the PNG encoder asks for them: the ROIs are drawn into each strip exactly as
 * {@link ij.process.ImageProcessor#drawOverlay} draws them into a whole image (each ROI in image
 * coordinates, the strip's graphics moved up by its first row), so that a 100-megapixel photo never
 * needs a second full copy of its pixels on the Java heap.
 */
final class OverlayStrips implements RenderedImage {
	/** Rows per strip: 256 rows of a 12000-pixel-wide photo are 12 MB of ints. */
	static final int ROWS = 256;
	private static final int[] MASKS = { 0xFF0000, 0x00FF00, 0x0000FF };

	private final Mat bgr;
	private final List<Roi> rois;
	private final int width, height, rows;
	private final DirectColorModel colorModel = new DirectColorModel(24, MASKS[0], MASKS[1], MASKS[2]);
	private final SampleModel sampleModel;
	private int stripIndex = -1;
	private WritableRaster strip;
	/** Strips drawn so far (a strip asked for again after another is drawn anew). */
	int stripsDrawn;

	OverlayStrips(Mat bgr, List<Roi> rois, int rows) {
		if (bgr.type() != CvType.CV_8UC3)
			throw new IllegalArgumentException("an 8-bit BGR frame is needed, not " + CvType.typeToString(bgr.type()));
		this.bgr = bgr;
		this.rois = rois;
		this.width = bgr.cols();
		this.height = bgr.rows();
		this.rows = Math.max(1, Math.min(rows, height));
		this.sampleModel = colorModel.createCompatibleSampleModel(width, this.rows);
	}

	/** Writes {@code bgr} with {@code rois} drawn on it as a PNG. */
	static void writePng(Mat bgr, List<Roi> rois, OutputStream out) throws IOException {
		if (!ImageIO.write(new OverlayStrips(bgr, rois, ROWS), "png", out))
			throw new IOException("no PNG encoder");
	}

	/** Strip {@code ty}: its pixels from the frame, then every ROI drawn over them. */
	private synchronized WritableRaster strip(int ty) {
		if (ty == stripIndex)
			return strip;
		int y0 = ty * rows, n = Math.min(rows, height - y0);
		int[] px = new int[width * n];
		byte[] row = new byte[width * 3];
		for (int y = 0; y < n; y++) {
			bgr.get(y0 + y, 0, row);
			for (int x = 0, k = y * width; x < width; x++, k++)
				px[k] = (row[3 * x + 2] & 0xFF) << 16 | (row[3 * x + 1] & 0xFF) << 8 | (row[3 * x] & 0xFF);
		}
		BufferedImage image = sharing(px, width, n);
		for (Roi roi : rois) {
			// as ImageProcessor.drawRoi: a graphics of its own per ROI, here moved up to this strip
			Graphics2D g = image.createGraphics();
			try {
				g.translate(0, -y0);
				ij.ImagePlus imp = roi.getImage();
				roi.setImage(null);
				try {
					roi.drawOverlay(g);
				} finally {
					roi.setImage(imp);
				}
			} finally {
				g.dispose();
			}
		}
		strip = image.getRaster().createWritableTranslatedChild(0, y0);
		stripIndex = ty;
		stripsDrawn++;
		return strip;
	}

	/** A BufferedImage over {@code px} (RGB ints, no copy). */
	static BufferedImage sharing(int[] px, int w, int h) {
		DirectColorModel cm = new DirectColorModel(24, MASKS[0], MASKS[1], MASKS[2]);
		WritableRaster raster = Raster.createPackedRaster(new DataBufferInt(px, w * h), w, h, w, MASKS, null);
		return new BufferedImage(cm, raster, false, null);
	}

	@Override
	public Raster getTile(int tileX, int tileY) {
		if (tileX != 0 || tileY < 0 || tileY >= getNumYTiles())
			throw new IllegalArgumentException("no tile " + tileX + "," + tileY);
		return strip(tileY);
	}

	@Override
	public Raster getData(Rectangle r) {
		int first = r.y / rows, last = (r.y + r.height - 1) / rows;
		if (first == last && r.x >= 0 && r.x + r.width <= width)
			return strip(first).createChild(r.x, r.y, r.width, r.height, r.x, r.y, null);
		return copyData(Raster.createWritableRaster(colorModel.createCompatibleSampleModel(r.width, r.height), new Point(r.x, r.y)));
	}

	@Override
	public Raster getData() {
		return getData(new Rectangle(0, 0, width, height));
	}

	@Override
	public WritableRaster copyData(WritableRaster out) {
		if (out == null)
			out = Raster.createWritableRaster(colorModel.createCompatibleSampleModel(width, height), null);
		Rectangle b = out.getBounds().intersection(new Rectangle(0, 0, width, height));
		if (b.isEmpty())
			return out;
		for (int ty = b.y / rows; ty <= (b.y + b.height - 1) / rows; ty++)
			out.setRect(strip(ty));
		return out;
	}

	@Override
	public Vector<RenderedImage> getSources() {
		return null;
	}

	@Override
	public Object getProperty(String name) {
		return java.awt.Image.UndefinedProperty;
	}

	@Override
	public String[] getPropertyNames() {
		return null;
	}

	@Override
	public ColorModel getColorModel() {
		return colorModel;
	}

	@Override
	public SampleModel getSampleModel() {
		return sampleModel;
	}

	@Override
	public int getWidth() {
		return width;
	}

	@Override
	public int getHeight() {
		return height;
	}

	@Override
	public int getMinX() {
		return 0;
	}

	@Override
	public int getMinY() {
		return 0;
	}

	@Override
	public int getNumXTiles() {
		return 1;
	}

	@Override
	public int getNumYTiles() {
		return (height + rows - 1) / rows;
	}

	@Override
	public int getMinTileX() {
		return 0;
	}

	@Override
	public int getMinTileY() {
		return 0;
	}

	@Override
	public int getTileWidth() {
		return width;
	}

	@Override
	public int getTileHeight() {
		return rows;
	}

	@Override
	public int getTileGridXOffset() {
		return 0;
	}

	@Override
	public int getTileGridYOffset() {
		return 0;
	}
}
