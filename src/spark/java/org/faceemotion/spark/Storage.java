package org.faceemotion.spark;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * Where inputs and outputs live. A plain path is a local file (shared by the nodes of a cluster,
 * e.g. over NFS) and is read and written in place, as by the command line. A name with a scheme
 * (hdfs://, s3a://, file://...) goes through Hadoop's FileSystem: executors copy the input to a
 * local folder, write the outputs there and upload each under a temporary name that is renamed
 * into place when complete.
 */
final class Storage {
	private Storage() {
	}

	/** Whether {@code name} is a URI for Hadoop (a scheme of two letters or more; "C:" is a Windows drive). */
	static boolean viaHadoop(String name) {
		try {
			String scheme = new URI(name).getScheme();
			return scheme != null && scheme.length() > 1;
		} catch (Exception e) {
			return false;
		}
	}

	/** A URI Spark can read on every node: file:///... for local paths. */
	static String uri(String name) {
		return viaHadoop(name) ? name : Path.of(name).toAbsolutePath().normalize().toUri().toString();
	}

	static org.apache.hadoop.fs.Path hpath(String name) {
		return new org.apache.hadoop.fs.Path(uri(name));
	}

	static FileSystem fs(String name, Configuration conf) throws IOException {
		return hpath(name).getFileSystem(conf);
	}

	static String child(String dir, String name) {
		return new org.apache.hadoop.fs.Path(hpath(dir), name).toString();
	}

	/** Copies a Hadoop file to {@code localDir}, keeping its name (FFmpeg and ImageJ read local files). */
	static Path download(String input, Path localDir, Configuration conf) throws IOException {
		org.apache.hadoop.fs.Path src = hpath(input);
		Files.createDirectories(localDir);
		Path local = localDir.resolve(src.getName());
		fs(input, conf).copyToLocalFile(false, src, new org.apache.hadoop.fs.Path(local.toUri()), true);
		return local;
	}

	/**
	 * Puts finished local outputs into a Hadoop folder: each under a hidden temporary name first,
	 * renamed into place when its upload is complete (an earlier file of that name replaced).
	 */
	static void upload(List<Path> files, String outDir, Configuration conf) throws IOException {
		FileSystem fs = fs(outDir, conf);
		for (Path f : files) {
			org.apache.hadoop.fs.Path dst = new org.apache.hadoop.fs.Path(hpath(outDir), f.getFileName().toString());
			org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(hpath(outDir), uploadingName(f.getFileName().toString()));
			fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(f.toUri()), tmp);
			if (fs.exists(dst))
				fs.delete(dst, false);
			if (!fs.rename(tmp, dst))
				throw new IOException(dst + ": could not rename the uploaded " + tmp.getName() + " into place");
		}
	}

	/** The hidden name a file has in a Hadoop folder while it uploads (what a killed task may leave). */
	static String uploadingName(String name) {
		return "." + name + ".uploading";
	}

	static FileStatus status(String name, Configuration conf) throws IOException {
		try {
			return fs(name, conf).getFileStatus(hpath(name));
		} catch (java.io.FileNotFoundException e) {
			return null;
		}
	}
}
