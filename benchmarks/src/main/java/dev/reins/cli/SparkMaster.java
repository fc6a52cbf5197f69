package dev.reins.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a {@code --spark MASTER} before anything is written: Spark on the classpath, a master URL of a known form,
 * and for a standalone master ({@code spark://HOST:PORT[,HOST:PORT]}) one that accepts a connection. Without the check
 * an unreachable master costs a minute of Spark's retries and ends in stack traces. Touches no Spark class.
 */
final class SparkMaster {
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,(\\d+))?\\])?");
    private static final int CONNECT_TIMEOUT_MS = 3000;

    private SparkMaster() {}

    /** Throws a one-line {@link IllegalArgumentException} naming what is wrong with {@code master}. */
    static void check(String master) {
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("--spark needs a master URL, e.g. local[2]");
        }
        requireSparkOnTheClasspath();
        Matcher local = LOCAL.matcher(master);
        if (local.matches()) {
            if ("0".equals(local.group(1)) || "0".equals(local.group(2))) {
                throw new IllegalArgumentException("--spark " + master + ": local mode needs at least one thread and one attempt, e.g. local[2]");
            }
            return;
        }
        if (master.startsWith("spark://")) {
            String unreachable = "";
            for (String hostPort : master.substring("spark://".length()).split(",")) {
                String why = reach(hostPort);
                if (why == null) {
                    return;
                }
                unreachable += (unreachable.isEmpty() ? "" : "; ") + why;
            }
            throw new IllegalArgumentException("--spark " + master + ": cannot reach the master (" + unreachable + ")");
        }
        if (master.equals("yarn") || master.startsWith("k8s://")) {
            return; // cluster managers: spark-submit reaches them
        }
        throw new IllegalArgumentException("--spark " + master + ": not a Spark master URL; expected local[N], local[N,ATTEMPTS], "
                + "spark://HOST:PORT, yarn or k8s://...");
    }

    /** Null when HOST:PORT accepts a TCP connection, else why not. */
    private static String reach(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        int port;
        try {
            port = colon < 0 ? 7077 : Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            return hostPort + ": the port is not a number";
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            return "unknown host " + host;
        }
        try (Socket socket = new Socket()) {
            socket.connect(address, CONNECT_TIMEOUT_MS);
            return null;
        } catch (IOException e) {
            return host + ":" + port + " refused or did not answer in " + CONNECT_TIMEOUT_MS / 1000 + " s";
        }
    }

    /** Spark is a provided dependency: ./reins adds it for --spark; a plain java -cp without it gets this line. */
    private static void requireSparkOnTheClasspath() {
        try {
            Class.forName("org.apache.spark.SparkConf", false, SparkMaster.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("--spark needs Apache Spark on the classpath: run it through ./reins (which adds "
                    + "benchmarks/target/spark.classpath for --spark) or spark-submit");
        }
    }
}
