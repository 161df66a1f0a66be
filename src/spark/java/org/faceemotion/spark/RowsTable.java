package org.faceemotion.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.faceemotion.core.pipeline.ResultsCsv;

/**
 * All rows of all inputs in one Parquet table, {@code OUT/rows.parquet/source=<name>/...}: the
 * CSV columns with their types (with a per-person baseline, the videos' {@code rel_} columns too,
 * empty for images), read back from the finished CSV files by the executors. The run's provenance
 * (program, model, settings: what each {@code -run.json} holds but the input) is in the table's
 * schema, as the metadata of the {@code frame} column under {@link #PROVENANCE} (the {@code source}
 * column is the partition, kept in folder names, not in the files). Written under a
 * temporary name and renamed into place, so the table is whole or absent.
 */
final class RowsTable {
	static final String NAME = "rows.parquet";
	/** The key of the provenance JSON in the {@code frame} column's metadata. */
	static final String PROVENANCE = "face_emotion_provenance";

	private RowsTable() {
	}

	static StructType schema(List<String> extra, String provenance) {
		List<StructField> fields = new ArrayList<>();
		List<String> columns = new ArrayList<>(ResultsCsv.COLUMNS);
		columns.addAll(extra);
		for (String c : columns) {
			boolean nullable = !ResultsCsv.BASE_COLUMNS.contains(c) || c.equals("source") || c.equals("emotion") || c.equals("smoothed_emotion");
			org.apache.spark.sql.types.Metadata meta = c.equals("frame") && provenance != null
					? new org.apache.spark.sql.types.MetadataBuilder().putString(PROVENANCE, provenance).build()
					: org.apache.spark.sql.types.Metadata.empty();
			fields.add(DataTypes.createStructField(c, type(c), nullable, meta));
		}
		return DataTypes.createStructType(fields);
	}

	private static DataType type(String column) {
		switch (column) {
		case "source": case "emotion": case "smoothed_emotion": case "quality":
			return DataTypes.StringType;
		case "frame": case "face_id":
			return DataTypes.IntegerType;
		default:
			return DataTypes.DoubleType;
		}
	}

	/**
	 * {@code plain}: tables with the standard columns; {@code withBaseline}: video tables that also
	 * have the per-person baseline's columns ({@code extra}).
	 */
	static void write(SparkSession spark, List<String> plain, List<String> withBaseline, List<String> extra, String provenance, String out)
			throws IOException {
		Path dir = new Path(Storage.uri(out));
		FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
		Path table = new Path(dir, NAME), tmp = new Path(dir, "." + NAME + ".part");
		fs.delete(tmp, true);
		StructType all = schema(extra, provenance);
		Dataset<Row> rows = spark.createDataFrame(new ArrayList<Row>(), all);
		if (!plain.isEmpty())
			rows = rows.unionByName(read(spark, plain, schema(List.of(), provenance)), true);
		if (!withBaseline.isEmpty())
			rows = rows.unionByName(read(spark, withBaseline, all), true);
		// the union keeps the first schema's metadata (the provenance)
		rows = spark.createDataFrame(rows.rdd(), all);
		rows.write().mode(SaveMode.ErrorIfExists).partitionBy("source").parquet(tmp.toString());
		if (fs.exists(table) && !fs.delete(table, true))
			throw new IOException(table + ": cannot replace the earlier table");
		if (!fs.rename(tmp, table))
			throw new IOException(table + ": cannot rename " + tmp.getName() + " into place");
	}

	private static Dataset<Row> read(SparkSession spark, List<String> csvs, StructType schema) {
		return spark.read().schema(schema).option("header", "true").option("enforceSchema", "false").option("mode", "FAILFAST")
				.csv(csvs.stream().map(Storage::uri).toArray(String[]::new));
	}
}
