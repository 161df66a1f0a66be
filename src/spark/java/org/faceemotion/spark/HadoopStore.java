package org.faceemotion.spark;

import java.io.IOException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.faceemotion.batch.OutputStore;

/** An output folder on a Hadoop file system, for the batch's {@link org.faceemotion.batch.OutputPolicy}. */
final class HadoopStore implements OutputStore {
	private final String dir;
	private final Configuration conf;

	HadoopStore(String dir, Configuration conf) {
		this.dir = dir;
		this.conf = conf;
	}

	@Override
	public long modified(String name) throws IOException {
		FileStatus st = Storage.status(Storage.child(dir, name), conf);
		return st == null ? -1 : st.getModificationTime();
	}

	@Override
	public void delete(String name) throws IOException {
		Storage.fs(dir, conf).delete(Storage.hpath(Storage.child(dir, name)), false);
	}

	@Override
	public String where(String name) {
		return Storage.child(dir, name);
	}

	/** Hadoop folders have no lock: each attempt writes into a local folder of its own (locked there) and uploads under temporary names. */
	@Override
	public AutoCloseable lock(String stem) {
		return () -> {
		};
	}
}
