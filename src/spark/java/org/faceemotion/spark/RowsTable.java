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
 * CSV columns with their types, read back from the finished CSV files by the executors. Written
 * under a temporary name and renamed into place, so the table is whole or absent.
 */
final class RowsTable {
	static final String NAME = "rows.parquet";

	private RowsTable() {
	}

	static StructType schema() {
		List<StructField> fields = new ArrayList<>();
		for (String c : ResultsCsv.COLUMNS)
			fields.add(DataTypes.createStructField(c, type(c), c.equals("source") || c.equals("emotion") || c.equals("smoothed_emotion")));
		return DataTypes.createStructType(fields);
	}

	private static DataType type(String column) {
		switch (column) {
		case "source": case "emotion": case "smoothed_emotion":
			return DataTypes.StringType;
		case "frame": case "face_id":
			return DataTypes.IntegerType;
		default:
			return DataTypes.DoubleType;
		}
	}

	static void write(SparkSession spark, List<String> csvs, String out) throws IOException {
		Path dir = new Path(Storage.uri(out));
		FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
		Path table = new Path(dir, NAME), tmp = new Path(dir, "." + NAME + ".part");
		fs.delete(tmp, true);
		Dataset<Row> rows = csvs.isEmpty() ? spark.createDataFrame(new ArrayList<Row>(), schema())
				: spark.read().schema(schema()).option("header", "true").option("enforceSchema", "false").option("mode", "FAILFAST")
						.csv(csvs.stream().map(Storage::uri).toArray(String[]::new));
		rows.write().mode(SaveMode.ErrorIfExists).partitionBy("source").parquet(tmp.toString());
		if (fs.exists(table) && !fs.delete(table, true))
			throw new IOException(table + ": cannot replace the earlier table");
		if (!fs.rename(tmp, table))
			throw new IOException(table + ": cannot rename " + tmp.getName() + " into place");
	}
}
