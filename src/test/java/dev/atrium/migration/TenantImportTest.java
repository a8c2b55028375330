package dev.atrium.migration;

import dev.atrium.common.Json;
import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 16: a realistic Deploy CLI export, in the directory format and in the YAML format, imported
 * into an empty Atrium; every object is read back through the Management API and compared with the
 * export; a second import changes nothing; a dry run and a broken export write nothing.
 */
class TenantImportTest {
    static final Path DIRECTORY = Path.of("src/test/resources/auth0-export/directory");
    static final Path YAML = Path.of("src/test/resources/auth0-export/tenant.yaml");

    @RegisterExtension
    static final TestAtrium fromDirectory = new TestAtrium();
    @RegisterExtension
    static final TestAtrium fromYaml = new TestAtrium();
    @RegisterExtension
    static final TestAtrium scratch = new TestAtrium();

    @Test
    void directoryExportImportsEveryObjectAndASecondRunChangesNothing() {
        importsAndReadsBack(fromDirectory, DeployExport.read(DIRECTORY));
    }

    @Test
    void yamlExportImportsEveryObjectAndASecondRunChangesNothing() {
        importsAndReadsBack(fromYaml, DeployExport.read(YAML));
    }

    @Test
    void bothFormatsReadTheSameObjects() {
        DeployExport dir = DeployExport.read(DIRECTORY);
        DeployExport yaml = DeployExport.read(YAML);
        assertThat(yaml.size()).isEqualTo(dir.size()).isEqualTo(1 + 4 + 2 + 3 + 2 + 1 + 2 + 2);
        assertThat(yaml.clients()).containsExactlyInAnyOrderElementsOf(dir.clients());
        assertThat(yaml.organizations()).containsExactlyInAnyOrderElementsOf(dir.organizations());
        assertThat(dir.unsupported()).containsExactly("actions", "emails", "branding.font");
        assertThat(yaml.unsupported()).containsExactly("actions", "emailTemplates", "branding.font");
        assertThat(yaml.tenant()).isEqualTo(dir.tenant());
    }

