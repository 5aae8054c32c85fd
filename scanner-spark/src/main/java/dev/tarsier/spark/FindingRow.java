package dev.tarsier.spark;

import dev.tarsier.api.Finding;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.Layer;
import dev.tarsier.api.PackageKind;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * One row of the fleet's findings table: one finding of one image, flattened for dashboards (SQL
 * engines, BI tools). Column names are {@code snake_case}; {@link #SCHEMA} lists them.
 *
 * @param image the image reference as scanned
 * @param imageDigest the image's manifest digest
 * @param packageName the vulnerable package's name
 * @param version its installed version
 * @param packageType its type ({@code deb}, {@code rpm}, {@code apk}, {@code maven}, {@code npm}, ...)
 * @param purl its package URL
 * @param vulnerability the finding's id ({@code CVE-...}, {@code GHSA-...})
 * @param severity {@code CRITICAL}, {@code HIGH}, {@code MEDIUM}, {@code LOW} or {@code UNKNOWN}
 * @param cvssScore the CVSS base score, or null
 * @param fixedVersion the versions that fix it, comma-separated; empty when there is no fix yet
 * @param findingClass {@code os} or {@code app}, as in the JSON report
 * @param layer the index of the layer that introduced the package
 * @param layerDiffId that layer's diffID
 * @since 0.4
 */
public record FindingRow(String image, String imageDigest, String packageName, String version, String packageType,
                         String purl, String vulnerability, String severity, Double cvssScore, String fixedVersion,
                         String findingClass, int layer, String layerDiffId) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The table's schema, in column order. */
    public static final StructType SCHEMA = DataTypes.createStructType(new StructField[] {
        DataTypes.createStructField("image", DataTypes.StringType, false),
        DataTypes.createStructField("image_digest", DataTypes.StringType, false),
        DataTypes.createStructField("package", DataTypes.StringType, false),
        DataTypes.createStructField("version", DataTypes.StringType, false),
        DataTypes.createStructField("package_type", DataTypes.StringType, false),
        DataTypes.createStructField("purl", DataTypes.StringType, false),
        DataTypes.createStructField("vulnerability", DataTypes.StringType, false),
        DataTypes.createStructField("severity", DataTypes.StringType, false),
        DataTypes.createStructField("cvss_score", DataTypes.DoubleType, true),
        DataTypes.createStructField("fixed_version", DataTypes.StringType, false),
        DataTypes.createStructField("class", DataTypes.StringType, false),
        DataTypes.createStructField("layer", DataTypes.IntegerType, false),
        DataTypes.createStructField("layer_diff_id", DataTypes.StringType, false),
    });

    /** The rows of one image's findings. */
    static List<FindingRow> of(String image, Inventory inventory, List<Finding> findings) {
        List<Layer> layers = inventory.image().layers();
        return findings.stream().map(f -> {
            int layer = f.pkg().location().layer();
            String diffId = layer >= 0 && layer < layers.size() ? layers.get(layer).diffId() : "";
            return new FindingRow(image, inventory.image().digest(), f.pkg().name(), f.pkg().version(), f.pkg().type(),
                    f.pkg().purl().canonicalize(), f.id(), f.severity().name(),
                    f.cvssScore().isPresent() ? f.cvssScore().getAsDouble() : null, String.join(", ", f.fixedVersions()),
                    f.pkg().kind() == PackageKind.OS ? "os" : "app", layer, diffId);
        }).toList();
    }

    /** This row as a Spark SQL row of {@link #SCHEMA}. */
    public Row toRow() {
        return RowFactory.create(image, imageDigest, packageName, version, packageType, purl, vulnerability, severity,
                cvssScore, fixedVersion, findingClass, layer, layerDiffId);
    }
}
