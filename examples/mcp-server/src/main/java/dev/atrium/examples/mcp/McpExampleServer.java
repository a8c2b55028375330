package dev.atrium.examples.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A small MCP server protected by Atrium (issue 14, README "Connecting AI agents and MCP clients").
 *
 * <p>It speaks MCP over Streamable HTTP at {@code /mcp} with the MCP Java SDK and offers one tool, {@code whoami},
 * which answers the user, organization and scopes of the token the call came with. It publishes its RFC 9728
 * protected-resource metadata at {@code /.well-known/oauth-protected-resource/mcp} (and at the bare well-known path),
 * naming Atrium as its authorization server, and answers a call without a valid token {@code 401} with
 * {@code WWW-Authenticate: Bearer resource_metadata="…"} so that an MCP client discovers Atrium on its own.
 * {@link AtriumTokenCheck} checks each token (signature, {@code iss}, {@code aud}, scopes, {@code org_id}).
 *
 * <p>Run it with {@code mvn -B -q test-compile exec:java@mcp-example} and the system properties of {@link Settings#fromSystemProperties()}.
 */
public final class McpExampleServer implements AutoCloseable {
    /** The path of the MCP endpoint. */
    public static final String MCP_PATH = "/mcp";
    static final String CLAIMS = "atrium.token";

    /**
     * @param issuer          Atrium's issuer URL (with its trailing slash, as in the tokens)
     * @param host            the address to listen on
     * @param port            the port (0 for any free one)
     * @param publicBase      this server's public base URL, or null for {@code http://host:port}; the resource
     *                        identifier is this plus {@value #MCP_PATH} and must be an API identifier in Atrium
     * @param scopes          scopes every call needs
     * @param organizations   organizations served (empty: any)
     * @param requireOrganization whether tokens must carry {@code org_id}
     */
    public record Settings(String issuer, String host, int port, String publicBase, Set<String> scopes,
                           Set<String> organizations, boolean requireOrganization) {
        /**
         * {@code mcp.issuer} (required), {@code mcp.host} (127.0.0.1), {@code mcp.port} (8765), {@code mcp.publicBase},
         * {@code mcp.scopes} (space separated, default {@code read:notes}), {@code mcp.organizations} (space separated),
         * {@code mcp.requireOrganization} (true).
         */
        public static Settings fromSystemProperties() {
            String issuer = System.getProperty("mcp.issuer");
            if (issuer == null || issuer.isBlank()) {
                throw new IllegalArgumentException("set -Dmcp.issuer to Atrium's issuer, e.g. http://localhost:8080/");
            }
            return new Settings(issuer, System.getProperty("mcp.host", "127.0.0.1"), Integer.getInteger("mcp.port", 8765),
                    System.getProperty("mcp.publicBase"), words(System.getProperty("mcp.scopes", "read:notes")),
                    words(System.getProperty("mcp.organizations", "")),
                    Boolean.parseBoolean(System.getProperty("mcp.requireOrganization", "true")));
        }

        private static Set<String> words(String s) {
            Set<String> out = new LinkedHashSet<>(Arrays.asList(s.trim().split("\\s+")));
            out.remove("");
            return out;
        }
    }

    private final Settings settings;
    private final Server jetty;
    private final McpSyncServer mcp;
    private final String base;
    private final AtriumTokenCheck check;
    private final JsonMapper json = JsonMapper.builder().build();

    private McpExampleServer(Settings settings) throws Exception {
        this.settings = settings;
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        jetty.setHandler(context);
        jetty.start(); // binds the port, so that the resource identifier can name it
        base = settings.publicBase() != null ? strip(settings.publicBase())
                : "http://" + settings.host() + ":" + connector.getLocalPort();
        String issuer = settings.issuer().endsWith("/") ? settings.issuer() : settings.issuer() + "/";
        check = new AtriumTokenCheck(issuer, issuer + ".well-known/jwks.json", base + MCP_PATH, settings.scopes(),
                settings.requireOrganization(), settings.organizations());

        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(new JacksonMcpJsonMapper(json))
                .mcpEndpoint(MCP_PATH)
                .contextExtractor(request -> McpTransportContext.create(Map.of(CLAIMS, request.getAttribute(CLAIMS))))
                .build();
        mcp = McpServer.sync(transport)
                .serverInfo("atrium-example-notes", "1.0.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(whoami())
                .build();
        context.addServlet(new ServletHolder(metadataServlet()), "/.well-known/oauth-protected-resource/*");
        context.addServlet(new ServletHolder(metadataServlet()), "/.well-known/oauth-protected-resource");
        context.addFilter(new FilterHolder(tokenFilter()), MCP_PATH, EnumSet.allOf(jakarta.servlet.DispatcherType.class));
        ServletHolder mcpServlet = new ServletHolder(transport);
        mcpServlet.setAsyncSupported(true);
        context.addServlet(mcpServlet, MCP_PATH);
    }

    /** Starts a server with {@code settings}; the port is bound when this returns. */
    public static McpExampleServer start(Settings settings) throws Exception {
        return new McpExampleServer(settings);
    }

    public static void main(String[] args) throws Exception {
        McpExampleServer server = start(Settings.fromSystemProperties());
        System.out.println("MCP server at " + server.resource() + " (resource identifier: create an API with it in Atrium)");
        System.out.println("protected-resource metadata at " + server.metadataUrl());
        server.jetty.join();
    }

    /** The resource identifier: this server's MCP URL, which is the API identifier in Atrium and the tokens' {@code aud}. */
    public String resource() {
        return base + MCP_PATH;
    }

    /** Where the RFC 9728 document is published (the well-known suffix inserted before the path). */
    public String metadataUrl() {
        return base + "/.well-known/oauth-protected-resource" + MCP_PATH;
    }

    public AtriumTokenCheck tokenCheck() {
        return check;
    }

    /** The RFC 9728 document. */
    public ObjectNode metadata() {
        ObjectNode d = json.createObjectNode();
        d.put("resource", resource());
        d.putArray("authorization_servers").add(settings.issuer());
        var scopes = d.putArray("scopes_supported");
        settings.scopes().forEach(scopes::add);
        // MCP clients ask for the scopes listed here; offline_access gets them a refresh token from Atrium
        scopes.add("offline_access");
        d.putArray("bearer_methods_supported").add("header");
        d.put("resource_name", "Atrium example notes (MCP)");
        return d;
    }

    private HttpServlet metadataServlet() {
        return new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                String path = req.getPathInfo();
                if (path != null && !path.equals("/") && !path.equals(MCP_PATH)) {
                    resp.sendError(404);
                    return;
                }
                resp.setContentType("application/json");
                resp.setHeader("Access-Control-Allow-Origin", "*");
                resp.getOutputStream().write(json.writeValueAsBytes(metadata()));
            }
        };
    }

    private Filter tokenFilter() {
        return (request, response, chain) -> {
            HttpServletRequest req = (HttpServletRequest) request;
            HttpServletResponse resp = (HttpServletResponse) response;
            AtriumTokenCheck.Outcome outcome = check.check(req.getHeader("Authorization"));
            if (outcome instanceof AtriumTokenCheck.Outcome.Refused r) {
                refuse(resp, r);
                return;
            }
            req.setAttribute(CLAIMS, outcome);
            chain.doFilter(request, response);
        };
    }

    private void refuse(HttpServletResponse resp, AtriumTokenCheck.Outcome.Refused r) throws IOException {
        StringBuilder challenge = new StringBuilder("Bearer resource_metadata=\"" + metadataUrl() + "\"");
        if (r.error() != null) {
            challenge.append(", error=\"").append(r.error()).append("\", error_description=\"").append(r.description()).append('"');
        }
        if (r.status() == 403) {
            challenge.append(", scope=\"").append(String.join(" ", settings.scopes())).append('"');
        }
        resp.setStatus(r.status());
        resp.setHeader("WWW-Authenticate", challenge.toString());
        resp.setContentType("application/json");
        ObjectNode body = json.createObjectNode();
        body.put("error", r.error() == null ? "unauthorized" : r.error());
        body.put("error_description", r.description() == null ? "an access token from " + settings.issuer() + " is needed" : r.description());
        resp.getOutputStream().write(json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
    }

    private static McpServerFeatures.SyncToolSpecification whoami() {
        McpSchema.Tool tool = McpSchema.Tool.builder().name("whoami").title("Who am I")
                .description("The user, organization and scopes of the access token this call came with")
                .inputSchema(Map.of("type", "object", "properties", Map.of()))
                .build();
        return McpServerFeatures.SyncToolSpecification.builder().tool(tool).callHandler((exchange, call) -> {
            Object claims = exchange.transportContext().get(CLAIMS);
            if (!(claims instanceof AtriumTokenCheck.Outcome.Allowed a)) {
                return McpSchema.CallToolResult.builder().isError(true).addTextContent("no checked token").build();
            }
            return McpSchema.CallToolResult.builder()
                    .addTextContent("user " + a.subject() + " in organization " + a.organization() + " with scopes "
                            + String.join(" ", new java.util.TreeSet<>(a.scopes())))
                    .structuredContent(Map.of("sub", a.subject(), "org_id", a.organization() == null ? "" : a.organization(),
                            "scope", String.join(" ", new java.util.TreeSet<>(a.scopes()))))
                    .build();
        }).build();
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public void close() throws Exception {
        mcp.closeGracefully();
        jetty.stop();
    }
}
