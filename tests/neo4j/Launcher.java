// Embedded Neo4j 5.26 test server for the Bündnisatlas test suite.
//
// Usage (tests/neo4j_server.py does this for you):
//   javac -cp '<cache>/lib/*' -d <cache>/classes tests/neo4j/Launcher.java
//   java <jvm flags> -cp '<cache>/classes:<cache>/lib/*' Launcher <dbdir> <port>
// (Java's single-file source launch `java -cp '<cache>/lib/*' Launcher.java <dbdir> <port>`
// works too, but compiles on every start.)
//
// Starts a DBMS in <dbdir> with only the Bolt connector, on 127.0.0.1:<port>, auth
// disabled, and small memory settings. Prints "READY bolt://127.0.0.1:<port>" on stdout
// once the DBMS and the default database are up. Shuts down cleanly on stdin EOF or
// SIGTERM/SIGINT (shutdown hook). Exits non-zero if start-up fails.

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

public final class Launcher {
    private static final String HOST = "127.0.0.1";

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Launcher <dbdir> <port>");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        Files.createDirectories(home);
        long t0 = System.nanoTime();

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
                // Neo4j's user log (start/stop messages, warnings) to stderr.
                .setUserLogProvider(new Log4jLogProvider(System.err, Level.WARN))
                // Bolt only, loopback only, no auth, no TLS.
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(BoltConnector.thread_pool_min_size, 1)
                .setConfig(BoltConnector.thread_pool_max_size, 50)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.default_listen_address, new SocketAddress(HOST))
                .setConfig(GraphDatabaseSettings.routing_enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Small footprint for tests.
                .setConfig(GraphDatabaseSettings.pagecache_memory, 64L * 1024 * 1024)
                .setConfig(GraphDatabaseSettings.pagecache_warmup_enabled, false)
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, 1024L * 1024)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.preallocate_store_files, false)
                .setConfig(GraphDatabaseSettings.check_point_interval_time, Duration.ofMinutes(15))
                .setConfig(GraphDatabaseSettings.lock_acquisition_timeout, Duration.ofSeconds(60))
                .setConfig(GraphDatabaseSettings.log_queries, GraphDatabaseSettings.LogQueryLevel.OFF)
                // Fast shutdown: the defaults wait ~5 s per Bolt connector for
                // connections/threads to drain and for Netty's quiet period.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofMillis(200))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofMillis(200))
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(2));

        DatabaseManagementService dbms;
        try {
            dbms = builder.build();
        } catch (RuntimeException e) {
            System.err.println("Neo4j start-up failed:");
            e.printStackTrace();
            System.exit(1);
            return;
        }

        AtomicBoolean stopped = new AtomicBoolean(false);
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                try {
                    dbms.shutdown();
                    System.err.println("Neo4j stopped.");
                } catch (RuntimeException e) {
                    System.err.println("Neo4j shutdown failed:");
                    e.printStackTrace();
                }
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "neo4j-shutdown"));

        // The default database starts asynchronously: wait until it is available,
        // so that the first Bolt query does not fail with "database unavailable".
        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(TimeUnit.SECONDS.toMillis(120))) {
            System.err.println("Neo4j default database did not become available.");
            System.exit(1);
        }

        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.println("READY bolt://" + HOST + ":" + port + " (" + ms + " ms)");
        System.out.flush();

        // Stop on stdin EOF (parent process closed the pipe or died).
        try {
            InputStream in = System.in;
            byte[] buf = new byte[256];
            while (in.read(buf) >= 0) {
                // ignore input
            }
        } catch (IOException ignored) {
            // treat as EOF
        }
        System.exit(0); // runs the shutdown hook
    }
}
