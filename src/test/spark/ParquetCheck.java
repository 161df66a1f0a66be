import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads OUT/rows.parquet with Spark SQL, as a lab would, and prints what the test compares:
 * "type COLUMN TYPE" per column, "rows SOURCE COUNT" per source, and whether the table's
 * metadata names the model. Run as a single-file
 * program on target/face-emotion-spark.jar and target/spark-home/jars (SparkClusterIT).
 */
public class ParquetCheck {
	public static void main(String[] args) {
		SparkSession spark = SparkSession.builder().master("local[1]").appName("parquet-check")
				.config("spark.ui.enabled", "false").getOrCreate();
		try {
			Dataset<Row> rows = spark.read().parquet(args[0]);
			for (var f : rows.schema().fields()) {
				System.out.println("type " + f.name() + " " + f.dataType().typeName());
				if (f.metadata().contains("face_emotion_provenance")) {
					String json = f.metadata().getString("face_emotion_provenance");
					System.out.println("provenance " + (json.contains("\"model\"") && json.contains("\"sha256\"") ? "model sha256" : json));
				}
			}
			rows.createOrReplaceTempView("rows");
			for (Row r : spark.sql("SELECT source, count(*) FROM rows GROUP BY source ORDER BY source").collectAsList())
				System.out.println("rows " + r.getString(0) + " " + r.getLong(1));
			for (Row r : spark.sql("SELECT count(*) FROM rows WHERE confidence IS NULL OR frame IS NULL OR time_s IS NULL").collectAsList())
				System.out.println("nulls " + r.getLong(0));
		} finally {
			spark.stop();
		}
	}
}
