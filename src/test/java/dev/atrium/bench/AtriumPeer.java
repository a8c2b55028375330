package dev.atrium.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Atrium in the comparison: the jar started exactly as the other scenarios start it, the benchmark's own tenant. */
final class AtriumPeer implements Peer {
    private final ServerProcess server;
    private final Path dir;
    private final Benchmark bench;
    private final Benchmark.Tenant tenant;

    private AtriumPeer(ServerProcess server, Path dir, Benchmark bench, Benchmark.Tenant tenant) {
        this.server = server;
        this.dir = dir;
        this.bench = bench;
        this.tenant = tenant;
    }

    static AtriumPeer start(Path jar) throws Exception {
        Path dir = Files.createTempDirectory("atrium-bench-compare-");
        String secret = "bench-" + Benchmark.random(24);
        ServerProcess server = ServerProcess.start(jar, dir, Benchmark.freePort(), ServerProcess.newEncryptionKey(), secret, false);
        try {
            server.awaitHealthy(90);
            Benchmark bench = new Benchmark("http://127.0.0.1:" + server.port);
            return new AtriumPeer(server, dir, bench, bench.seedTenant(secret));
        } catch (Exception | Error e) {
            server.close();
            Benchmark.delete(dir);
            throw e;
        }
    }

    @Override
    public String name() {
        return "atrium";
    }

    @Override
    public String description() {
        return "Atrium (" + server.jarName() + (ServerProcess.viaScript() ? ", ./atrium" : ", java -jar")
                + ", embedded H2 file database)";
    }

    @Override
    public Runnable clientCredentials() {
        return () -> bench.clientCredentials(tenant);
    }

    @Override
    public Runnable signIn() {
        return () -> bench.signIn(tenant, false);
    }

    @Override
    public ProcessHandle process() {
        return server.process.toHandle();
    }

    @Override
    public void close() {
        server.close();
        try {
            Benchmark.delete(dir);
        } catch (java.io.IOException e) {
            System.err.println("atrium bench: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
