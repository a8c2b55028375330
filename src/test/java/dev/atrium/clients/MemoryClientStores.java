package dev.atrium.clients;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** In-memory application and credential stores, so the clients slice's services can be tested without a database. */
public final class MemoryClientStores {
    public final Map<String, Client> clients = new LinkedHashMap<>();
    public final List<ClientCredential> credentials = new ArrayList<>();

    public final ClientStore clientStore = new ClientStore() {
        @Override
        public Optional<Client> find(String clientId) {
            return Optional.ofNullable(clients.get(clientId));
        }

        @Override
        public List<Client> list() {
            return List.copyOf(clients.values());
        }

        @Override
        public void create(Client client) {
            clients.put(client.clientId(), client);
        }

        @Override
        public boolean update(Client client) {
            return clients.replace(client.clientId(), client) != null;
        }

        @Override
        public Optional<Client> update(String id, UnaryOperator<Client> change) {
            Optional<Client> updated = find(id).map(change);
            updated.ifPresent(this::update);
            return updated;
        }

        @Override
        public boolean delete(String clientId) {
            return clients.remove(clientId) != null;
        }
    };

    public final ClientCredentialStore credentialStore = new ClientCredentialStore() {
        @Override
        public void create(ClientCredential credential) {
            credentials.add(credential);
        }

        @Override
        public List<ClientCredential> list(String clientId) {
            return credentials.stream().filter(c -> c.clientId().equals(clientId)).toList();
        }

        @Override
        public Optional<ClientCredential> find(String clientId, String credentialId) {
            return list(clientId).stream().filter(c -> c.id().equals(credentialId)).findFirst();
        }

        @Override
        public boolean update(ClientCredential credential) {
            boolean had = credentials.removeIf(c -> c.id().equals(credential.id()));
            credentials.add(credential);
            return had;
        }

        @Override
        public boolean delete(String clientId, String credentialId) {
            return credentials.removeIf(c -> c.clientId().equals(clientId) && c.id().equals(credentialId));
        }

        @Override
        public boolean spendAssertionId(String clientId, String jti, Instant expiresAt, Instant now) {
            return true;
        }
    };

    /** A service over these stores, with a fixed secret key and the system clock. */
    public ClientService service() {
        return new ClientService(clientStore, credentialStore, new ClientSecrets(new byte[32]), java.time.Clock.systemUTC());
    }
}
