package org.faceemotion.core.classify;

import java.util.Locale;

/**
 * How the seven emotions are weighed when the probabilities are stated. The calibrated model
 * estimates the share of people who would name each emotion in everyday images, so it carries
 * the taggers' prior (FER+: about a third of all votes are neutral, disgust and fear are rare).
 * {@link #BALANCED} divides that prior out: all seven emotions equally likely before the face is
 * seen, for posed or expressive recordings where a rare emotion is as likely as a common one.
 */
public enum Prior {
	/** As in everyday images: the taggers' prior (the probabilities estimate people's readings). */
	EVERYDAY,
	/** All seven emotions equally likely a priori (posed or expressive recordings). */
	BALANCED;

	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The ids every front door offers, in order. */
	public static String[] ids() {
		Prior[] v = values();
		String[] ids = new String[v.length];
		for (int i = 0; i < v.length; i++)
			ids[i] = v[i].id();
		return ids;
	}

	public static Prior parse(String id) {
		for (Prior p : values())
			if (p.id().equalsIgnoreCase(id == null ? "" : id.trim()))
				return p;
		throw new IllegalArgumentException("prior '" + id + "': expected " + String.join(" or ", ids()));
	}
}
