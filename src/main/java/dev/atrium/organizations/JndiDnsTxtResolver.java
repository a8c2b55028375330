package dev.atrium.organizations;

import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

/**
 * {@link DnsTxtResolver} over the JDK's JNDI DNS provider ({@code com.sun.jndi.dns}) and the
 * system's resolvers. It fails closed: any error or timeout reads as "no records", so a domain is
 * never verified on a lookup that did not succeed.
 */
public final class JndiDnsTxtResolver implements DnsTxtResolver {
    @Override
    public List<String> txt(String host) {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(DirContext.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        env.put("com.sun.jndi.dns.timeout.initial", "2000");
        env.put("com.sun.jndi.dns.timeout.retries", "2");
        DirContext ctx = null;
        try {
            ctx = new InitialDirContext(env);
            Attributes attributes = ctx.getAttributes(host, new String[] {"TXT"});
            Attribute txt = attributes.get("TXT");
            List<String> out = new ArrayList<>();
            if (txt != null) {
                NamingEnumeration<?> values = txt.getAll();
                while (values.hasMore()) {
                    out.add(unquote(String.valueOf(values.next())));
                }
            }
            return out;
        } catch (NamingException | RuntimeException e) {
            return List.of();
        } finally {
            if (ctx != null) {
                try {
                    ctx.close();
                } catch (NamingException ignored) {
                    // nothing left to release
                }
            }
        }
    }

    /** JNDI returns a TXT record as its quoted character-strings ({@code "a" "b"}); DNS joins them. */
    static String unquote(String raw) {
        String s = raw.trim();
        if (!s.contains("\"")) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        boolean inQuotes = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                inQuotes = !inQuotes;
            } else if (c == '\\' && i + 1 < s.length()) {
                sb.append(s.charAt(++i));
            } else if (inQuotes) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
