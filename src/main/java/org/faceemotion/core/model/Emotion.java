package org.faceemotion.core.model;

import java.util.Locale;

/**
 * The seven FER-2013 expressions, in the order of the classifier's outputs (alphabetical, which is
 * also the usual folder order of the dataset).
 */
public enum Emotion {
	ANGRY(0xE53935), DISGUST(0x43A047), FEAR(0x8E24AA), HAPPY(0xFDD835), NEUTRAL(0xB0BEC5), SAD(0x1E88E5),
	SURPRISE(0xFB8C00);

	public static final int COUNT = 7;

	private final int rgb;

	Emotion(int rgb) {
		this.rgb = rgb;
	}

	/** Lower-case name as used in folder names, CSV columns and labels. */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Display colour as 0xRRGGBB. */
	public int rgb() {
		return rgb;
	}

	/** The class of a folder or label name, or null if the name is not one of the seven. */
	public static Emotion fromLabel(String name) {
		for (Emotion e : values())
			if (e.label().equalsIgnoreCase(name.trim()))
				return e;
		return null;
	}

	/** FER-2013 CSV codes: 0 angry, 1 disgust, 2 fear, 3 happy, 4 sad, 5 surprise, 6 neutral. */
	public static Emotion fromFer2013Code(int code) {
		switch (code) {
		case 0: return ANGRY;
		case 1: return DISGUST;
		case 2: return FEAR;
		case 3: return HAPPY;
		case 4: return SAD;
		case 5: return SURPRISE;
		case 6: return NEUTRAL;
		default: return null;
		}
	}

	public static Emotion argmax(float[] probabilities) {
		int best = 0;
		for (int i = 1; i < COUNT; i++)
			if (probabilities[i] > probabilities[best])
				best = i;
		return values()[best];
	}
}
