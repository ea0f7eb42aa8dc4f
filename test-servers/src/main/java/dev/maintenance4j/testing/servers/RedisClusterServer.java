package dev.maintenance4j.testing.servers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Redis Cluster of three masters (Debian package {@code redis-server}, which brings {@code redis-cli}),
 * each with as many replicas as asked: {@code redis-server --cluster-enabled yes} on free loopback ports, joined
 * by {@code redis-cli --cluster create}, ready when every node reports {@code cluster_state:ok}. A replica
 * takes over a master that stops answering for the node timeout, 2 s ({@link #masterOf(int)}, {@link
 * RedisServer#kill()}).
 */
public final class RedisClusterServer implements BeforeAllCallback, AfterAllCallback {

    private final int replicasPerMaster;
    private final List<RedisServer> nodes = new ArrayList<>();

    /** Three masters, no replicas. */
    public RedisClusterServer() {
        this(0);
    }

    /** Three masters, each with {@code replicasPerMaster} replicas. */
    public RedisClusterServer(int replicasPerMaster) {
        this.replicasPerMaster = replicasPerMaster;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        for (int i = 0; i < 3 * (1 + replicasPerMaster); i++) {
            RedisServer node = new RedisServer(List.of(
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    "nodes.conf",
                    "--cluster-node-timeout",
                    "2000",
                    "--repl-diskless-sync-delay",
                    "0"));
            nodes.add(node);
            node.launch();
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        for (RedisServer node : nodes) {
            create.add("127.0.0.1:" + node.port());
        }
        create.addAll(List.of("--cluster-replicas", Integer.toString(replicasPerMaster), "--cluster-yes"));
        run(create);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (RedisServer node : nodes) {
            while (!run(List.of("redis-cli", "-p", Integer.toString(node.port()), "cluster", "info"))
                    .contains("cluster_state:ok")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the Redis cluster did not become ready in 20 s");
                }
                Thread.sleep(100);
            }
        }
        // a replica takes over only once it has synchronised with its master: wait until every one has
        while (replicasPerMaster > 0 && !replicasInSync()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Redis cluster's replicas did not synchronise in 20 s");
            }
            Thread.sleep(100);
        }
    }

    private boolean replicasInSync() throws IOException, InterruptedException {
        int inSync = 0;
        for (RedisServer node : nodes) {
            String info = ask(node, "info", "replication");
            if (info != null && info.contains("master_link_status:up")) {
                inSync++;
            }
        }
        return inSync == 3 * replicasPerMaster;
    }

    /**
     * The node that a live node says is the master of {@code slot} now (after a failover, the promoted replica),
     * or null when no live node names one.
     */
    public RedisServer masterOf(int slot) throws IOException, InterruptedException {
        for (RedisServer asked : nodes) {
            String shards = ask(asked, "cluster", "nodes");
            if (shards == null) {
                continue;
            }
            for (String line : shards.lines().toList()) {
                // <id> <ip:port@bus> <flags> <master> <ping> <pong> <epoch> <link> <slot ranges...>
                String[] fields = line.split(" ");
                if (fields.length < 9 || !fields[2].contains("master") || fields[2].contains("fail")) {
                    continue;
                }
                for (int i = 8; i < fields.length; i++) {
                    String[] range = fields[i].split("-");
                    if (range[0].startsWith("[")) {
                        continue; // a slot being migrated
                    }
                    int from = Integer.parseInt(range[0]);
                    int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                    if (slot >= from && slot <= to) {
                        int port = Integer.parseInt(
                                fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@')));
                        return nodes.stream()
                                .filter(n -> n.port() == port)
                                .findFirst()
                                .orElse(null);
                    }
                }
            }
            return null;
        }
        return null;
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (RedisServer node : nodes) {
            node.shutdown();
        }
    }

    /** The live node on which a client is subscribed to {@code channel}, or null when none is. */
    public RedisServer subscribedTo(String channel) throws IOException, InterruptedException {
        for (RedisServer node : nodes) {
            String channels = ask(node, "pubsub", "channels", "*");
            if (channels != null && channels.lines().anyMatch(channel::equals)) {
                return node;
            }
        }
        return null;
    }

    /** True when every live node reports {@code cluster_state:ok} (after a failover, once it is done). */
    public boolean isOk() throws IOException, InterruptedException {
        boolean anyLive = false;
        for (RedisServer node : nodes) {
            String info = ask(node, "cluster", "info");
            if (info == null) {
                continue;
            }
            anyLive = true;
            if (!info.contains("cluster_state:ok")) {
                return false;
            }
        }
        return anyLive;
    }

    /** {@code redis://127.0.0.1:<port>} of every node, for a cluster client's seed list. */
    public List<String> uris() {
        return nodes.stream().map(RedisServer::uri).toList();
    }

    /** What {@code redis-cli} prints for {@code command} on {@code node}, or null when the node does not answer (killed). */
    private static String ask(RedisServer node, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(node.port())));
        line.addAll(List.of(command));
        try {
            return run(line);
        } catch (IllegalStateException dead) {
            return null;
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
