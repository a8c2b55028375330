package dev.atrium.migration;

import dev.atrium.common.AlreadyExistsException;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.common.UnitOfWork;
import dev.atrium.connections.Connection;
import dev.atrium.connections.ConnectionService;
import dev.atrium.roles.Role;
import dev.atrium.roles.RoleQuery;
import dev.atrium.roles.RoleService;
import dev.atrium.users.ImportedPasswordHasher;
import dev.atrium.users.User;
import dev.atrium.users.UserPatch;
import dev.atrium.users.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One bulk user import, from its last committed position to the end of its file (see {@link UserJobs}
 * for the guarantees). Each user object of Auth0's import schema is checked, written through
 * {@link UserService} and counted; a user that cannot be taken is recorded with Auth0's error shape.
 */
final class UserImportRun {
    private static final Logger LOG = LoggerFactory.getLogger(UserImportRun.class);
    static final int CHUNK = 500;
    static final String EXTENSION = "atrium";
    /** Reads one array element from a parser that stays inside the array. */
    private static final tools.jackson.databind.ObjectReader ONE_VALUE = Json.MAPPER.reader()
            .without(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final JobStore store;
    private final UserService users;
    private final RoleService roles;
    private final OrganizationImport organizations;
    private final UnitOfWork unitOfWork;
    private final BooleanSupplier closing;
    private final Job job;
    private final Connection connection;
    private final boolean upsert;
    private long processed;
    private long inserted;
    private long updated;
    private long failed;

    UserImportRun(Job job, JobStore store, UserService users, ConnectionService connections, RoleService roles,
                  OrganizationImport organizations, UnitOfWork unitOfWork, BooleanSupplier closing) {
        this.store = store;
        this.users = users;
        this.roles = roles;
        this.organizations = organizations;
        this.unitOfWork = unitOfWork;
        this.closing = closing;
        this.job = job;
        this.connection = connections.find(job.connectionId().orElseThrow())
                .orElseThrow(() -> new IllegalStateException("the connection of the job no longer exists"));
        this.upsert = Json.bool(job.doc(), "upsert", false);
        processed = job.processed();
        inserted = job.inserted();
        updated = job.updated();
        failed = job.failed();
    }

    void run() {
        Path file = Path.of(job.filePath().orElseThrow());
        try (CountingInputStream in = new CountingInputStream(Files.newInputStream(file));
             JsonParser p = Json.MAPPER.createParser(in)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new InvalidRequestException("users", "The users file must hold a JSON array of users");
            }
            long seq = 0;
            List<Entry> chunk = new ArrayList<>(CHUNK);
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new InvalidRequestException("users", "The users file ends before its array closes");
                }
                JsonNode node = ONE_VALUE.readTree(p);
                if (seq++ < job.processed()) {
                    continue;
                }
                chunk.add(new Entry(seq - 1, node));
                if (chunk.size() == CHUNK) {
                    if (closing.getAsBoolean()) {
                        throw new IllegalStateException("stopped by the shutdown");
                    }
                    flush(chunk, in.count());
                    chunk.clear();
                }
            }
            flush(chunk, in.count());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (tools.jackson.core.JacksonException e) {
            throw new InvalidRequestException("users", "The users file is not valid JSON after user " + processed + ": "
                    + e.getOriginalMessage());
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", file, e.toString());
        }
    }

    private void flush(List<Entry> chunk, long readBytes) {
        if (chunk.isEmpty()) {
            store.progress(job.id(), readBytes, processed, inserted, updated, failed);
            return;
        }
        long[] counts = {processed, inserted, updated, failed};
        try {
            unitOfWork.inTransaction(() -> {
                long[] c = counts.clone();
                for (Entry e : chunk) {
                    apply(e, c);
                }
                store.progress(job.id(), readBytes, c[0], c[1], c[2], c[3]);
                System.arraycopy(c, 0, counts, 0, 4);
                return null;
            });
        } catch (RuntimeException whole) {
            // replay one by one: a user that breaks the transaction (a race on a unique key) fails alone
            for (Entry e : chunk) {
                long[] c = counts.clone();
                try {
                    unitOfWork.inTransaction(() -> {
                        apply(e, c);
                        store.progress(job.id(), readBytes, c[0], c[1], c[2], c[3]);
                        return null;
                    });
                    System.arraycopy(c, 0, counts, 0, 4);
                } catch (RuntimeException single) {
                    counts[0]++;
                    counts[3]++;
                    long[] f = counts.clone();
                    unitOfWork.inTransaction(() -> {
                        store.addError(job.id(), e.seq(), asObject(e.user()), errors("UNEXPECTED", String.valueOf(single.getMessage()), ""));
                        store.progress(job.id(), readBytes, f[0], f[1], f[2], f[3]);
                        return null;
                    });
                }
            }
        }
        processed = counts[0];
        inserted = counts[1];
        updated = counts[2];
        failed = counts[3];
    }

    /** Imports one user; counts it in {@code c} = {processed, inserted, updated, failed}. */
    private void apply(Entry e, long[] c) {
        c[0]++;
        String problem = importUser(e.user(), c);
        if (problem != null) {
            c[3]++;
            store.addError(job.id(), e.seq(), asObject(e.user()), problem);
        }
    }

    /** Returns the errors JSON when the user cannot be imported, or null. */
    private String importUser(JsonNode node, long[] c) {
        if (!(node instanceof ObjectNode u)) {
            return errors("INVALID_FORMAT", "Each user must be a JSON object", "");
        }
        String email = Json.text(u, "email", null);
        if (email == null || email.isBlank()) {
            return errors("OBJECT_REQUIRED", "Missing required property: email", "email");
        }
        String mistyped = ImportedUsers.typeProblem(u);
        if (mistyped != null) {
            return mistyped;
        }
        if (u.has("password_hash") && u.has("custom_password_hash")) {
            return errors("CONFLICTING_PROPERTIES", "password_hash and custom_password_hash are mutually exclusive", "custom_password_hash");
        }
        Optional<String> hash = Optional.empty();
        if (u.has("password_hash")) {
            String h = Json.text(u, "password_hash", "");
            if (!h.matches("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
                return errors("INVALID_FORMAT", "password_hash must be a bcrypt hash ($2a$ or $2b$)", "password_hash");
            }
            hash = Optional.of(h);
        } else if (u.has("custom_password_hash")) {
            String problem = ImportedPasswordHasher.check(u.get("custom_password_hash"));
            if (problem != null) {
                return errors("INVALID_FORMAT", problem, "custom_password_hash");
            }
            hash = Optional.of(ImportedPasswordHasher.store((ObjectNode) u.get("custom_password_hash")));
        }
        String userId = Json.text(u, "user_id", null);
        if (userId != null) {
            userId = userId.startsWith("auth0|") ? userId.substring("auth0|".length()) : userId;
        }
        Optional<User> existing = users.byEmail(email.toLowerCase(java.util.Locale.ROOT)).stream()
                .filter(x -> x.connectionId().equals(connection.id())).findFirst();
        if (existing.isEmpty() && userId != null) {
            Optional<User> sameId = users.find("auth0|" + userId);
            if (sameId.isPresent()) {
                return errors("DUPLICATED_USER", "A user with this user_id already exists", "user_id");
            }
        }
        Memberships plan = new Memberships();
        String refused = plan.resolve(u.get(EXTENSION));
        if (refused != null) {
            return refused;
        }
        User user;
        try {
            if (existing.isPresent()) {
                if (!upsert) {
                    return errors("DUPLICATED_USER", "The user already exists and upsert is false", "email");
                }
                UserPatch patch = ImportedUsers.upsert(u);
                user = patch.isEmpty() ? existing.get() : users.update(existing.get().userId(), patch).orElseThrow();
                c[2]++;
            } else {
                user = users.createImported(ImportedUsers.newUser(u, connection.name(), Optional.ofNullable(userId)), hash);
                c[1]++;
            }
        } catch (InvalidRequestException | AlreadyExistsException ex) {
            return errors(ex instanceof AlreadyExistsException ? "DUPLICATED_USER" : "INVALID_FORMAT", ex.getMessage(),
                    ex instanceof InvalidRequestException ire && ire.field() != null ? ire.field() : "");
        }
        plan.apply(user.userId());
        return null;
    }

    /**
     * The {@code atrium} extension: tenant roles and organization memberships, by name or id,
     * resolved before the user is written so that a bad reference leaves no user behind.
     */
    private final class Memberships {
        private final List<String> roleIds = new ArrayList<>();
        private final List<Map.Entry<String, List<String>>> organizationRoles = new ArrayList<>();

        String resolve(JsonNode ext) {
            if (ext == null || ext.isNull()) {
                return null;
            }
            for (String r : Json.stringList(ext.get("roles"))) {
                Optional<String> id = role(r);
                if (id.isEmpty()) {
                    return errors("INVALID_REFERENCE", "No role " + r, EXTENSION + ".roles");
                }
                roleIds.add(id.get());
            }
            JsonNode orgs = ext.get("organizations");
            if (orgs != null && orgs.isArray()) {
                for (JsonNode o : orgs) {
                    String ref = Json.text(o, "organization", "");
                    if (!organizations.organizationExists(ref)) {
                        return errors("INVALID_REFERENCE", "No organization " + ref, EXTENSION + ".organizations");
                    }
                    List<String> orgRoles = new ArrayList<>();
                    for (String r : Json.stringList(o.get("roles"))) {
                        Optional<String> id = role(r);
                        if (id.isEmpty()) {
                            return errors("INVALID_REFERENCE", "No role " + r, EXTENSION + ".organizations.roles");
                        }
                        orgRoles.add(id.get());
                    }
                    organizationRoles.add(Map.entry(ref, orgRoles));
                }
            }
            return null;
        }

        void apply(String userId) {
            if (!roleIds.isEmpty()) {
                roles.assignRoles(userId, roleIds);
            }
            organizationRoles.forEach(e -> organizations.addMember(e.getKey(), userId, e.getValue()));
        }
    }

    private Optional<String> role(String nameOrId) {
        if (roles.find(nameOrId).isPresent()) {
            return Optional.of(nameOrId);
        }
        return roles.list(new RoleQuery(Optional.of(nameOrId), Optional.empty(), Optional.empty()), 0, 100).stream()
                .filter(r -> r.name().equals(nameOrId) && r.ownerId().isEmpty()).map(Role::id).findFirst();
    }

    private record Entry(long seq, JsonNode user) {
    }

    private static ObjectNode asObject(JsonNode n) {
        if (n instanceof ObjectNode o) {
            ObjectNode copy = o.deepCopy();
            // never keep a hash in the error list
            copy.remove("password_hash");
            copy.remove("custom_password_hash");
            return copy;
        }
        return Json.object().set("value", n);
    }

    static String errors(String code, String message, String path) {
        return Json.write(Json.array().add(Json.object().put("code", code).put("message", message).put("path", path)));
    }

    /** Counts the bytes the parser has pulled from the file, for the job's percentage. */
    private static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        long count() {
            return count;
        }
    }
}
