package dev.atrium.bench;

/** Placeholder until the Keycloak side of goal 8 is written: says so instead of printing figures. */
final class KeycloakComparison {
    private KeycloakComparison() {
    }

    static void run(int clients, int warmup, int seconds, Benchmark.Result atriumCc, Benchmark.Result atriumSignIn) {
        System.out.println("keycloak: not implemented yet in this benchmark (issue 15, goal 8)");
    }
}
