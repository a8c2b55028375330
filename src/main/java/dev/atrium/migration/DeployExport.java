package dev.atrium.migration;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A tenant as Auth0's Deploy CLI exports it, in either of its formats: a directory
 * ({@code tenant.json}, {@code clients/*.json}, {@code resource-servers/*.json}, {@code grants/*.json},
 * {@code database-connections/NAME/database.json}, {@code connections/*.json}, {@code roles/*.json},
 * {@code organizations/*.json}) or one YAML file ({@code tenant:}, {@code clients:},
 * {@code resourceServers:}, {@code clientGrants:}, {@code databases:}, {@code connections:},
 * {@code roles:}, {@code organizations:}). References between objects are by name, as the Deploy CLI
 * writes them (grants, connections and organizations name their clients). Sections Atrium has no
 * counterpart for are kept as names in {@link #unsupported} so the import can report them.
 */
public record DeployExport(ObjectNode tenant, List<ObjectNode> clients, List<ObjectNode> resourceServers,
                           List<ObjectNode> clientGrants, List<ObjectNode> databases, List<ObjectNode> connections,
                           List<ObjectNode> roles, List<ObjectNode> organizations, List<String> unsupported) {

    /** Directory sections and YAML keys read here; every other one is reported as not carried over. */
    static final Map<String, String> YAML_KEYS = Map.of("tenant", "tenant", "clients", "clients",
            "resourceServers", "resource-servers", "clientGrants", "grants", "databases", "database-connections",
            "connections", "connections", "roles", "roles", "organizations", "organizations", "branding", "branding");

    /** Reads {@code path}: a directory export, that directory packed as a {@code .zip}, or a {@code .yaml}/{@code .yml} file. */
    public static DeployExport read(Path path) {
        if (Files.isDirectory(path)) {
            return readDirectory(path);
        }
        if (Files.isRegularFile(path) && ZippedExport.isZip(path)) {
            return ZippedExport.read(path);
        }
        if (Files.isRegularFile(path)) {
            return readYaml(path);
        }
        throw new InvalidRequestException("path", "No Deploy CLI export at " + path + " (expected a directory, a .zip of one, or a tenant.yaml file)");
    }

    static DeployExport readYaml(Path file) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(file.toFile());
        } catch (JacksonException e) {
            throw new InvalidRequestException("yaml", file.getFileName() + ": not valid YAML: " + firstLine(e.getOriginalMessage()));
        }
        if (!(root instanceof ObjectNode doc)) {
            throw new InvalidRequestException("yaml", file.getFileName() + ": expected a mapping of sections at the top level");
        }
        List<String> unsupported = new ArrayList<>();
        for (String key : doc.propertyNames()) {
            if (!YAML_KEYS.containsKey(key) && !doc.get(key).isNull() && !(doc.get(key).isArray() && doc.get(key).isEmpty())) {
                unsupported.add(key);
            }
        }
        ObjectNode tenant = object(doc.get("tenant"), "tenant");
        brandingInto(tenant, doc.get("branding"), unsupported);
        return new DeployExport(tenant, list(doc, "clients"), list(doc, "resourceServers"),
                list(doc, "clientGrants"), list(doc, "databases"), list(doc, "connections"), list(doc, "roles"),
                list(doc, "organizations"), unsupported);
    }

    static DeployExport readDirectory(Path dir) {
        List<String> unsupported = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted()
                    .filter(n -> !YAML_KEYS.containsValue(n) && !n.startsWith("."))
                    .forEach(unsupported::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path tenantFile = dir.resolve("tenant.json");
        ObjectNode tenant = Files.isRegularFile(tenantFile) ? readJson(tenantFile) : Json.object();
        Path brandingFile = dir.resolve("branding").resolve("branding.json");
        if (Files.isRegularFile(brandingFile)) {
            brandingInto(tenant, readJson(brandingFile), unsupported);
        }
        List<ObjectNode> databases = new ArrayList<>();
        Path dbs = dir.resolve("database-connections");
        if (Files.isDirectory(dbs)) {
            for (Path sub : sorted(dbs, true)) {
                Path meta = sub.resolve("database.json");
                if (Files.isRegularFile(meta)) {
                    databases.add(readJson(meta));
                }
            }
        }
        return new DeployExport(tenant, jsonFiles(dir.resolve("clients")), jsonFiles(dir.resolve("resource-servers")),
                jsonFiles(dir.resolve("grants")), databases, jsonFiles(dir.resolve("connections")),
                jsonFiles(dir.resolve("roles")), jsonFiles(dir.resolve("organizations")), unsupported);
    }

    /**
     * The tenant's branding, which Atrium keeps in its tenant settings: the logo and the two colours the
     * hosted pages use. Everything else of Auth0's branding (fonts, favicon, page templates) is listed as
     * not carried over.
     */
    private static void brandingInto(ObjectNode tenant, JsonNode branding, List<String> unsupported) {
        if (!(branding instanceof ObjectNode b)) {
            return;
        }
        ObjectNode kept = tenant.get("branding") instanceof ObjectNode t ? t : Json.object();
        for (String key : b.propertyNames()) {
            JsonNode v = b.get(key);
            if (key.equals("logo_url")) {
                kept.set(key, v);
            } else if (key.equals("colors") && v instanceof ObjectNode colors) {
                ObjectNode keptColors = kept.get("colors") instanceof ObjectNode c ? c : Json.object();
                for (String c : colors.propertyNames()) {
                    if (c.equals("primary") || c.equals("page_background")) {
                        keptColors.set(c, colors.get(c));
                    } else {
                        unsupported.add("branding.colors." + c);
                    }
                }
                kept.set("colors", keptColors);
            } else {
                unsupported.add("branding." + key);
            }
        }
        if (!kept.isEmpty()) {
            tenant.set("branding", kept);
        }
    }

    /** The number of objects in the export (tenant settings count as one). */
    public int size() {
        return (tenant.isEmpty() ? 0 : 1) + clients.size() + resourceServers.size() + clientGrants.size() + databases.size()
                + connections.size() + roles.size() + organizations.size();
    }

    private static List<ObjectNode> jsonFiles(Path folder) {
        List<ObjectNode> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        for (Path f : sorted(folder, false)) {
            if (f.getFileName().toString().endsWith(".json")) {
                ObjectNode o = readJson(f);
                if (!o.isEmpty()) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    private static List<Path> sorted(Path folder, boolean directories) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> directories ? Files.isDirectory(p) : Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode readJson(Path f) {
        try {
            JsonNode n = Json.MAPPER.readTree(f.toFile());
            if (n instanceof ObjectNode o) {
                return o;
            }
        } catch (JacksonException e) {
            throw new InvalidRequestException("json", f.getParent().getFileName() + "/" + f.getFileName()
                    + ": not valid JSON: " + firstLine(e.getOriginalMessage()));
        }
        throw new InvalidRequestException("json", f.getParent().getFileName() + "/" + f.getFileName() + ": expected a JSON object");
    }

    private static ObjectNode object(JsonNode n, String what) {
        if (n == null || n.isNull()) {
            return Json.object();
        }
        if (n instanceof ObjectNode o) {
            return o;
        }
        throw new InvalidRequestException(what, what + ": expected a mapping");
    }

    private static List<ObjectNode> list(ObjectNode doc, String key) {
        JsonNode n = doc.get(key);
        List<ObjectNode> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!(n instanceof ArrayNode a)) {
            throw new InvalidRequestException(key, key + ": expected a list");
        }
        int i = 0;
        for (JsonNode item : a) {
            if (!(item instanceof ObjectNode o)) {
                throw new InvalidRequestException(key, key + "[" + i + "]: expected a mapping");
            }
            out.add(o);
            i++;
        }
        return out;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
