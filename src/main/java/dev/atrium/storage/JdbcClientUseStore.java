package dev.atrium.storage;

import dev.atrium.onboarding.ClientUseStore;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link ClientUseStore} over {@code self_registered_client_use} (V250). */
public final class JdbcClientUseStore implements ClientUseStore {
    private final Jdbi jdbi;

    public JdbcClientUseStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<Instant> lastUsed(String clientId) {
        return jdbi.withHandle(h -> h.createQuery("select last_used_at from self_registered_client_use where client_id = :c")
                .bind("c", clientId).map((rs, ctx) -> SqlTime.get(rs, "last_used_at")).findOne());
    }

    @Override
    public Map<String, Instant> all() {
        Map<String, Instant> out = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("select client_id, last_used_at from self_registered_client_use")
                .map((rs, ctx) -> Map.entry(rs.getString("client_id"), SqlTime.get(rs, "last_used_at")))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    @Override
    public void record(String clientId, Instant at) {
        jdbi.useTransaction(h -> {
            int n = h.createUpdate("update self_registered_client_use set last_used_at = :t where client_id = :c")
                    .bind("t", SqlTime.of(at)).bind("c", clientId).execute();
            if (n == 0) {
                // inserted only while absent and while the application exists (the portable form of an upsert)
                h.createUpdate("insert into self_registered_client_use (client_id, last_used_at) select c.client_id, :t "
                                + "from clients c where c.client_id = :c and not exists "
                                + "(select 1 from self_registered_client_use u where u.client_id = :c)")
                        .bind("t", SqlTime.of(at)).bind("c", clientId).execute();
            }
        });
    }
}