    @Test
    void theDirectoryExportPackedAsAZipReadsTheSameObjectsAtTheRootOrInOneFolder(@TempDir Path tmp) throws IOException {
        DeployExport dir = DeployExport.read(DIRECTORY);
        for (String prefix : new String[]{"", "export/"}) {
            Path zip = ExportZips.zip(DIRECTORY, tmp.resolve("export-" + prefix.length() + ".zip"), prefix);
            DeployExport zipped = DeployExport.read(zip);
            assertThat(zipped.size()).isEqualTo(dir.size());
            assertThat(zipped.clients()).containsExactlyElementsOf(dir.clients());
            assertThat(zipped.organizations()).containsExactlyElementsOf(dir.organizations());
            assertThat(zipped.unsupported()).containsExactlyElementsOf(dir.unsupported());
            assertThat(zipped.tenant()).isEqualTo(dir.tenant());
        }
        // nothing unpacked is left behind
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).allMatch(n -> n.endsWith(".zip"));
        }
    }

    @Test
    void zipEntriesThatLeaveTheArchiveOrUnpackTooLargeAreRefusedAndNothingLandsOutside(@TempDir Path tmp) throws IOException {
        Path inner = Files.createDirectories(tmp.resolve("upload"));
        for (String name : new String[]{"../escaped.json", "clients/../../escaped.json", "/tmp/escaped.json", "C:/escaped.json",
                "clients\\..\\..\\escaped.json"}) {
            Path zip = inner.resolve("evil.zip");
            try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
                out.putNextEntry(new java.util.zip.ZipEntry("tenant.json"));
                out.write("{}".getBytes());
                out.putNextEntry(new java.util.zip.ZipEntry(name));
                out.write("{\"name\":\"x\"}".getBytes());
            }
            assertThatThrownBy(() -> DeployExport.read(zip)).as(name)
                    .isInstanceOf(dev.atrium.common.InvalidRequestException.class)
                    .hasMessageStartingWith("evil.zip: entry \"" + name + "\"");
            assertThat(tmp.resolve("escaped.json")).doesNotExist();
            assertThat(Path.of("/tmp/escaped.json")).doesNotExist();
        }
        // a small archive that unpacks to more than the limit: counted as it unpacks, refused, removed
        Path bomb = inner.resolve("bomb.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(bomb))) {
            out.putNextEntry(new java.util.zip.ZipEntry("clients/big.json"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 65; i++) {
                out.write(zeros);
            }
        }
        assertThat(Files.size(bomb)).isLessThan(1 << 20);
        assertThatThrownBy(() -> DeployExport.read(bomb)).hasMessage("bomb.zip: more than 64 MiB once unpacked");
        Path notZip = Files.write(inner.resolve("broken.zip"), new byte[]{'P', 'K', 3, 4, 0, 0, 9});
        assertThatThrownBy(() -> DeployExport.read(notZip)).hasMessageStartingWith("broken.zip: ");
        try (Stream<Path> left = Files.list(inner)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("evil.zip", "bomb.zip", "broken.zip");
        }
    }

    @Test
    void aBrokenLastObjectWritesNothing(@TempDir Path tmp) throws IOException {
        Path copy = copyTree(DIRECTORY, tmp.resolve("export"));
        // sorted last: an organization whose name the Management API refuses
        Files.writeString(copy.resolve("organizations/zz-broken.json"), "{\"name\": \"Not A Valid Name!\"}");
        String before = snapshot(scratch);
        assertThatThrownBy(() -> importer(scratch).run(DeployExport.read(copy), false))
                .isInstanceOf(ImportException.class)
                .hasMessageStartingWith("organizations/Not A Valid Name!: ");
        assertThat(snapshot(scratch)).isEqualTo(before);
        assertThat(names(scratch, "/clients")).doesNotContain("Acme Web");
    }

    @Test
    void aDryRunReportsWhatItWouldDoAndWritesNothing() {
        String before = snapshot(scratch);
        ImportReport report = importer(scratch).run(DeployExport.read(YAML), true);
        assertThat(report.dryRun()).isTrue();
        assertThat(report.count(ImportReport.Action.CREATE)).isGreaterThanOrEqualTo(15);
        assertThat(report.render()).contains("create    client Acme Web (id kept)", "Dry run: nothing was written",
                "actions: no counterpart in Atrium");
        assertThat(snapshot(scratch)).isEqualTo(before);
    }

    @Test
    void malformedYamlIsRefusedWithTheFileName(@TempDir Path tmp) throws IOException {
        Path bad = tmp.resolve("tenant.yaml");
        Files.writeString(bad, "clients:\n  - name: [unclosed\n");
        assertThatThrownBy(() -> DeployExport.read(bad)).hasMessageContaining("tenant.yaml: not valid YAML");
    }

    static void importsAndReadsBack(TestAtrium atrium, DeployExport export) {
        ImportReport first = importer(atrium).run(export, false);
        assertThat(first.lines()).filteredOn(l -> l.action() == ImportReport.Action.SKIP).isEmpty();
        // confidential applications get new secrets, listed once; the public SPA gets none
        assertThat(first.secrets()).extracting(ImportReport.Secret::clientName)
                .containsExactlyInAnyOrder("Acme Web", "Orders Worker", "Partner Portal");
        assertThat(first.notCarriedOver()).anyMatch(s -> s.contains("customScripts"))
                .anyMatch(s -> s.contains("globex.example was verified"))
                .anyMatch(s -> s.contains("tenant: properties sandbox_version"));

        // applications: the first-party Auth0 id is kept, the third-party one is new (X29)
        JsonNode web = byName(atrium, "/clients", "Acme Web");
        assertThat(web.get("client_id").asString()).isEqualTo("AcmeWeb0123456789abcdefghijklmno");
        JsonNode partner = byName(atrium, "/clients", "Partner Portal");
        assertThat(partner.get("client_id").asString()).startsWith("tpc_").isNotEqualTo("tpc_Partner0123456789abcdefghijklm");
        assertThat(partner.get("is_first_party").asBoolean()).isFalse();
        for (ObjectNode c : export.clients()) {
            assertCarried(c, byName(atrium, "/clients", c.get("name").asString()), first,
                    Set.of("client_id", "callback_url_template", "native_social_login", "sso_disabled"));
            // the secret listed works at the token endpoint
        }
        ImportReport.Secret worker = first.secrets().stream().filter(s -> s.clientName().equals("Orders Worker")).findFirst().orElseThrow();
        TestAtrium.Response token = atrium.clientCredentials(worker.clientId(), worker.secret(), "https://api.acme.example/orders", "read:orders");
        assertThat(token.status()).as(token.toString()).isEqualTo(200);

        for (ObjectNode api : export.resourceServers()) {
            assertCarried(api, byName(atrium, "/resource-servers", api.get("name").asString()), first, Set.of());
        }
        JsonNode grants = atrium.mgmt("GET", "/client-grants", null).json();
        assertThat(grants).anySatisfy(g -> {
            assertThat(g.path("client_id").asString()).isEqualTo(worker.clientId());
            assertThat(Json.stringList(g.get("scope"))).containsExactly("read:orders", "write:orders");
            assertThat(g.get("organization_usage").asString()).isEqualTo("allow");
        });
        assertThat(grants).anySatisfy(g -> {
            assertThat(g.path("default_for").asString()).isEqualTo("third_party_clients");
            assertThat(g.get("audience").asString()).isEqualTo("https://api.acme.example/billing");
        });

        JsonNode customers = atrium.mgmt("GET", "/connections?name=customers", null).json().get(0);
        assertThat(customers.get("strategy").asString()).isEqualTo("auth0");
        assertThat(customers.at("/options/passwordPolicy").asString()).isEqualTo("good");
        assertThat(customers.at("/options").has("customScripts")).isFalse();
        assertThat(Json.stringList(customers.get("enabled_clients"))).contains(web.get("client_id").asString(),
                byName(atrium, "/clients", "Acme SPA").get("client_id").asString());
        assertThat(names(atrium, "/connections")).contains("google-oauth2", "Username-Password-Authentication");

        JsonNode admin = byName(atrium, "/roles", "Admin");
        assertThat(admin.get("description").asString()).isEqualTo("Manages orders");
        JsonNode perms = atrium.mgmt("GET", "/roles/" + admin.get("id").asString() + "/permissions", null).json();
        assertThat(perms).extracting(p -> p.get("permission_name").asString()).containsExactlyInAnyOrder("read:orders", "write:orders");

        JsonNode globex = atrium.mgmt("GET", "/organizations/name/globex", null).json();
        assertThat(globex.get("id").asString()).isEqualTo("org_Globex0123456789");
        assertCarried(export.organizations().stream().filter(o -> o.get("name").asString().equals("globex")).findFirst().orElseThrow(),
                globex, first, Set.of("id", "connections", "client_grants", "discovery_domains"));
        JsonNode globexConnections = atrium.mgmt("GET", "/organizations/org_Globex0123456789/enabled_connections", null).json();
        assertThat(globexConnections).singleElement().satisfies(c -> {
            assertThat(c.at("/connection/name").asString()).isEqualTo("customers");
            assertThat(c.get("show_as_button").asBoolean()).isTrue();
        });
        JsonNode globexGrants = atrium.mgmt("GET", "/organizations/org_Globex0123456789/client-grants", null).json();
        assertThat(globexGrants).singleElement().satisfies(g -> assertThat(g.get("client_id").asString()).isEqualTo(worker.clientId()));
        String initech = atrium.mgmt("GET", "/organizations/name/initech", null).json().get("id").asString();
        assertThat(atrium.mgmt("GET", "/organizations/" + initech + "/enabled_connections", null).json()).hasSize(2);

        JsonNode settings = atrium.mgmt("GET", "/tenants/settings", null).json();
        assertThat(settings.get("friendly_name").asString()).isEqualTo("Acme Corp");
        assertThat(settings.get("default_directory").asString()).isEqualTo("customers");
        assertThat(settings.at("/branding/logo_url").asString()).isEqualTo("https://acme.example/logo.png");
        assertThat(settings.at("/branding/colors/primary").asString()).isEqualTo("#112233");

        // idempotent: the second run finds everything equal and changes nothing
        String before = snapshot(atrium);
        ImportReport second = importer(atrium).run(export, false);
        assertThat(second.lines()).filteredOn(l -> l.action() != ImportReport.Action.UNCHANGED).isEmpty();
        assertThat(second.noChanges()).isTrue();
        assertThat(second.secrets()).isEmpty();
        assertThat(snapshot(atrium)).isEqualTo(before);
    }

    /** Every property of the export that the report does not list as not carried over reads back equal. */
    private static void assertCarried(ObjectNode exported, JsonNode actual, ImportReport report, Set<String> skip) {
        for (String name : exported.propertyNames()) {
            if (skip.contains(name) || report.notCarriedOver().stream().anyMatch(n -> n.contains(" " + name)
                    && n.contains("/" + Json.text(exported, "name", "?") + ":"))) {
                continue;
            }
            assertThat(Diff.same(actual.get(name), exported.get(name)))
                    .as("%s.%s: exported %s, read back %s", Json.text(exported, "name", "?"), name, exported.get(name), actual.get(name))
                    .isTrue();
        }
    }

    static TenantImporter importer(TestAtrium atrium) {
        return atrium.server().migration().tenantImporter();
    }

    private static JsonNode byName(TestAtrium atrium, String path, String name) {
        JsonNode list = atrium.mgmt("GET", path, null).json();
        for (JsonNode n : list) {
            if (name.equals(n.path("name").asString())) {
                return n;
            }
        }
        throw new AssertionError(name + " not found in " + path + ": " + list);
    }

    private static List<String> names(TestAtrium atrium, String path) {
        List<String> out = new ArrayList<>();
        atrium.mgmt("GET", path, null).json().forEach(n -> out.add(n.path("name").asString()));
        return out;
    }

    /** The Management API's view of everything the import touches, minus timestamps. */
    static String snapshot(TestAtrium atrium) {
        StringBuilder sb = new StringBuilder();
        for (String path : List.of("/clients", "/resource-servers", "/client-grants", "/connections",
                "/roles", "/organizations", "/tenants/settings")) {
            TestAtrium.Response r = atrium.mgmt("GET", path, null);
            assertThat(r.status()).as(path).isEqualTo(200);
            sb.append(path).append(' ').append(r.body().replaceAll("\"updated_at\":\"[^\"]*\"", ""))
                    .append('\n');
        }
        return sb.toString();
    }

    static Path copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }
}
