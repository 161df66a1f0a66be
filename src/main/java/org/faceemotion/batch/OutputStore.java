package org.faceemotion.batch;

import java.io.IOException;

/** An output folder as {@link OutputPolicy} sees it: a local folder ({@link LocalStore}) or a Hadoop file system (the Spark job's). */
public interface OutputStore {
	/** Last modification of {@code name} in milliseconds, or -1 when there is no such file. */
	long modified(String name) throws IOException;

	/** Deletes {@code name} if it is there. */
	void delete(String name) throws IOException;

	/** Where {@code name} is, for messages. */
	String where(String name);

	/** Exclusive lock on one input's outputs; another run writing them gets an IllegalStateException. */
	AutoCloseable lock(String stem) throws IOException;
}
