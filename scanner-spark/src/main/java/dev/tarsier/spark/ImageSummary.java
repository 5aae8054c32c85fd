package dev.tarsier.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.Objects;
import java.util.Optional;

/**
 * What the fleet scan did with one image: scanned (its report's path and counts) or not (why).
 *
 * @param image the image reference as given
 * @param digest the manifest digest, when the image was resolved
 * @param layers the image's layer count (0 when not resolved)
 * @param packages packages found
 * @param findings findings
 * @param report where its JSON report was written, when it was
 * @param error why the image could not be scanned, when it could not
 * @since 0.4
 */
public record ImageSummary(String image, Optional<String> digest, int layers, int packages, int findings,
                           Optional<String> report, Optional<String> error) {

    /** The schema of the {@code images} table. */
    public static final StructType SCHEMA = DataTypes.createStructType(new StructField[] {
        DataTypes.createStructField("image", DataTypes.StringType, false),
        DataTypes.createStructField("image_digest", DataTypes.StringType, true),
        DataTypes.createStructField("layers", DataTypes.IntegerType, false),
        DataTypes.createStructField("packages", DataTypes.IntegerType, false),
        DataTypes.createStructField("findings", DataTypes.IntegerType, false),
        DataTypes.createStructField("report", DataTypes.StringType, true),
        DataTypes.createStructField("error", DataTypes.StringType, true),
    });

    public ImageSummary {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(error, "error");
    }

    /** Whether the image was scanned. */
    public boolean scanned() {
        return error.isEmpty();
    }

    /** The summary of a row of {@link #SCHEMA}. */
    static ImageSummary of(Row row) {
        return new ImageSummary(row.getString(0), Optional.ofNullable(row.getString(1)), row.getInt(2), row.getInt(3),
                row.getInt(4), Optional.ofNullable(row.getString(5)), Optional.ofNullable(row.getString(6)));
    }

    /** A row of {@link #SCHEMA}; {@code null} for what is absent. */
    static Row row(String image, String digest, int layers, int packages, int findings, String report, String error) {
        return RowFactory.create(image, digest, layers, packages, findings, report, error);
    }
}
