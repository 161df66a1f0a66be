package org.faceemotion.core.classify;

import java.util.Locale;

/**
 * Whose reading of a face the probabilities state. {@link #PEOPLE}: what people see (the network
 * trained toward ten taggers' votes, FER+; calibrated to them). {@link #FER2013}: FER-2013's own
 * labels, through a second softmax head on the same network's hidden layer (for comparison with
 * the literature and the app this project started from; FER-2013's labels agree with the
 * taggers' majority on about two images in three).
 */
public enum Labels {
	PEOPLE, FER2013;

	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static String[] ids() {
		Labels[] v = values();
		String[] ids = new String[v.length];
		for (int i = 0; i < v.length; i++)
			ids[i] = v[i].id();
		return ids;
	}

	public static Labels parse(String id) {
		for (Labels l : values())
			if (l.id().equalsIgnoreCase(id == null ? "" : id.trim()))
				return l;
		throw new IllegalArgumentException("labels '" + id + "': expected " + String.join(" or ", ids()));
	}
}
