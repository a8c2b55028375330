package dev.atrium.storage;

import dev.atrium.email.EmailTemplateStore;
import org.jdbi.v3.core.Jdbi;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@link EmailTemplateStore} over {@code email_templates}; a save is one MERGE. */
public final class JdbcEmailTemplateStore implements EmailTemplateStore {
    private final Jdbi jdbi;
    private final Clock clock;

    public JdbcEmailTemplateStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public Optional<ObjectNode> find(String name) {
        return jdbi.withHandle(h -> h.createQuery("select doc from email_templates where name = :n").bind("n", name)
                .mapTo(String.class).findOne().map(Docs::read));
    }

    @Override
    public void save(String name, ObjectNode doc) {
        jdbi.useHandle(h -> h.createUpdate("merge into email_templates t using (select cast(:n as varchar(64)) as name) s "
                        + "on t.name = s.name when matched then update set doc = :doc, updated_at = :now "
                        + "when not matched then insert (name, doc, updated_at) values (s.name, :doc, :now)")
                .bind("n", name).bind("doc", Docs.write(doc)).bind("now", SqlTime.of(clock.instant())).execute());
    }

    @Override
    public Map<String, ObjectNode> all() {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("select name, doc from email_templates order by name")
                .map((rs, ctx) -> Map.entry(rs.getString("name"), Docs.read(rs.getString("doc"))))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }
}
