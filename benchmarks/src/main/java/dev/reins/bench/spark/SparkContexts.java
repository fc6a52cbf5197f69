package dev.reins.bench.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** The Spark context every Reins command starts: no web UI, the driver on the loopback address, retried tasks. */
public final class SparkContexts {
    private SparkContexts() {}

    /** A context on {@code master} named {@code appName}; the caller closes it. */
    public static JavaSparkContext start(String master, String appName) {
        SparkConf conf = new SparkConf().setMaster(master).setAppName(appName)
                .set("spark.ui.enabled", "false")
                .set("spark.task.maxFailures", "4") // on a cluster; local[N, F] sets it for local mode
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        JavaSparkContext spark = new JavaSparkContext(conf);
        spark.setLogLevel("WARN");
        return spark;
    }
}
