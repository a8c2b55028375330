package dev.atrium.email;

import tools.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Optional;

/** The tenant's overrides of e-mail templates, by Auth0 template name, as their Management API documents. */
public interface EmailTemplateStore {
    Optional<ObjectNode> find(String name);

    /** Creates or replaces (one row per name). */
    void save(String name, ObjectNode doc);

    Map<String, ObjectNode> all();
}
